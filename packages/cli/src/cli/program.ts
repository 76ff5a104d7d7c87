import type { Command } from 'commander';
import { LamaCommand } from './options.js';
import { version } from './version.js';

const LIMIT_FLAGS: [string, string][] = [
  ['maxMetadataBytes', 'LAMA_MAX_METADATA_BYTES'], ['maxStreamsPerCredential', 'LAMA_MAX_STREAMS_PER_CREDENTIAL'],
  ['maxStreamsPerConnection', 'LAMA_MAX_STREAMS_PER_CONNECTION'], ['refusedCacheBytes', 'LAMA_REFUSED_CACHE_BYTES'],
  ['minWatchIntervalMs', 'LAMA_MIN_WATCH_INTERVAL_MS'], ['discoveryNonces', 'LAMA_DISCOVERY_NONCES'],
];

/** Each subcommand's definition (its flags and help), loaded only when it is needed; in the order of `lama --help`. */
const COMMANDS: { names: string[]; define: () => Promise<Command[]> }[] = [
  { names: ['demo'], define: async () => [(await import('./demo.js')).demoCommand()] },
  { names: ['keys'], define: async () => [(await import('./keys.js')).keysCommand()] },
  { names: ['lookup'], define: async () => [(await import('./lookup.js')).lookupCommand()] },
  { names: ['join'], define: async () => [(await import('./join.js')).joinCommand()] },
  { names: ['ls'], define: async () => [(await import('./ls.js')).lsCommand()] },
  { names: ['agent'], define: async () => [(await import('./agent.js')).agentCommand()] },
  { names: ['status', 'start', 'stop', 'set'], define: async () => (await import('./control.js')).controlCommands() },
  { names: ['grand'], define: async () => [(await import('./grand.js')).grandCommand()] },
  { names: ['map'], define: async () => [(await import('./map.js')).mapCommand()] },
  { names: ['alerts', 'decisions', 'pool'], define: async () => (await import('./grand-queries.js')).grandQueryCommands() },
  { names: ['site'], define: async () => [(await import('./site.js')).siteCommand()] },
  { names: ['transfer'], define: async () => [(await import('./transfer.js')).transferCommand()] },
];

/**
 * The `lama` command line. When argv names a subcommand, only that one is defined: its help,
 * its errors and its run do not depend on the others, and defining them all costs start-up time.
 */
export async function buildProgram(argv: string[] = process.argv): Promise<Command> {
  const program = new LamaCommand('lama')
    .description('LAMA: a cluster of servers that manages itself.\nEvery flag can also be set from the environment: --max-lease-ms is LAMA_MAX_LEASE_MS.')
    .version(version)
    .showHelpAfterError('(run with --help for usage)')
    // The transport is chosen once per process (@lama/lookup reads LAMA_PLAINTEXT): a flag sets it before any module that dials or listens is loaded.
    .hook('preAction', (_program, action) => {
      const o = action.opts();
      if (o.plaintext === true) process.env.LAMA_PLAINTEXT = '1';
      // Limits travel the same way (@lama/lookup's currentLimits reads them).
      for (const [flag, env] of LIMIT_FLAGS) if (typeof o[flag] === 'number') process.env[env] = String(o[flag]);
    });
  const named = COMMANDS.find((c) => c.names.includes(argv[2] ?? ''));
  for (const group of named ? [named] : COMMANDS) {
    for (const cmd of await group.define()) program.addCommand(cmd);
  }
  return program;
}
