import { z } from 'zod';
import { integerOption, listOption, parseOptions, textOption } from '../../sdk/options.js';
import type { ApacheRole } from './config-writer.js';
import { DEFAULT_ALLOWED_LISTEN, DEFAULT_ALLOWED_ROOTS, LISTEN_RULE, listenAllowed, withinRoots } from './confinement.js';
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
  /** Folders a DocumentRoot (option or Set) must lie in, symlinks resolved (default /var/www, /srv). */
  allowedRoots: string[];
  /** Addresses listen (option or Set) must match: IP (any port) or IP:PORT (default loopback: 127.0.0.1, [::1]). */
  allowedListen: string[];
}

const described = (pattern: DescribedPattern, missing?: string): z.ZodString => textOption(pattern, pattern.description, missing);
const describedList = (pattern: DescribedPattern): z.ZodArray<z.ZodString> => listOption(`must be a list, each ${pattern.description}`, pattern);

const schema = z.strictObject({
  role: z.enum(['web-server', 'dispatcher'], { error: "must be 'web-server' or 'dispatcher'" }).default('web-server'),
  listen: described(LISTEN, 'is required (IP:PORT)'),
  documentRoot: described(ABS_PATH).optional(),
  members: describedList(MEMBER).default([]),
  serverName: described(SERVER_NAME).default('localhost'),
  binary: described(ABS_PATH).default('/usr/sbin/apache2'),
  modulesDir: described(ABS_PATH).default('/usr/lib/apache2/modules'),
  modules: describedList(MODULE_NAME).default([]),
  user: described(ACCOUNT).optional(),
  group: described(ACCOUNT).optional(),
  serverRoot: described(ABS_PATH).optional(),
  readyTimeoutMs: integerOption(100, 60_000).default(10_000),
  allowedRoots: describedList(ABS_PATH).default([...DEFAULT_ALLOWED_ROOTS]),
  allowedListen: describedList(LISTEN_RULE).default([...DEFAULT_ALLOWED_LISTEN]),
}).superRefine((o, ctx) => {
  const bad = (key: string, message: string): void => ctx.addIssue({ code: 'custom', path: [key], message });
  // The same confinement as Set's, as written (apache's start resolves symlinks).
  if (!listenAllowed(o.listen, o.allowedListen)) bad('listen', `must be an address allowedListen lists (${o.allowedListen.join(', ')})`);
  if (o.documentRoot !== undefined && !withinRoots(o.documentRoot, o.allowedRoots)) bad('documentRoot', `must lie within allowedRoots (${o.allowedRoots.join(', ')})`);
  if (o.role === 'web-server' && o.documentRoot === undefined) bad('documentRoot', 'is required for the web-server role');
  if (o.role !== 'dispatcher' && o.members.length) bad('members', 'is for the dispatcher role only');
  // No guessing a user's group: www-data's is www-data, nobody's is nogroup.
  if ((o.user === undefined) !== (o.group === undefined)) bad('user', "and 'group' go together (give both, or neither for www-data)");
});

/** Validates the raw options; every error names its key. */
export function parseApacheOptions(raw: unknown): ApacheOptions {
  return parseOptions('apache', schema, raw);
}
