import { progress } from './progress.js';

/**
 * On the first SIGINT or SIGTERM, runs cleanup (stop the daemons, remove files) and exits 130:
 * a benchmark stopped by hand leaves no process or directory behind. Loops read `interrupted`
 * to stop early.
 */
export function onInterrupt(cleanup: () => Promise<unknown>): { readonly interrupted: boolean } {
  const state = { interrupted: false };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (state.interrupted) return;
      state.interrupted = true;
      progress(`${signal}: stopping the daemons`);
      void cleanup().finally(() => process.exit(130));
    });
  }
  return state;
}

/**
 * Runs a synchronous cleanup (kill what runs, delete namespaces and files) whenever the process
 * exits: at the end, on SIGINT/SIGTERM (exit 130) and on an uncaught exception (exit 1, `bench`
 * named in the message). For benches whose leftovers are kernel state, which outlives a crash.
 */
export function cleanUpOnExit(bench: string, cleanup: () => void): void {
  process.on('exit', cleanup);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
  process.on('uncaughtException', (err) => {
    process.stderr.write(`${bench} bench failed: ${err.stack ?? err.message}\n`);
    process.exit(1);
  });
}
