import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { addDiscoveryOptions } from './discovery-flags.js';
import { LamaCommand, addPrometheusOption, collect, hostPort, intArg } from './options.js';

function capacityArg(value: string, previous: Record<string, number> = {}): Record<string, number> {
  const m = /^([A-Za-z][A-Za-z0-9_]*)=([0-9.]+)$/.exec(value);
  if (!m || !Number.isFinite(Number(m[2]))) throw new InvalidArgumentError(`'${value}' is not NAME=NUMBER (e.g. networkMbps=100)`);
  return { ...previous, [m[1]]: Number(m[2]) };
}

function jsonArg(what: string) {
  return (value: string, previous: unknown[] = []): unknown[] => {
    try {
      return [...previous, JSON.parse(value)];
    } catch {
      throw new InvalidArgumentError(`'${value}' is not JSON (${what})`);
    }
  };
}

/** `lama agent`: the ordinary agent (node daemon). */
export function agentCommand(): Command {
  const cmd = new LamaCommand('agent')
    .description('run the ordinary agent: join the pool, measure the node, serve Status/Start/Stop/Set over its adapters')
    .option('--config <file>', 'JSON or YAML config; flags override its keys')
    .option('--name <node>', "the node's name")
    .option('--credential <file>', "credential with role 'agent'")
    .option('--listen <host:port>', 'control API address (port 0 picks one)', hostPort)
    .option('--advertise-host <host>', 'host to register when listening on 0.0.0.0')
    .option('--lease-ms <n>', 'requested lease duration', intArg(100))
    .option('--capacity <name=number>', 'declared capacity, e.g. networkMbps=100 (repeatable)', capacityArg)
    .option('--metrics-interval-ms <n>', 'sampling interval of the node metrics', intArg(100))
    .option('--metrics-interface <name>', 'network interface to report (repeatable; default: all)', collect)
    .option('--metrics-disk <path>', 'file system to report (repeatable; default: /)', collect)
    .option('--adapter <json>', 'an adapter, as JSON {"name","module","options","autostart"} (repeatable)', jsonArg('an adapter'))
    .option('--attribute <json>', 'an extra attribute entry, as JSON {"type","fields"} (repeatable)', jsonArg('an attribute entry'))
    .option('--state-dir <dir>', 'where adapters keep runtime files, the life cycle, the site cache and the process-group ledger')
    .option('--deploy-root <dir>', "deployed sites' local paths are taken under this directory (default /)")
    .option('--deploy-allowed-root <dir>', 'where the mapper may write when deploying (repeatable; default: the deploy root)', collect)
    .option('--deploy-cache-limit-bytes <n>', 'bytes the node cache of site objects may hold', intArg(1))
    .option('--log-level <level>', 'trace, debug, info, warn, error or silent');
  addDiscoveryOptions(cmd);
  addPrometheusOption(cmd);
  return cmd.action(async () => {
    // Before the agent's modules load: their start-up code is not worth optimizing (see the module).
    const { deferOptimizingCompiler } = await import('../daemon/start-up-compiler.js');
    deferOptimizingCompiler();
    const { runAgent } = await import('./agent-action.js');
    await runAgent(cmd);
  });
}
