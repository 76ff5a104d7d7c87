import { pino, type Logger, type LevelWithSilent } from 'pino';

export type { Logger };

/** The daemon's logger: JSON lines on stdout (pino), one per event; on stderr (fd 2) where stdout carries the command's own output. */
export function createLogger(name: string, level: string = 'info', fd: 1 | 2 = 1): Logger {
  // Synchronous writes: daemon logs are low-volume and must not be lost or reordered on exit.
  return pino({ name, level: level as LevelWithSilent, base: { pid: process.pid } }, pino.destination({ fd, sync: true }));
}
