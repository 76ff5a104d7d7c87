import { resolve } from 'node:path';
import type { Command } from 'commander';
import * as grpc from '@grpc/grpc-js';
import { loadCredential, type Credential } from '@lama/lookup';
import { GRAND_SERVICE_TYPE, GrandClient, type Alert, type DecisionJson } from '@lama/grand-agent';
import { formatPool } from './format-pool.js';
import { addDiscoveryOptions, type DiscoveryFlags } from './discovery-flags.js';
import { findEndpoint } from './find-pool.js';
import { LamaCommand, hostPort, intArg } from './options.js';

interface QueryFlags extends DiscoveryFlags {
  credential: string;
  grand?: string;
  waitMs: number;
  json: boolean;
}

/** The Grand API endpoint: --grand, else the grand agent registered in the pool. */
export async function findGrand(f: QueryFlags, credential: Credential): Promise<string> {
  return f.grand ?? findEndpoint({ serviceTypes: [GRAND_SERVICE_TYPE] }, 'no grand agent is registered in the pool', f, credential);
}

async function withGrand<T>(f: QueryFlags, fn: (c: GrandClient) => Promise<T>): Promise<T> {
  const credential = loadCredential(resolve(f.credential));
  const client = new GrandClient(await findGrand(f, credential), credential);
  try {
    return await fn(client);
  } catch (err) {
    const e = err as grpc.ServiceError;
    if (typeof e.code === 'number') throw new Error(`grand agent: ${e.details || e.message} (${grpc.status[e.code]})`);
    throw err;
  } finally {
    client.close();
  }
}

function queryCommand(name: string, description: string): LamaCommand {
  const cmd = new LamaCommand(name)
    .description(description)
    .requiredOption('--credential <file>', "a credential with role 'controller' or 'monitor'")
    .option('--grand <host:port>', "the grand agent's endpoint (skips finding it through the pool)", hostPort)
    .option('--wait-ms <n>', 'how long to discover lookup services', intArg(1), 2000)
    .option('--json', 'print JSON', false) as LamaCommand;
  addDiscoveryOptions(cmd);
  return cmd;
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
  return `${d.at} ${d.service} ${what}${d.node ? ` ${d.node}` : ''} | sum ${f(i.sum)} forecast ${f(i.forecast)} demand ${f(i.demand)} N ${f(i.n)} C ${f(i.capacity)} bounds [${f(i.lowerBound)}, ${f(i.upperBound)}] | ${d.reason}${d.outcome ? ` | ${d.outcome}` : ''}`;
}

/** `lama alerts`, `lama decisions`, `lama pool`: read the grand agent. */
export function grandQueryCommands(): Command[] {
  const alerts = queryCommand('alerts', "list the grand agent's alerts (lease-expired, partition, partition-cleared)")
    .option('--follow', 'keep printing new alerts as they are raised (Ctrl-C to stop)', false);
  alerts.action(async () => {
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
  });
  const decisions = queryCommand('decisions', "list the allocator's decisions with their inputs (sum or forecast, N, thresholds)")
    .option('--service <name>', 'only this service')
    .option('--all', 'include holds (default: only adds and releases, dry-run ones included)', false);
  decisions.action(async () => {
    const f = decisions.opts<QueryFlags & { service?: string; all: boolean }>();
    const list = await withGrand(f, (c) => c.decisions({ service: f.service ?? '', actionsOnly: !f.all }));
    if (f.json) console.log(JSON.stringify(list, null, 2));
    else console.log(list.length ? list.map(formatDecisionJson).join('\n') : 'no decisions');
  });
  const pool = queryCommand('pool', "show the grand agent's view: each service's N, load and forecast, and every node");
  pool.action(async () => {
    const f = pool.opts<QueryFlags>();
    const p = await withGrand(f, (c) => c.pool());
    console.log(f.json ? JSON.stringify(p, null, 2) : formatPool(p));
  });
  return [alerts, decisions, pool];
}
