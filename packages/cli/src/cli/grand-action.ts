import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { readConfigFile } from '@lama/agent';
import { loadCredential, toB64u } from '@lama/lookup';
import { GrandAgent, parseGrandConfig } from '@lama/grand-agent';
import { createLogger } from '../daemon/logger.js';
import { servePrometheus } from '../daemon/prometheus.js';
import { onShutdown } from '../daemon/shutdown.js';
import { MULTICAST_FLAGS, flagsToConfig, mergeConfig } from './config-flags.js';

/** Runs `lama grand` with the flags parsed into cmd. */
export async function runGrand(cmd: Command): Promise<void> {
  const o = cmd.opts<{ config?: string }>();
  const configPath = o.config ? resolve(o.config) : undefined;
  const file = configPath ? await readConfigFile(configPath) : {};
  const flags = flagsToConfig(cmd, [
    ['name', 'name'], ['credential', 'credential'], ['listen', 'listen'], ['advertiseHost', 'advertiseHost'], ['embeddedLookup', 'embeddedLookup'],
    ['group', 'groups'], ['lookup', 'lookups'], ['maxLeaseMs', 'maxLeaseMs'], ['announceIntervalMs', 'announceIntervalMs'], ['leaseMs', 'leaseMs'],
    ['service', 'services'], ['logLevel', 'logLevel'], ['stateDir', 'stateDir'],
  ], {
    multicast: MULTICAST_FLAGS,
    monitor: [['monitorIntervalMs', 'intervalMs'], ['monitorMinIntervalMs', 'minIntervalMs'], ['historySamples', 'historySamples']],
    prometheus: [['prometheus', 'listen']],
    deploy: [['storeUrl', 'storeUrl'], ['cacheGroup', 'cacheGroup'], ['cacheInterface', 'cacheInterface'], ['deployTimeoutMs', 'timeoutMs']],
    alerts: [['webhook', 'webhooks'], ['partitionWindowMs', 'partitionWindowMs'], ['partitionShare', 'partitionShare'], ['partitionMinNodes', 'partitionMinNodes'], ['partitionHoldMs', 'partitionHoldMs'], ['alertSettleMs', 'settleMs'], ['nodeLeaseMs', 'nodeLeaseMs']],
  });
  const config = parseGrandConfig(mergeConfig(file, flags), configPath ?? 'flags');
  const configDir = configPath ? dirname(configPath) : process.cwd();
  const log = createLogger('lama-grand', config.logLevel);
  const credential = loadCredential(resolve(configDir, config.credential));
  const grand = new GrandAgent({ config: { ...config, ...(config.stateDir && { stateDir: resolve(configDir, config.stateDir) }) }, credential, log });
  const prometheus = await servePrometheus(config.prometheus?.listen, '--prometheus / prometheus.listen', log, async (registry) => {
    const [{ registerGrandMetrics }, { registerLookupMetrics }] = await Promise.all([import('@lama/grand-agent/prometheus'), import('@lama/lookup/prometheus')]);
    registerGrandMetrics(registry, grand);
    if (config.embeddedLookup) registerLookupMetrics(registry, () => grand.embeddedLookup);
  });
  onShutdown(log, async () => {
    await grand.stop();
    await prometheus?.stop();
  });
  await grand.start();
  log.info({
    name: credential.certificate.name, endpoint: grand.endpoint, embeddedLookup: config.embeddedLookup, pool: toB64u(credential.poolPublicKey),
    services: config.services.map((s) => `${s.name} (role ${s.allocator.role}, ${s.allocator.metric}, ${s.predictor.kind}${s.allocator.dryRun ? ', dry run' : ''})`),
    webhooks: config.alerts.webhooks.length,
    deploy: { storeUrl: config.deploy.storeUrl, cacheGroup: config.deploy.cacheGroup ?? 'none (every node fetches from the store)' },
  }, 'grand agent running');
}
