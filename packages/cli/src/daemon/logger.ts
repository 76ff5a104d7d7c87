import { pino, type Logger, type LevelWithSilent } from 'pino';

export type { Logger };

/** The daemon's logger: JSON lines on stdout (pino), one per event. */
export function createLogger(name: string, level: string = 'info'): Logger {
  // Synchronous writes: daemon logs are low-volume and must not be lost or reordered on exit.
  return pino({ name, level: level as LevelWithSilent, base: { pid: process.pid } }, pino.destination({ fd: 1, sync: true }));
}
