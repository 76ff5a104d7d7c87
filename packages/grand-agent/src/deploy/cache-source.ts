import type { Entry } from '@lama/lookup';
import { lifecycleOf } from './lifecycle-entry.js';

/** A node as the deployment manager sees it: where to reach it and what its item says. */
export interface DeployNode {
  name: string;
  /** The agent's control endpoint (it serves lama.deploy.v1.Deployer there too). */
  endpoint: string;
  /** The credential name that registered the item: the only peer the client accepts. */
  owner: string;
  attributes: readonly Entry[];
  /** From the node's latest status, when the monitor has one. */
  cpuUtilization?: number;
  txBitsPerSec?: number;
}

/** The chosen cache source and why. */
export interface CacheSourceChoice {
  node: DeployNode;
  /** The version its cache holds (what PrepareCacheSnapshot is asked for). */
  version: number;
  why: string;
}

/**
 * Picks the cache source among the site's OPERATIONAL nodes (the paper leaves it open). Our
 * rule: the same version first (with version 0, the highest one running); then the lowest CPU
 * utilisation, then the lowest transmit rate in the latest status, then the name. Reading and
 * multicasting the snapshot costs the source CPU and uplink, so the least busy server pays it;
 * an older version's cache still helps (objects are content-addressed), so it is the fallback.
 */
export function chooseCacheSource(nodes: readonly DeployNode[], site: string, version: number, exclude: ReadonlySet<string>): CacheSourceChoice | undefined {
  const ops = nodes.flatMap((node) => {
    const l = lifecycleOf(node.attributes);
    return l?.state === 'OPERATIONAL' && l.site === site && !exclude.has(node.name) ? [{ node, version: l.version }] : [];
  });
  if (ops.length === 0) return undefined;
  const wanted = version || Math.max(...ops.map((o) => o.version));
  const load = (n: DeployNode): [number, number] => [n.cpuUtilization ?? 1, n.txBitsPerSec ?? Number.MAX_VALUE];
  ops.sort((a, b) => Number(b.version === wanted) - Number(a.version === wanted)
    || load(a.node)[0] - load(b.node)[0] || load(a.node)[1] - load(b.node)[1] || a.node.name.localeCompare(b.node.name));
  const best = ops[0];
  const cpu = best.node.cpuUtilization === undefined ? 'no status yet' : `CPU ${(best.node.cpuUtilization * 100).toFixed(0)} %`;
  const same = best.version === wanted ? '' : `, holding version ${best.version} (none runs ${wanted})`;
  return { ...best, why: `the least busy of ${ops.length} OPERATIONAL node(s) of ${site} (${cpu}${same})` };
}
