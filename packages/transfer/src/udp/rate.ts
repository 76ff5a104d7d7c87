import { TransferConfigError } from '../errors.js';

const UNITS: Record<string, number> = { bit: 1, kbit: 1e3, mbit: 1e6, gbit: 1e9, bps: 1, kbps: 1e3, mbps: 1e6, gbps: 1e9 };

/** Parses a rate like tc writes it (`90mbit`, `500kbit`, `1gbit`, or bits/s) into bits per second. */
export function parseRate(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  const unit = m ? (m[2] === '' ? 1 : UNITS[m[2].toLowerCase()]) : undefined;
  if (!m || unit === undefined || Number(m[1]) <= 0) throw new TransferConfigError(`rate '${text}' is not a positive number with a unit (bit, kbit, mbit, gbit)`);
  return Number(m[1]) * unit;
}
