// HOST:PORT in its shapes across LAMA: configs, flags, items and adapter options all read it here.

/** Regex source of a port 1-65535, without leading zeros (for patterns that embed it). */
export const PORT_SOURCE = '(?:[1-9]\\d{0,3}|[1-5]\\d{4}|6[0-4]\\d{3}|65[0-4]\\d{2}|655[0-2]\\d|6553[0-5])';
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
/** Regex source of an IPv4 literal. */
export const IPV4_SOURCE = `${OCTET}(?:\\.${OCTET}){3}`;
/** Regex source of a bracketed IPv6 literal; loose on purpose, whoever binds it parses it. */
export const IPV6_SOURCE = '\\[[0-9A-Fa-f:.]{2,45}\\]';

/** HOST:PORT as configs, flags and items take it: a name or IP (IPv6 in brackets); the port is checked apart. */
const HOST_PORT = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+):(\d{1,5})$/;

/** A parsed HOST:PORT; host has no brackets (what net.connect and listen take). */
export interface HostPort {
  host: string;
  port: number;
}

/** Parses HOST:PORT (port 0-65535); undefined when text is not one. */
export function parseHostPort(text: string): HostPort | undefined {
  const m = HOST_PORT.exec(text);
  if (!m || Number(m[2]) > 65535) return undefined;
  const host = m[1].startsWith('[') ? m[1].slice(1, -1) : m[1];
  return { host, port: Number(m[2]) };
}

/** True when text is HOST:PORT with a port from 0 to 65535. */
export function isHostPort(text: string): boolean {
  return parseHostPort(text) !== undefined;
}

/** HOST:PORT text, with brackets around an IPv6 host. */
export function formatHostPort(host: string, port: number): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}
