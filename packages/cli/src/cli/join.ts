import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { Entry } from '@lama/lookup';
import { addDiscoveryOptions } from './discovery-flags.js';
import type { JoinFlags } from './join-action.js';
import { LamaCommand, collect, hostPort, intArg } from './options.js';

/** Parses TYPE:key=value,key=value. */
function entryArg(value: string, previous: Entry[] = []): Entry[] {
  const m = /^([A-Za-z_][A-Za-z0-9_.-]*):(.*)$/.exec(value);
  if (!m) throw new InvalidArgumentError(`'${value}' is not TYPE:key=value,...`);
  const fields: Record<string, string> = {};
  for (const pair of m[2] ? m[2].split(',') : []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new InvalidArgumentError(`'${pair}' in '${value}' is not key=value`);
    fields[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return [...previous, { type: m[1], fields }];
}

/** `lama join`: keep a service item registered with every lookup service of the groups. */
export function joinCommand(): Command {
  const cmd = new LamaCommand('join')
    .description('register a service item with every discovered lookup service and keep its leases alive until stopped (SIGTERM cancels them)')
    .requiredOption('--credential <file>', "credential with role 'agent' (the item is bound to its name)")
    .option('--name <name>', 'lama.Name of the item (default: the credential name)')
    .option('--role <role>', 'a role the service plays (repeatable)', collect)
    .option('--endpoint <host:port>', 'where the service answers', hostPort)
    .option('--type <name>', 'service type the item implements (repeatable)', collect, [])
    .option('--attr <type:k=v,...>', 'extra attribute entry (repeatable)', entryArg)
    .option('--lease-ms <n>', 'requested lease duration in ms', intArg(1), 10_000)
    .option('--log-level <level>', 'trace, debug, info, warn, error or silent', 'info');
  addDiscoveryOptions(cmd);
  return cmd.action(async (f: JoinFlags) => {
    const { runJoin } = await import('./join-action.js');
    await runJoin(f);
  });
}
