import { objectOptions } from '../../sdk/adapter.js';
import { InvalidOptionsError } from '../../sdk/errors.js';
import { parseMembers, MEMBER } from '../apache/patterns.js';
import { parseListen, type ListenAddress } from '../in-process/listen-address.js';

/** Options of the redirector adapter (the `options` of an adapters[] entry in the agent's config). */
export interface RedirectorOptions {
  /** Where the redirector listens, e.g. 127.0.0.1:18080 (port 0 picks a free one). */
  listen: ListenAddress;
  /** The initial members, IP:PORT[=WEIGHT], as the `members` parameter takes them. */
  members: string[];
}

const KEYS = ['listen', 'members'] as const;

/** Validates the raw options; every error names its key. */
export function parseRedirectorOptions(raw: unknown): RedirectorOptions {
  const o = objectOptions('redirector', raw, KEYS);
  const listen = parseListen('redirector', o.listen);
  const members = o.members ?? [];
  if (!Array.isArray(members) || !members.every((m) => typeof m === 'string')) throw new InvalidOptionsError(`redirector options: 'members' must be a list, each ${MEMBER.description}`);
  try {
    parseMembers(members as string[]);
  } catch (err) {
    throw new InvalidOptionsError(`redirector options: 'members': ${(err as Error).message.replace(/^parameter 'members': /, '')}`);
  }
  return { listen, members: [...(members as string[])] };
}
