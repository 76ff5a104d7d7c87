// RelayFrom, the streaming servers' server parameter (the paper's S-CP). Its values end up
// inside icecast.xml, so the shapes are strict; icecast's writer escapes them again.

import { PORT_SOURCE } from './host-port.js';

// A path segment, never '.' or '..': a relay must not climb out of the source's mount
// ('%' is no segment character, so '%2e%2e' is refused as well).
const SEGMENT = '(?!\\.\\.?(?:/|$))[A-Za-z0-9._~-]+';
// Hostnames and IPv4 only: icecast 2.4's relay <server> takes no bracketed IPv6 literal.
const HOST = '[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?';

/** A mount point: "/live", "/radio/high.mp3". */
export const MOUNT = new RegExp(`^(?:/${SEGMENT})+$`);
/** RelayFrom: HOST:PORT/MOUNT, or empty for no relay. */
export const RELAY_FROM = new RegExp(`^(?:${HOST}:${PORT_SOURCE}(?:/${SEGMENT})+)?$`);

/** Where a relay pulls its stream from. */
export interface RelayTarget {
  host: string;
  port: number;
  mount: string;
}

/** Parses RelayFrom text: null for '' (no relay), undefined when it does not match RELAY_FROM. */
export function parseRelayFrom(text: string): RelayTarget | null | undefined {
  if (!RELAY_FROM.test(text)) return undefined;
  if (text === '') return null;
  const slash = text.indexOf('/');
  const hostPort = text.slice(0, slash);
  const colon = hostPort.lastIndexOf(':');
  return { host: hostPort.slice(0, colon), port: Number(hostPort.slice(colon + 1)), mount: text.slice(slash) };
}
