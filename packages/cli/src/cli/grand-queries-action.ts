import { resolve } from 'node:path';
import type { Command } from 'commander';
import { describeRemoteError, loadCredential, type Credential } from '@lama/lookup';
import { GRAND_SERVICE_TYPE, GrandClient, type Alert, type DecisionJson } from '@lama/grand-agent';
import { formatPool } from './format-pool.js';
import type { DiscoveryFlags } from './discovery-flags.js';
import { findEndpoint } from './find-pool.js';

/** The flags of `lama alerts`, `decisions` and `pool`. */
export interface QueryFlags extends DiscoveryFlags {
  credential: string;
  grand?: string;
  waitMs: number;
  json: boolean;
}

/** The Grand API endpoint: --grand, else the grand agent registered in the pool. */
export async function findGrand(f: QueryFlags, credential: Credential): Promise<{ endpoint: string; owner?: string }> {
  return f.grand ? { endpoint: f.grand } : findEndpoint({ serviceTypes: [GRAND_SERVICE_TYPE] }, 'no grand agent is registered in the pool', f, credential);
}

/** Runs fn with a client of the grand agent; a refusal becomes an error naming the grand agent. */
export async function withGrand<T>(f: QueryFlags, fn: (c: GrandClient) => Promise<T>): Promise<T> {
  const credential = loadCredential(resolve(f.credential));
  const grand = await findGrand(f, credential);
  // The peer must be the grand agent that registered the item (or, with --grand, hold role lookup).
  const client = new GrandClient(grand.endpoint, credential, 10_000, grand.owner);
  try {
    return await fn(client);
  } catch (err) {
    const remote = describeRemoteError(err);
    if (remote) throw new Error(`grand agent: ${remote}`);
    throw err;
  } finally {
    client.close();
  }
}

/** One readable line per alert. */
export function formatAlert(a: Alert): string {
  const who = a.node ? ` ${a.node}${a.roles?.length ? ` (${a.roles.join(',')})` : ''}` : a.nodes ? ` ${a.nodes.join(',')}` : '';
  return `${a.at}  #${a.id} ${a.kind}${who}: ${a.message}`;
}

function formatDecisionJson(d: DecisionJson): string {
  const i = d.inputs;
  const f = (x: number | string | undefined): string => (x === undefined ? '-' : typeof x === 'string' ? x : Number.isInteger(x) ? String(x) : x.toFixed(1));
  const what = d.dryRun ? `dry-run:${d.intended}` : d.action;
  return `${d.at} ${d.service} ${what}${d.node ? ` ${d.node}` : ''} | sum ${f(i.sum)} forecast ${f(i.forecast)} demand ${f(i.demand)} N ${f(i.n)} C ${f(i.capacity)} bounds [${f(i.lowerBound)}, ${f(i.upperBound)}] | ${d.reason}${d.outcome ? ` | ${d.outcome}${d.tookSeconds !== undefined ? ` in ${d.tookSeconds.toFixed(1)} s` : ''}` : ''}`;
}

/** `lama alerts`. */
export async function runAlerts(alerts: Command): Promise<void> {
  const f = alerts.opts<QueryFlags & { follow: boolean }>();
  await withGrand(f, async (c) => {
    const list = await c.alerts();
    if (f.json && !f.follow) console.log(JSON.stringify(list, null, 2));
    else for (const a of list) console.log(f.json ? JSON.stringify(a) : formatAlert(a));
    if (!f.json && !f.follow && list.length === 0) console.log('no alerts');
    if (!f.follow) return;
    await new Promise<void>((resolveDone, reject) => {
      const sub = c.watchAlerts(list.at(-1)?.id ?? 0).subscribe({
        next: (a) => console.log(f.json ? JSON.stringify(a) : formatAlert(a)),
        error: reject,
        complete: resolveDone,
      });
      process.once('SIGINT', () => { sub.unsubscribe(); resolveDone(); });
    });
  });
}

/** `lama decisions`. */
export async function runDecisions(decisions: Command): Promise<void> {
  const f = decisions.opts<QueryFlags & { service?: string; all: boolean }>();
  const list = await withGrand(f, (c) => c.decisions({ service: f.service ?? '', actionsOnly: !f.all }));
  if (f.json) console.log(JSON.stringify(list, null, 2));
  else console.log(list.length ? list.map(formatDecisionJson).join('\n') : 'no decisions');
}

/** `lama pool`. */
export async function runPool(pool: Command): Promise<void> {
  const f = pool.opts<QueryFlags>();
  const p = await withGrand(f, (c) => c.pool());
  console.log(f.json ? JSON.stringify(p, null, 2) : formatPool(p));
}
