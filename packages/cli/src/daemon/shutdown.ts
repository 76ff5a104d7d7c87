import type { Logger } from 'pino';

/**
 * Runs stop() once on SIGTERM or SIGINT, then exits 0 (1 if stop fails). A daemon started
 * with LAMA_EXIT_WITH_PARENT=1 (as `lama demo` starts its pool) also stops when the process
 * that started it is gone, even if that one was killed with SIGKILL and could not ask.
 */
export function onShutdown(log: Logger, stop: () => Promise<void>): void {
  // A daemon runs until it is told to stop, even when no socket or timer holds the loop open.
  const hold = setInterval(() => undefined, 1 << 30);
  let stopping = false;
  const handler = (reason: string): void => {
    if (stopping) return;
    stopping = true;
    log.info({ signal: reason }, 'stopping');
    clearInterval(hold);
    stop().then(
      () => { log.info('stopped'); process.exit(0); },
      (err: Error) => { log.error({ err: err.message }, 'stop failed'); process.exit(1); },
    );
  };
  process.on('SIGTERM', () => handler('SIGTERM'));
  process.on('SIGINT', () => handler('SIGINT'));
  if (process.env.LAMA_EXIT_WITH_PARENT === '1') {
    // An orphan is re-parented (to init or a subreaper): its parent PID changes.
    const parent = process.ppid;
    setInterval(() => { if (process.ppid !== parent) handler('parent exited'); }, 500).unref();
  }
}
