import type { Logger } from 'pino';

/** Runs stop() once on SIGTERM or SIGINT, then exits 0 (1 if stop fails). */
export function onShutdown(log: Logger, stop: () => Promise<void>): void {
  // A daemon runs until it is told to stop, even when no socket or timer holds the loop open.
  const hold = setInterval(() => undefined, 1 << 30);
  let stopping = false;
  const handler = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    clearInterval(hold);
    stop().then(
      () => { log.info('stopped'); process.exit(0); },
      (err: Error) => { log.error({ err: err.message }, 'stop failed'); process.exit(1); },
    );
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
}
