// Whole-value patterns for everything the apache adapter writes into httpd.conf. They are
// the first line of defence against directive injection: no quote, backslash, '$' (httpd
// expands ${VAR} anywhere in its config), '<', '#' or whitespace can pass any of them.

import { IPV4_SOURCE, IPV6_SOURCE, MEMBER as MEMBERS_ITEM, PORT_SOURCE, parseMembers, type Member } from '@lama/lookup';
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

/**
 * Listen: an IP literal and a port. httpd resolves a name in Listen only once, at start, and
 * a name that resolves differently later silently changes what is bound, so names are refused.
 */
export const LISTEN = new DescribedPattern(`^(?:${IPV4_SOURCE}|${IPV6_SOURCE}):${PORT_SOURCE}$`, 'IP:PORT (an IPv4 or [IPv6] literal, port 1-65535)');

/** A balancer member (the vocabulary's MEMBER), named for error messages. */
export const MEMBER = new DescribedPattern(MEMBERS_ITEM, 'IP:PORT[=WEIGHT] (an IP literal, port 1-65535, weight 0-100)');

/** ServerName: a DNS name or IPv4 literal, optionally with a port. */
export const SERVER_NAME = new DescribedPattern(
  `^(?=.{1,253}(?::|$))[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*(?::${PORT_SOURCE})?$`,
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

/**
 * Parses the `members` parameter with the vocabulary's one contract (every item
 * IP:PORT[=WEIGHT], no address twice); the redirector uses it too, so both dispatchers
 * accept exactly the same lists. Throws InvalidParamError('members') naming the first bad item.
 */
export function parseMembersParam(items: readonly string[]): Member[] {
  try {
    return parseMembers(items);
  } catch (err) {
    throw new InvalidParamError('members', (err as Error).message);
  }
}
