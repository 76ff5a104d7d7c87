import { NotLoopbackError, WorkloadOptionsError } from './workload-errors.js';

const LOOPBACK = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** True for an IPv4 literal in 127.0.0.0/8 (a name, even "localhost", is not one). */
export function isLoopbackLiteral(host: string): boolean {
  const m = LOOPBACK.exec(host);
  return m !== null && m.slice(1).every((o) => Number(o) <= 255 && (o === '0' || !o.startsWith('0')));
}

/** An http:// URL on the loopback, taken apart. */
export interface LoopbackUrl {
  host: string;
  port: number;
  /** Path and query, e.g. "/live". */
  path: string;
  /** HOST:PORT. */
  address: string;
}

/** Parses an http:// URL whose host is a 127.0.0.0/8 literal (or one alsoAllowed accepts); throws NotLoopbackError for any other host. */
export function parseLoopbackUrl(text: string, what: string, alsoAllowed: (host: string) => boolean = () => false): LoopbackUrl {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new WorkloadOptionsError(what, `'${text}' is not a URL`);
  }
  if (url.protocol !== 'http:') throw new WorkloadOptionsError(what, `'${text}' is not an http:// URL`);
  if (!isLoopbackLiteral(url.hostname) && !alsoAllowed(url.hostname)) throw new NotLoopbackError(url.host, what);
  const port = url.port === '' ? 80 : Number(url.port);
  return { host: url.hostname, port, path: `${url.pathname}${url.search}`, address: `${url.hostname}:${port}` };
}

/** Checks a host option; throws NotLoopbackError unless it is a 127.0.0.0/8 literal. */
export function requireLoopbackHost(host: string, what: string): void {
  if (!isLoopbackLiteral(host)) throw new NotLoopbackError(host, what);
}
