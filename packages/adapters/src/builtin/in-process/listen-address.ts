import { isIPv4, isIPv6 } from 'node:net';
import { InvalidOptionsError } from '../../sdk/errors.js';

/** Where an in-process server listens: an IP literal and a port (0 lets the system pick one). */
export interface ListenAddress {
  /** The IP without brackets (what net.Server.listen takes). */
  host: string;
  port: number;
}

const SHAPE = /^(?:\[([0-9A-Fa-f:.]+)\]|(\d{1,3}(?:\.\d{1,3}){3})):(\d{1,5})$/;

/**
 * Parses the `listen` option: IPv4:PORT or [IPv6]:PORT, port 0-65535. Names are refused: a
 * name resolved at start could bind something else later, and tests must stay on loopback
 * by what they write, not by what a resolver says.
 */
export function parseListen(type: string, raw: unknown): ListenAddress {
  if (raw === undefined) throw new InvalidOptionsError(`${type} options: 'listen' is required (IP:PORT, e.g. 127.0.0.1:18000)`);
  const m = typeof raw === 'string' ? SHAPE.exec(raw) : null;
  const host = m ? (m[1] ?? m[2]) : '';
  const ok = m !== null && (m[1] !== undefined ? isIPv6(host) : isIPv4(host)) && Number(m[3]) <= 65535;
  if (!ok) throw new InvalidOptionsError(`${type} options: 'listen' must be IP:PORT (an IPv4 or [IPv6] literal, port 0-65535; 0 picks a free port)`);
  return { host, port: Number(m[3]) };
}

/** HOST:PORT text, with brackets around an IPv6 host. */
export function formatHostPort(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}
