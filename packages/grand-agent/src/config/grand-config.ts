import { z } from 'zod';
import { ConfigError, configErrorOf, groupSchema, hostPortSchema, multicastSchema, parseSiteRef, prometheusSchema } from '@lama/agent';
import { deployConfigSchema } from '../deploy/deploy-config.js';
import { parseAllocatorConfig, type AllocatorConfig } from '../allocator/config.js';
import { parsePredictorSpec, type PredictorSpec } from '../predictors/create-predictor.js';
import { checkMetricName } from '../monitor/metric.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const ADAPTER = /^[a-z][a-z0-9-]{0,31}$/;

/** Where a service's dispatcher lives: the adapter on one node whose parameter lists the back ends. */
const dispatcherSchema = z.strictObject({
  node: z.string().regex(NAME, 'a node name'),
  adapter: z.string().regex(ADAPTER, 'an adapter name on that node'),
  /** The parameter that holds the members, as IP:PORT[=weight],... (apache's and the redirector's `members`). */
  param: z.string().min(1).default('members'),
  /** How long a released node stays out of the dispatcher before it is stopped. */
  drainMs: z.number().int().min(0).max(600_000).default(2000),
});

/**
 * One service pool the allocator sizes. The Algorithm 1 keys (role, metric, capacityPerNode,
 * upper, lower, periodMs, minNodes, maxNodes, cooldowns, leadTimeMs, decideOnCrossing, dryRun, serverParams)
 * are checked by parseAllocatorConfig; the rest say how to act on real agents.
 */
const serviceSchema = z.looseObject({
  name: z.string().regex(NAME, '1-64 letters, digits, ".", "_" or "-"'),
  /** The adapter that runs this service on a capable node (Set, Start, Stop go to it). */
  adapter: z.string().regex(ADAPTER, 'an adapter name'),
  predictor: z.unknown().optional(),
  dispatcher: dispatcherSchema.optional(),
  /** SITE[@VERSION]: a node the allocator adds is deployed with this site first (FREE nodes only), and cleaned when released. */
  site: z.string().optional(),
});

/** The grand agent's configuration (a JSON or YAML file, and/or flags). */
export const grandConfigSchema = z.strictObject({
  /** The grand agent's name: its credential's (the registrar accepts no other); if set, it must equal it. */
  name: z.string().regex(NAME, '1-64 letters, digits, ".", "_" or "-"').optional(),
  credential: z.string().min(1, "path of a credential with roles 'lookup' and 'controller'"),
  listen: hostPortSchema.default('0.0.0.0:4160'),
  advertiseHost: z.string().min(1).optional(),
  /** Serve a lookup service on `listen` (the default); false uses only existing lookup services. */
  embeddedLookup: z.boolean().default(true),
  groups: z.array(groupSchema).default([]),
  lookups: z.array(hostPortSchema).default([]),
  multicast: multicastSchema,
  maxLeaseMs: z.number().int().min(1000).optional(),
  announceIntervalMs: z.number().int().min(100).default(10_000),
  /** The grand agent's own registration lease. */
  leaseMs: z.number().int().min(100).max(3_600_000).default(10_000),
  monitor: z.strictObject({
    /** WatchStatus interval asked of every agent: the longest time between two statuses. */
    intervalMs: z.number().int().min(100).default(2000),
    /** The shortest: a change that a decision uses (adapter state, life cycle, problems, load moving) comes this soon. */
    minIntervalMs: z.number().int().min(100).default(250),
    /** Samples kept per node (a ring; 300 × 2 s = 10 minutes). */
    historySamples: z.number().int().min(2).max(100_000).default(300),
  }).prefault({}),
  alerts: z.strictObject({
    webhooks: z.array(z.url({ protocol: /^https?$/ })).default([]),
    partitionWindowMs: z.number().int().min(100).default(10_000),
    partitionShare: z.number().gt(0).max(1).default(0.3),
    partitionMinNodes: z.number().int().min(2).default(3),
    partitionHoldMs: z.number().int().min(1000).default(300_000),
    /** An expiry waits this long for others that would make a partition before it is a lease-expired alert. */
    settleMs: z.number().int().min(0).max(10_000).default(500),
    /** The agents' lease: expiries of nodes cut off together spread over a third of it, and the settle window covers that. */
    nodeLeaseMs: z.number().int().min(100).max(3_600_000).optional(),
  }).prefault({}),
  services: z.array(serviceSchema).default([]),
  /**
   * Where the grand agent keeps what must survive it (the deployments' records, the adds and
   * releases under way); absent: memory only, and a restart forgets work under way.
   */
  stateDir: z.string().min(1).optional(),
  /** After a restart, how long the nodes of work left open may take to be back in the pool before it is given up. */
  resumeWaitMs: z.number().int().min(100).default(60_000),
  deploy: deployConfigSchema,
  prometheus: prometheusSchema,
  logLevel: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'silent']).default('info'),
});

type RawGrandConfig = z.output<typeof grandConfigSchema>;

/** One service as the grand agent runs it. */
export interface ServiceConfig {
  name: string;
  adapter: string;
  predictor: PredictorSpec;
  dispatcher?: z.output<typeof dispatcherSchema>;
  /** The site each added node is deployed with (version 0: the store's newest). */
  site?: { site: string; version: number };
  allocator: AllocatorConfig;
}

export type GrandConfig = Omit<RawGrandConfig, 'services'> & { services: ServiceConfig[] };

/** Validates a raw grand-agent config; throws ConfigError naming every bad key. */
export function parseGrandConfig(raw: unknown, source = 'config'): GrandConfig {
  const r = grandConfigSchema.safeParse(raw);
  if (!r.success) throw configErrorOf(r.error, source);
  const services: ServiceConfig[] = [];
  const seen = new Set<string>();
  r.data.services.forEach((s, i) => {
    const path = `services[${i}]`;
    if (seen.has(s.name)) throw new ConfigError(`${source}: ${path}.name: the name '${s.name}' is used twice`);
    seen.add(s.name);
    const { name, adapter, predictor, dispatcher, site, ...allocatorRaw } = s;
    let siteRef: ServiceConfig['site'];
    try {
      if (site !== undefined) {
        const ref = parseSiteRef(site);
        siteRef = { site: ref.site, version: ref.version ?? 0 };
      }
    } catch (err) {
      throw new ConfigError(`${source}: ${path}.site: ${(err as Error).message}`);
    }
    try {
      services.push({
        name, adapter, dispatcher, ...(siteRef && { site: siteRef }),
        predictor: predictor === undefined ? { kind: 'holt' } : parsePredictorSpec(predictor, `${path}.predictor`),
        allocator: parseAllocatorConfig(allocatorRaw, path),
      });
    } catch (err) {
      throw new ConfigError(`${source}: ${(err as Error).message}`);
    }
    const bad = checkMetricName(services[services.length - 1].allocator.metric);
    if (bad) throw new ConfigError(`${source}: ${path}.metric: ${bad}`);
    const d = dispatcher;
    if (d && d.node === undefined) throw new ConfigError(`${source}: ${path}.dispatcher.node: required`);
  });
  return { ...r.data, services };
}
