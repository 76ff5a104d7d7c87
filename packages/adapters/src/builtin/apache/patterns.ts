// Whole-value patterns for everything the apache adapter writes into httpd.conf. They are
// the first line of defence against directive injection: no quote, backslash, '$' (httpd
// expands ${VAR} anywhere in its config), '<', '#' or whitespace can pass any of them.

import { InvalidParamError } from '../../sdk/errors.js';

/**
 * A pattern that names itself in error messages: the SDK reports "'x' does not match
 * PATTERN", and an operator should read what is expected, not a page of regex.
 */
export class DescribedPattern extends RegExp {
  constructor(source: string | RegExp, readonly description: string) {
    super(source);
  }

  override toString(): string {
    return this.description;
  }
}

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = `${OCTET}(?:\\.${OCTET}){3}`;
// Loose on purpose: httpd parses the address itself; the pattern only keeps the text harmless.
const IPV6 = '\\[[0-9A-Fa-f:.]{2,45}\\]';
const PORT = '(?:[1-9]\\d{0,3}|[1-5]\\d{4}|6[0-4]\\d{3}|65[0-4]\\d{2}|655[0-2]\\d|6553[0-5])';
const WEIGHT = '(?:100|[1-9]?\\d)';

/**
 * Listen: an IP literal and a port. httpd resolves a name in Listen only once, at start, and
 * a name that resolves differently later silently changes what is bound, so names are refused.
 */
export const LISTEN = new DescribedPattern(`^(?:${IPV4}|${IPV6}):${PORT}$`, 'IP:PORT (an IPv4 or [IPv6] literal, port 1-65535)');

/**
 * A balancer member: IP:PORT, optionally =WEIGHT (0-100; 0 drains it). IP literals only:
 * the dispatcher must not depend on DNS at request time, and an operator's typo in a name
 * must be refused at Set, not discovered when the balancer marks the member broken.
 */
export const MEMBER = new DescribedPattern(`^(${IPV4}|${IPV6}):(${PORT})(?:=(${WEIGHT}))?$`, 'IP:PORT[=WEIGHT] (an IP literal, port 1-65535, weight 0-100)');

/** ServerName: a DNS name or IPv4 literal, optionally with a port. */
export const SERVER_NAME = new DescribedPattern(
  `^(?=.{1,253}(?::|$))[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*(?::${PORT})?$`,
  'a host name (letters, digits, "-" and "."), optionally :PORT',
);

/** An absolute path made of plain characters, without '.' or '..' segments. */
export const ABS_PATH = new DescribedPattern(
  /^(?:\/(?!\.\.?(?:\/|$))[A-Za-z0-9._+@,=~-]+)+\/?$|^\/$/,
  'an absolute path of letters, digits and ._+@,=~- (no . or .. segments)',
);

/** A module name as in mod_NAME.so / NAME_module. */
export const MODULE_NAME = new DescribedPattern(/^[a-z][a-z0-9_]{0,63}$/, 'a module name like rewrite (for mod_rewrite.so)');

/** A system user or group name. */
export const ACCOUNT = new DescribedPattern(/^[a-z_][a-z0-9_-]{0,31}$/, 'an account name (lowercase letters, digits, _ and -)');

/** One parsed balancer member. */
export interface Member {
  /** The host as written (IPv4 or [IPv6]). */
  host: string;
  port: number;
  /** 1-100 is httpd's loadfactor; 0 means drained (kept, but given no new requests). */
  weight: number;
  /** HOST:PORT, the member's identity. */
  address: string;
}

/** Parses one member; undefined when it does not match MEMBER. */
export function parseMember(text: string): Member | undefined {
  const m = MEMBER.exec(text);
  if (!m) return undefined;
  return { host: m[1], port: Number(m[2]), weight: m[3] === undefined ? 1 : Number(m[3]), address: `${m[1]}:${m[2]}` };
}

/**
 * Parses a members list (the `members` parameter): every item must match MEMBER and name a
 * different HOST:PORT. Throws InvalidParamError('members') naming the first bad item.
 * The redirector adapter uses it too, so both dispatchers accept exactly the same lists.
 */
export function parseMembers(texts: readonly string[]): Member[] {
  const out: Member[] = [];
  for (const t of texts) {
    const m = parseMember(t);
    if (!m) throw new InvalidParamError('members', `'${t}' is not IP:PORT[=WEIGHT]`);
    if (out.some((o) => o.address === m.address)) throw new InvalidParamError('members', `${m.address} is listed twice`);
    out.push(m);
  }
  return out;
}
