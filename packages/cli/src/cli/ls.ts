import type { Command } from 'commander';
import { addDiscoveryOptions } from './discovery-flags.js';
import type { LsFlags } from './ls-action.js';
import { LamaCommand, intArg } from './options.js';

/** `lama ls`. */
export function lsCommand(): Command {
  const cmd = new LamaCommand('ls')
    .description('discover the pool and list every registered item')
    .requiredOption('--credential <file>', 'a credential of the pool (any role)')
    .option('--role <role>', 'only items with this role')
    .option('--json', 'print a JSON array', false)
    .option('--wait-ms <n>', 'how long to discover lookup services', intArg(1), 1000);
  addDiscoveryOptions(cmd);
  return cmd.action(async (f: LsFlags) => (await import('./ls-action.js')).runLs(f));
}
