import { objectOptions } from '../../sdk/adapter.js';
import { optionChecks } from '../../sdk/option-checks.js';
import { MOUNT, RELAY_FROM } from './relay-target.js';

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
  binary: string;
  /** Where icecast's web and admin folders are (Debian: /usr/share/icecast2). */
  shareDir: string;
  /** Account icecast switches to when started as root (it refuses to run as root otherwise). */
  user?: string;
  group?: string;
}

const KEYS = ['listen', 'hostname', 'clients', 'sources', 'maxListeners', 'sourcePassword', 'adminPassword', 'mounts', 'relayFrom', 'binary', 'shareDir', 'user', 'group'] as const;
const LISTEN = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/;
const HOSTNAME = /^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/;
const ACCOUNT = /^[A-Za-z_][A-Za-z0-9_.-]{0,31}$/;
const CONTROL = /[\u0000-\u001f\u007f]/;

const { bad, integer, text } = optionChecks('icecast');

function password(o: Record<string, unknown>, key: string): string | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.length < 4 || v.length > 256 || CONTROL.test(v)) throw bad(key, 'must be 4 to 256 characters without control characters');
  return v;
}

/** Validates the raw options; every error names its key. */
export function parseIcecastOptions(raw: unknown): IcecastOptions {
  const o = objectOptions('icecast', raw, KEYS);
  if (o.listen === undefined) throw bad('listen', 'is required (HOST:PORT icecast listens on, e.g. 127.0.0.1:18000)');
  const m = typeof o.listen === 'string' ? LISTEN.exec(o.listen) : null;
  if (!m || Number(m[3]) < 1 || Number(m[3]) > 65535) throw bad('listen', 'must be HOST:PORT with a port from 1 to 65535');
  const listen = { host: m[1] ?? m[2], port: Number(m[3]) };

  const mountsRaw = o.mounts ?? [];
  if (!Array.isArray(mountsRaw) || !mountsRaw.every((x) => typeof x === 'string' && MOUNT.test(x))) throw bad('mounts', 'must be a list of mount points like "/live"');
  const mounts = [...new Set(mountsRaw as string[])];

  const absolute = /^\/[^\u0000-\u001f\u007f]*$/;
  const wildcard = listen.host === '0.0.0.0' || listen.host === '::';
  return {
    listen,
    hostname: text(o, 'hostname', HOSTNAME, 'a host name') ?? (wildcard ? 'localhost' : listen.host),
    clients: integer(o, 'clients', 100, 2, 1_000_000),
    sources: integer(o, 'sources', 10, 1, 10_000),
    maxListeners: integer(o, 'maxListeners', -1, -1, 1_000_000),
    sourcePassword: password(o, 'sourcePassword'),
    adminPassword: password(o, 'adminPassword'),
    mounts,
    relayFrom: text(o, 'relayFrom', RELAY_FROM, 'HOST:PORT/MOUNT (e.g. 127.0.0.1:18000/live)') ?? '',
    binary: text(o, 'binary', absolute, 'an absolute path') ?? '/usr/bin/icecast2',
    shareDir: text(o, 'shareDir', absolute, 'an absolute path') ?? '/usr/share/icecast2',
    user: text(o, 'user', ACCOUNT, 'a user name'),
    group: text(o, 'group', ACCOUNT, 'a group name'),
  };
}
