import type { Logger } from 'pino';

/** Runs stop() once on SIGTERM or SIGINT, then exits 0 (1 if stop fails). */
export function onShutdown(log: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    stop().then(
      () => { log.info('stopped'); process.exit(0); },
      (err: Error) => { log.error({ err: err.message }, 'stop failed'); process.exit(1); },
    );
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
}
