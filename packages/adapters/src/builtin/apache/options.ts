import { objectOptions } from '../../sdk/adapter.js';
import { InvalidOptionsError } from '../../sdk/errors.js';
import type { ApacheRole } from './config-writer.js';
import { ABS_PATH, ACCOUNT, LISTEN, MEMBER, MODULE_NAME, SERVER_NAME, type DescribedPattern } from './patterns.js';

/** Options of the apache adapter (the `options` of an adapters[] entry in the agent's config). */
export interface ApacheOptions {
  role: ApacheRole;
  /** IP:PORT httpd listens on, e.g. 127.0.0.1:18080. */
  listen: string;
  /** Served folder; for a dispatcher it is only a fallback (everything is proxied), so it may be left out. */
  documentRoot?: string;
  serverName: string;
  /** Dispatcher only: the initial balancer members, IP:PORT[=WEIGHT]. */
  members: string[];
  /** The httpd binary (Debian's, by default). */
  binary: string;
  modulesDir: string;
  /** Extra modules to load by name (rewrite -> mod_rewrite.so), beyond what the role needs. */
  modules: string[];
  /** Account for the workers when the agent runs as root (default www-data). */
  user?: string;
  group?: string;
  /** Where to generate the private ServerRoot (default: the adapter's state folder). */
  serverRoot?: string;
  /** How long start and reload may take to pass the health check. */
  readyTimeoutMs: number;
}

const KEYS = ['role', 'listen', 'documentRoot', 'serverName', 'members', 'binary', 'modulesDir', 'modules', 'user', 'group', 'serverRoot', 'readyTimeoutMs'];

function text(o: Record<string, unknown>, key: string, pattern: DescribedPattern): string | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !pattern.test(v)) throw new InvalidOptionsError(`apache options: '${key}' must be ${pattern.description}`);
  return v;
}

function list(o: Record<string, unknown>, key: string, pattern: DescribedPattern): string[] {
  const v = o[key];
  if (v === undefined) return [];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string' && pattern.test(x))) throw new InvalidOptionsError(`apache options: '${key}' must be a list, each ${pattern.description}`);
  return v as string[];
}

/** Validates the raw options; every error names its key. */
export function parseApacheOptions(raw: unknown): ApacheOptions {
  const o = objectOptions('apache', raw, KEYS);
  const role = o.role ?? 'web-server';
  if (role !== 'web-server' && role !== 'dispatcher') throw new InvalidOptionsError("apache options: 'role' must be 'web-server' or 'dispatcher'");
  const listen = text(o, 'listen', LISTEN);
  if (listen === undefined) throw new InvalidOptionsError("apache options: 'listen' is required (IP:PORT)");
  const documentRoot = text(o, 'documentRoot', ABS_PATH);
  if (role === 'web-server' && documentRoot === undefined) throw new InvalidOptionsError("apache options: 'documentRoot' is required for the web-server role");
  const members = list(o, 'members', MEMBER);
  if (role !== 'dispatcher' && members.length) throw new InvalidOptionsError("apache options: 'members' is for the dispatcher role only");
  // No guessing a user's group: www-data's is www-data, nobody's is nogroup.
  if ((o.user === undefined) !== (o.group === undefined)) throw new InvalidOptionsError("apache options: 'user' and 'group' go together (give both, or neither for www-data)");
  const readyTimeoutMs = o.readyTimeoutMs ?? 10_000;
  if (typeof readyTimeoutMs !== 'number' || !Number.isSafeInteger(readyTimeoutMs) || readyTimeoutMs < 100 || readyTimeoutMs > 60_000) {
    throw new InvalidOptionsError("apache options: 'readyTimeoutMs' must be an integer from 100 to 60000");
  }
  return {
    role, listen, documentRoot, members,
    serverName: text(o, 'serverName', SERVER_NAME) ?? 'localhost',
    binary: text(o, 'binary', ABS_PATH) ?? '/usr/sbin/apache2',
    modulesDir: text(o, 'modulesDir', ABS_PATH) ?? '/usr/lib/apache2/modules',
    modules: list(o, 'modules', MODULE_NAME),
    user: text(o, 'user', ACCOUNT),
    group: text(o, 'group', ACCOUNT),
    serverRoot: text(o, 'serverRoot', ABS_PATH),
    readyTimeoutMs,
  };
}
