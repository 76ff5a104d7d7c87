import { parseMembers } from '@lama/lookup';
import { z } from 'zod';
import { listOption, parseOptions } from '../../sdk/options.js';
import { MEMBER } from '../apache/patterns.js';
import { listenOption, type ListenAddress } from '../in-process/listen-address.js';

/** Options of the redirector adapter (the `options` of an adapters[] entry in the agent's config). */
export interface RedirectorOptions {
  /** Where the redirector listens, e.g. 127.0.0.1:18080 (port 0 picks a free one). */
  listen: ListenAddress;
  /** The initial members, IP:PORT[=WEIGHT], as the `members` parameter takes them. */
  members: string[];
}

const LIST = `must be a list, each ${MEMBER.description}`;

const schema = z.strictObject({
  listen: listenOption,
  members: listOption(LIST).default([]).superRefine((items, ctx) => {
    try {
      parseMembers(items);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: `is invalid: ${(err as Error).message}` });
    }
  }),
});

/** Validates the raw options; every error names its key. */
export function parseRedirectorOptions(raw: unknown): RedirectorOptions {
  return parseOptions('redirector', schema, raw);
}
