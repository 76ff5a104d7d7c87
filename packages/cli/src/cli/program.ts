import { createRequire } from 'node:module';
import type { Command } from 'commander';
import { keysCommand } from './keys.js';
import { agentCommand } from './agent.js';
import { grandCommand } from './grand.js';
import { grandQueryCommands } from './grand-queries.js';
import { demoCommand } from './demo.js';
import { controlCommands } from './control.js';
import { joinCommand } from './join.js';
import { lookupCommand } from './lookup.js';
import { lsCommand } from './ls.js';
import { LamaCommand } from './options.js';

const version = (createRequire(import.meta.url)('../../../package.json') as { version: string }).version;

/** The `lama` command line. */
export function buildProgram(): Command {
  const program = new LamaCommand('lama')
    .description('LAMA: a cluster of servers that manages itself.\nEvery flag can also be set from the environment: --max-lease-ms is LAMA_MAX_LEASE_MS.')
    .version(version)
    .showHelpAfterError('(run with --help for usage)');
  program.addCommand(demoCommand());
  program.addCommand(keysCommand());
  program.addCommand(lookupCommand());
  program.addCommand(joinCommand());
  program.addCommand(lsCommand());
  program.addCommand(agentCommand());
  for (const c of controlCommands()) program.addCommand(c);
  program.addCommand(grandCommand());
  for (const c of grandQueryCommands()) program.addCommand(c);
  return program;
}
