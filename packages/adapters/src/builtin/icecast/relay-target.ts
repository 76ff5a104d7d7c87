// Shapes of the values that end up inside icecast.xml. They are checked here, and escaped
// again when written, so a value can never add an element to the config.

const SEGMENT = '[A-Za-z0-9._~-]+';
const PORT = '(?:[1-9]\\d{0,3}|[1-5]\\d{4}|6[0-4]\\d{3}|65[0-4]\\d{2}|655[0-2]\\d|6553[0-5])';
// Hostnames and IPv4 only: icecast 2.4's relay <server> takes no bracketed IPv6 literal.
const HOST = '[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?';

/** A mount point: "/live", "/radio/high.mp3". */
export const MOUNT = new RegExp(`^(?:/${SEGMENT})+$`);
/** RelayFrom: HOST:PORT/MOUNT, or empty for no relay. */
export const RELAY_FROM = new RegExp(`^(?:${HOST}:${PORT}(?:/${SEGMENT})+)?$`);

/** Where a relay pulls its stream from. */
export interface RelayTarget {
  host: string;
  port: number;
  mount: string;
}

/** Parses RelayFrom text ('' is no relay); undefined when it does not match RELAY_FROM. */
export function parseRelayFrom(text: string): RelayTarget | null | undefined {
  if (!RELAY_FROM.test(text)) return undefined;
  if (text === '') return null;
  const slash = text.indexOf('/');
  const hostPort = text.slice(0, slash);
  const colon = hostPort.lastIndexOf(':');
  return { host: hostPort.slice(0, colon), port: Number(hostPort.slice(colon + 1)), mount: text.slice(slash) };
}
