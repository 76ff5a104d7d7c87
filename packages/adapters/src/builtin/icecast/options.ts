import { isHostPort, MOUNT, parseHostPort, parseRelayFrom } from '@lama/lookup';
import { z } from 'zod';
import { integerOption, listOption, parseOptions, textOption } from '../../sdk/options.js';
import { maxListenersOption, relayFromOption } from '../streaming-server.js';

/** Options of the icecast adapter (the `options` of an adapters[] entry in the agent's config). */
export interface IcecastOptions {
  /** Address icecast listens on, e.g. 127.0.0.1:18000. */
  listen: { host: string; port: number };
  /** The server's public name in its pages and stream URLs. */
  hostname: string;
  /** icecast's <clients> limit: listeners, sources, relays and admin requests together. */
  clients: number;
  /** icecast's <sources> limit (sources and relays). */
  sources: number;
  /** Listeners per mount; -1 is unlimited. */
  maxListeners: number;
  /** Password source clients log in with (user "source"); generated when absent. */
  sourcePassword?: string;
  /** Password of the "admin" user (stats, admin pages); generated when absent. */
  adminPassword?: string;
  /** Mounts declared up front: each gets its own <mount> section and is always reported. */
  mounts: string[];
  /** The initial RelayFrom (HOST:PORT/MOUNT), '' for none. */
  relayFrom: string;
  /**
   * Seconds between icecast's retries of a relay whose pull failed (its <master-update-interval>,
   * 120 by default in icecast, which left relays without the stream long after a source restart).
   */
  relayRetrySeconds: number;
  /** If set, the only HOST:PORT sources RelayFrom may name (option or Set); absent: any. */
  relaySources?: string[];
  binary: string;
  /** Where icecast's web and admin folders are (Debian: /usr/share/icecast2). */
  shareDir: string;
  /** Account icecast switches to when started as root (it refuses to run as root otherwise). */
  user?: string;
  group?: string;
}

const HOSTNAME = /^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/;
const ACCOUNT = /^[A-Za-z_][A-Za-z0-9_.-]{0,31}$/;
const ABSOLUTE = /^\/[^\u0000-\u001f\u007f]*$/;
const PASSWORD = /^[^\u0000-\u001f\u007f]{4,256}$/;
const LISTEN_INVALID = 'must be HOST:PORT with a port from 1 to 65535';
const SOURCES = 'must be a list of HOST:PORT sources (e.g. 127.0.0.1:18000)';

const schema = z.strictObject({
  listen: z.string({ error: (i) => (i.input === undefined ? 'is required (HOST:PORT icecast listens on, e.g. 127.0.0.1:18000)' : LISTEN_INVALID) })
    .transform((text, ctx) => {
      const hp = parseHostPort(text);
      // icecast takes a name or a literal; '_' is in no host name it could resolve.
      if (hp && hp.port >= 1 && !hp.host.includes('_')) return hp;
      ctx.addIssue({ code: 'custom', message: LISTEN_INVALID });
      return z.NEVER;
    }),
  hostname: textOption(HOSTNAME, 'a host name').optional(),
  clients: integerOption(2, 1_000_000).default(100),
  sources: integerOption(1, 10_000).default(10),
  maxListeners: maxListenersOption,
  sourcePassword: textOption(PASSWORD, '4 to 256 characters without control characters').optional(),
  adminPassword: textOption(PASSWORD, '4 to 256 characters without control characters').optional(),
  mounts: listOption('must be a list of mount points like "/live"', MOUNT).default([]),
  relayFrom: relayFromOption,
  relayRetrySeconds: integerOption(1, 3600).default(2),
  binary: textOption(ABSOLUTE, 'an absolute path').default('/usr/bin/icecast2'),
  shareDir: textOption(ABSOLUTE, 'an absolute path').default('/usr/share/icecast2'),
  user: textOption(ACCOUNT, 'a user name').optional(),
  group: textOption(ACCOUNT, 'a group name').optional(),
  relaySources: z.array(z.string({ error: SOURCES }).refine(isHostPort, SOURCES), { error: SOURCES }).optional(),
}).superRefine((o, ctx) => {
  if (!relaySourceAllowed(o.relayFrom, o.relaySources)) {
    ctx.addIssue({ code: 'custom', path: ['relayFrom'], message: `must name a source relaySources lists (${o.relaySources?.join(', ') ?? ''})` });
  }
});

/** True when RelayFrom ('' or HOST:PORT/MOUNT) pulls from a listed source, or no list is given. */
export function relaySourceAllowed(relayFrom: string, sources: readonly string[] | undefined): boolean {
  const relay = parseRelayFrom(relayFrom);
  if (!relay || !sources) return true;
  const source = `${relay.host}:${relay.port}`.toLowerCase();
  return sources.some((s) => s.toLowerCase() === source);
}

/** Validates the raw options; every error names its key. */
export function parseIcecastOptions(raw: unknown): IcecastOptions {
  const o = parseOptions('icecast', schema, raw);
  const wildcard = o.listen.host === '0.0.0.0' || o.listen.host === '::';
  return { ...o, hostname: o.hostname ?? (wildcard ? 'localhost' : o.listen.host), mounts: [...new Set(o.mounts)] };
}
