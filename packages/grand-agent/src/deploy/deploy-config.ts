import { z } from 'zod';
import { hostPortSchema } from '@lama/agent';
import { parseHostPort } from '@lama/lookup';

// Cache sessions are multicast: only a group address (224.0.0.0/4) makes sense there.
const multicastGroup = hostPortSchema.refine((v) => {
  const first = Number(parseHostPort(v)?.host.split('.')[0] ?? '');
  return first >= 224 && first <= 239;
}, 'must be a multicast group HOST:PORT (224.0.0.0 - 239.255.255.255)');

/** The deployment manager's configuration: the grand agent's `deploy` key. */
export const deployConfigSchema = z.strictObject({
  /** Base URL of the site store nodes fetch from (`lama deploy --store` overrides it). */
  storeUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** Multicast group of cache sessions, HOST:PORT; absent: no pre-fetch, every node fetches from the store. */
  cacheGroup: multicastGroup.optional(),
  /** IPv4 address of the interface cache sessions use ('': each agent's default). */
  cacheInterface: z.string().default(''),
  /** Sending rate of a cache session in bits/s (0: the source agent's default). */
  rateBitsPerSec: z.number().int().min(0).default(0),
  /** How long a cache session may run before it ends best effort (0: the source agent's default). */
  snapshotDeadlineMs: z.number().int().min(0).default(0),
  /** A node without DEPLOYMENT-COMPLETE this long after StartDeployment has timed out (and is cleaned). */
  timeoutMs: z.number().int().min(100).default(600_000),
  /** A node not FREE this long after a cleaning was asked has failed to clean. */
  cleanTimeoutMs: z.number().int().min(100).default(300_000),
  /** A broken progress stream of a registered node is reopened after this long. */
  retryMs: z.number().int().min(10).default(1000),
  /** While the partition brake holds, a deployment checks again this often. */
  holdPollMs: z.number().int().min(10).default(500),
  /** A node the allocator releases keeps the site's objects in its cache (a later add starts warm). */
  releaseKeepsCache: z.boolean().default(true),
  /** Deployments (and cleanings) kept for `lama deployments`. */
  keep: z.number().int().min(1).max(100_000).default(200),
}).prefault({});

export type DeployConfig = z.output<typeof deployConfigSchema>;
