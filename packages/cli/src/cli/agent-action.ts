import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { Agent, MetricsSampler, parseAgentConfig, readConfigFile } from '@lama/agent/daemon';
import { loadCredential } from '@lama/lookup';
import { createLogger } from '../daemon/logger.js';
import { servePrometheus } from '../daemon/prometheus.js';
import { onShutdown } from '../daemon/shutdown.js';
import { optimizeFromNowOn } from '../daemon/start-up-compiler.js';
import { MULTICAST_FLAGS, flagsToConfig, mergeConfig } from './config-flags.js';

/** Runs `lama agent` with the flags parsed into cmd. */
export async function runAgent(cmd: Command): Promise<void> {
  const o = cmd.opts<{ config?: string }>();
  const configPath = o.config ? resolve(o.config) : undefined;
  const file = configPath ? await readConfigFile(configPath) : {};
  const flags = flagsToConfig(cmd, [
    ['name', 'name'], ['credential', 'credential'], ['group', 'groups'], ['lookup', 'lookups'], ['listen', 'listen'], ['advertiseHost', 'advertiseHost'],
    ['leaseMs', 'leaseMs'], ['capacity', 'capacity'], ['adapter', 'adapters'], ['attribute', 'attributes'], ['stateDir', 'stateDir'], ['logLevel', 'logLevel'],
  ], {
    multicast: MULTICAST_FLAGS,
    metrics: [['metricsIntervalMs', 'intervalMs'], ['metricsInterface', 'interfaces'], ['metricsDisk', 'disks']],
    prometheus: [['prometheus', 'listen']],
    deploy: [['deployRoot', 'root'], ['deployAllowedRoot', 'allowedRoots'], ['deployCacheLimitBytes', 'cacheLimitBytes']],
  });
  const config = parseAgentConfig(mergeConfig(file, flags), configPath ?? 'flags');
  const configDir = configPath ? dirname(configPath) : process.cwd();
  const log = createLogger('lama-agent', config.logLevel);
  const credential = loadCredential(resolve(configDir, config.credential));
  // An adapter bug must never take the node's agent down.
  process.on('unhandledRejection', (err) => log.error({ err: err instanceof Error ? err.message : String(err) }, 'unhandled rejection (ignored)'));
  process.on('uncaughtException', (err) => log.error({ err: err.message, stack: err.stack }, 'uncaught exception (ignored)'));
  const metrics = new MetricsSampler({ intervalMs: config.metrics.intervalMs, interfaces: config.metrics.interfaces, disks: config.metrics.disks });
  metrics.on('error', (err) => log.warn({ err: err.message }, 'metrics sample failed'));
  const agent = new Agent({ config, credential, configDir, metrics, log });
  agent.on('adapterState', (adapter, state, previous, message) => log.info({ adapter, state, previous, message: message || undefined }, 'adapter state'));
  agent.on('rejected', (method, err) => log.warn({ method, err: err.message }, 'call rejected'));
  const prometheus = await servePrometheus(config.prometheus?.listen, '--prometheus / prometheus.listen', log, async (registry) => {
    const { registerAgentMetrics } = await import('@lama/agent/prometheus');
    registerAgentMetrics(registry, agent);
  });
  onShutdown(log, async () => {
    await agent.stop();
    await prometheus?.stop();
  });
  await agent.start();
  // Started: from here on, what is hot is the agent's work.
  optimizeFromNowOn();
  log.info({ node: config.name, endpoint: agent.endpoint, adapters: agent.adapterNames(), serviceId: agent.serviceId, stateDir: agent.stateDir }, 'agent running');
}
