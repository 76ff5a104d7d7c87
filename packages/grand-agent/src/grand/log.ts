/** The grand agent's logger (pino-compatible); the library only calls it. */
export interface GrandLog {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}
