import { ProcFormatError } from '../errors.js';
/** Parses /proc/loadavg: the 1, 5 and 15 minute load averages. */
export function parseLoadavg(text: string): [number, number, number] {
  const [a, b, c] = text.trim().split(/\s+/).map(Number);
  if (![a, b, c].every((n) => Number.isFinite(n) && n >= 0)) {
    throw new ProcFormatError(`/proc/loadavg: malformed ${JSON.stringify(text.trim())}`);
  }
  return [a, b, c];
}
