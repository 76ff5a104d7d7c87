import { AllocatorConfigError } from './allocator-config-error.js';

/** How one service's pool is sized (Algorithm 1's parameters plus what running it for real needs). */
export interface AllocatorConfig {
  /** The role a node must have to serve this service (e.g. `streaming-server`). */
  role: string;
  /** The node metric that is the load (e.g. `netTxMbps`); the monitor sums it over the pool. */
  metric: string;
  /** C: what one node carries at 100 %, in the metric's unit (the paper: 100 Mbps). */
  capacityPerNode: number;
  /** Add a node when the demand exceeds upper · N · C (the paper: 0.9). */
  upper: number;
  /** Release one when the demand is under lower · (N − 1) · C (the paper: 0.8). */
  lower: number;
  /** How often the allocator decides (the paper: every 2 s sample). */
  periodMs: number;
  minNodes: number;
  maxNodes: number;
  /** No add sooner than this after the previous add. */
  cooldownAddMs: number;
  /** No release sooner than this after any add or release: an add is never undone this quickly, and releases go gradually. */
  cooldownReleaseMs: number;
  /**
   * An add only when the demand has stayed above the upper bound for this long (every
   * decision since): a forecast that grazes the bound on noise, or overshoots where a ramp
   * ends, orders nothing. 0 (the paper) adds on the first decision above it. Releases need
   * no such rule: the release cooldown spaces them and max(level, forecast) must fall first.
   */
  addConfirmMs: number;
  /** How long an added node takes to serve (Set, Start, join the dispatcher); the forecast horizon. */
  leadTimeMs: number;
  /**
   * Also decide as soon as a status moves the serving nodes' summed load across the last
   * decision's band (above upper · N · C, or under lower · (N − 1) · C), not only every
   * periodMs: a surge is answered within the status's own latency instead of up to a period
   * later. At most one such decision per 250 ms; the period restarts from it.
   */
  decideOnCrossing: boolean;
  /** Decide and log, but act on nothing. */
  dryRun: boolean;
  /** Server parameters Set on a node before it starts (the paper's S-CP, e.g. `{ RelayFrom: 'http://src:8000/live' }`). */
  serverParams: Readonly<Record<string, string>>;
}

/**
 * Defaults for everything but role and metric. Thresholds are the paper's; the cooldowns
 * and lead time are the ones bench/reallocation evaluates (allocation takes up to a minute).
 */
export const ALLOCATOR_DEFAULTS = {
  capacityPerNode: 100,
  upper: 0.9,
  lower: 0.8,
  periodMs: 2000,
  minNodes: 1,
  maxNodes: 16,
  cooldownAddMs: 20_000,
  cooldownReleaseMs: 90_000,
  addConfirmMs: 0,
  leadTimeMs: 60_000,
  decideOnCrossing: true,
  dryRun: false,
  serverParams: {},
} as const satisfies Omit<AllocatorConfig, 'role' | 'metric'>;

const NUMBER_KEYS = ['capacityPerNode', 'upper', 'lower', 'periodMs', 'minNodes', 'maxNodes', 'cooldownAddMs', 'cooldownReleaseMs', 'addConfirmMs', 'leadTimeMs'] as const;
const KEYS = new Set<string>(['role', 'metric', 'dryRun', 'decideOnCrossing', 'serverParams', ...NUMBER_KEYS]);

/** Checks an untrusted config object, fills defaults and returns an AllocatorConfig; errors name the key (under `path`). */
export function parseAllocatorConfig(raw: unknown, path = 'allocator'): AllocatorConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new AllocatorConfigError(path, `expected an object, got ${JSON.stringify(raw)}`);
  const obj = raw as Record<string, unknown>;
  for (const key of Object.keys(obj)) if (!KEYS.has(key)) throw new AllocatorConfigError(`${path}.${key}`, `unknown key (known: ${[...KEYS].join(', ')})`);
  const fail = (key: string, want: string): never => {
    throw new AllocatorConfigError(`${path}.${key}`, `must be ${want}; got ${JSON.stringify(obj[key])}`);
  };
  for (const key of ['role', 'metric'] as const) if (typeof obj[key] !== 'string' || obj[key] === '') fail(key, 'a non-empty string');
  const c: AllocatorConfig = { ...ALLOCATOR_DEFAULTS, ...(obj as Partial<AllocatorConfig>) } as AllocatorConfig;
  for (const key of NUMBER_KEYS) if (typeof c[key] !== 'number' || !Number.isFinite(c[key])) fail(key, 'a finite number');
  if (c.capacityPerNode <= 0) fail('capacityPerNode', 'positive');
  if (!(c.upper > 0 && c.upper <= 1)) fail('upper', 'in (0, 1]');
  if (!(c.lower > 0 && c.lower < c.upper)) fail('lower', `in (0, upper = ${c.upper})`);
  if (c.periodMs <= 0) fail('periodMs', 'positive');
  if (!Number.isInteger(c.minNodes) || c.minNodes < 0) fail('minNodes', 'an integer ≥ 0');
  if (!Number.isInteger(c.maxNodes) || c.maxNodes < Math.max(1, c.minNodes)) fail('maxNodes', `an integer ≥ max(1, minNodes = ${c.minNodes})`);
  for (const key of ['cooldownAddMs', 'cooldownReleaseMs', 'addConfirmMs', 'leadTimeMs'] as const) if (c[key] < 0) fail(key, '≥ 0');
  for (const key of ['dryRun', 'decideOnCrossing'] as const) if (typeof c[key] !== 'boolean') fail(key, 'true or false');
  const params = c.serverParams as unknown;
  if (typeof params !== 'object' || params === null || Array.isArray(params) || Object.values(params).some((v) => typeof v !== 'string')) {
    fail('serverParams', 'an object of string values');
  }
  return c;
}
