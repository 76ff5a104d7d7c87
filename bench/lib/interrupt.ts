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
