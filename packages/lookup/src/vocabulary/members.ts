import { InvalidArgumentError } from '../errors.js';
import { IPV4_SOURCE, IPV6_SOURCE, PORT_SOURCE } from './host-port.js';

const WEIGHT = '(?:100|[1-9]?\\d)';

/**
 * A dispatcher member: IP:PORT, optionally =WEIGHT (0-100; 0 drains it). IP literals only:
 * a dispatcher must not depend on DNS at request time, and a typo in a name must be refused
 * when the list is set, not found when the balancer marks the member broken.
 */
export const MEMBER = new RegExp(`^(${IPV4_SOURCE}|${IPV6_SOURCE}):(${PORT_SOURCE})(?:=(${WEIGHT}))?$`);

/** One dispatcher member. */
export interface Member {
  /** The host as written (IPv4 or [IPv6]). */
  host: string;
  port: number;
  /** 1-100 is the member's share; 0 means drained (kept, but given no new clients). */
  weight: number;
  /** HOST:PORT, the member's identity. */
  address: string;
}

/** Parses one member; undefined when it does not match MEMBER. */
function parseMember(text: string): Member | undefined {
  const m = MEMBER.exec(text);
  if (!m) return undefined;
  return { host: m[1], port: Number(m[2]), weight: m[3] === undefined ? 1 : Number(m[3]), address: `${m[1]}:${m[2]}` };
}

/** The items of a member list's text: a JSON array (as Status reports it) or comma-separated (as Set takes it). */
function itemsOf(text: string): string[] {
  const t = text.trim();
  if (!t.startsWith('[')) return t.split(',').map((p) => p.trim()).filter(Boolean);
  let items: unknown;
  try {
    items = JSON.parse(t);
  } catch {
    items = undefined;
  }
  if (!Array.isArray(items) || !items.every((i) => typeof i === 'string')) throw new InvalidArgumentError(`members ${t} is not a JSON array of strings`);
  return items;
}

/**
 * Parses a dispatcher's member list, given as items or as the parameter's text: every item
 * must be IP:PORT[=WEIGHT] and name a different IP:PORT. Throws InvalidArgumentError naming
 * the first bad item.
 */
export function parseMembers(list: string | readonly string[] | undefined): Member[] {
  const out: Member[] = [];
  for (const t of typeof list === 'string' ? itemsOf(list) : (list ?? [])) {
    const m = parseMember(t);
    if (!m) throw new InvalidArgumentError(`'${t}' is not IP:PORT[=WEIGHT]`);
    if (out.some((o) => o.address === m.address)) throw new InvalidArgumentError(`${m.address} is listed twice`);
    out.push(m);
  }
  return out;
}

/** Writes members as the parameter's text (weight 1 left out), in order. */
export function formatMembers(members: Iterable<Pick<Member, 'address' | 'weight'>>): string {
  return [...members].map((m) => (m.weight === 1 ? m.address : `${m.address}=${m.weight}`)).join(',');
}
