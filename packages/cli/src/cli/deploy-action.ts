import type { Command } from 'commander';
import { parseSiteRef } from '@lama/agent';
import type { DeploymentJson } from '@lama/grand-agent';
import type { Observable } from 'rxjs';
import { table } from './text-table.js';
import { withGrand, type QueryFlags } from './grand-queries-action.js';

type Node = DeploymentJson['nodes'][number];

const secs = (s: number | undefined): string => (s === undefined ? '-' : `${s.toFixed(1)} s`);
const steps = (n: Node): string => n.steps.map((s) => `${s.step} ${s.seconds.toFixed(1)}`).join(', ');
const siteOf = (d: DeploymentJson): string => (d.site ? `${d.site}${d.version ? `@${d.version}` : ''}` : '-');

/** One node's line: its state, seconds, steps, and why it failed and how its cleanup went. */
function nodeLine(n: Node): string {
  const ended = n.state !== 'deploying' && n.state !== 'cleaning';
  if (!ended) return `  ${n.node}  ${n.state}${n.step ? ` ${n.step}` : ''}`;
  return `  ${n.node}  ${n.state} in ${secs(n.seconds)}${n.steps.length ? ` (${steps(n)})` : ''}${n.reason ? `: ${n.reason}` : ''}${n.cleanup ? `; cleanup ${n.cleanup}` : ''}`;
}

/** Prints a deployment's changes as they stream (a line per step a node enters, its end), and resolves with the last. */
function follow(stream: Observable<DeploymentJson>, json: boolean): Promise<DeploymentJson | undefined> {
  return new Promise((resolve, reject) => {
    let last: DeploymentJson | undefined;
    const shown = new Map<string, string>();
    let message = '';
    stream.subscribe({
      next: (d) => {
        if (!json) {
          if (!last) console.log(`${d.kind === 'deploy' ? 'deployment' : 'cleaning'} ${d.id}: ${siteOf(d)} on ${d.nodes.map((n) => n.node).join(', ')}`);
          if (d.message && d.message !== message && d.state !== 'complete' && d.state !== 'partial' && d.state !== 'failed') console.log(`  ${d.message}`);
          message = d.message;
          for (const n of d.nodes) {
            const line = nodeLine(n);
            if (shown.get(n.node) !== line) console.log(line);
            shown.set(n.node, line);
          }
        }
        last = d;
      },
      error: reject,
      complete: () => resolve(last),
    });
  });
}

function summary(d: DeploymentJson): string {
  const ok = d.nodes.filter((n) => n.state === 'complete' || n.state === 'clean').length;
  const src = d.kind === 'deploy' ? `; ${d.cacheSource ? `cache source ${d.cacheSource}` : 'from the store'}` : '';
  // What failed is on each node's line above.
  return `${d.kind === 'deploy' ? 'deployment' : 'cleaning'} ${d.id} ${d.state}: ${ok} of ${d.nodes.length} nodes in ${secs(d.seconds)}${src}`;
}

async function run(f: QueryFlags, open: (c: import('@lama/grand-agent').GrandClient) => Observable<DeploymentJson>): Promise<void> {
  const d = await withGrand(f, (c) => follow(open(c), f.json));
  if (!d) throw new Error('grand agent: the stream ended without a deployment');
  console.log(f.json ? JSON.stringify(d, null, 2) : summary(d));
  if (d.state !== 'complete') process.exitCode = 1;
}

/** `lama deploy SITE[@VERSION] --nodes a,b,c`. */
export async function runDeploy(cmd: Command, ref: string): Promise<void> {
  const f = cmd.opts<QueryFlags & { nodes: string; store?: string }>();
  // Checked here, before the pool is even searched.
  const { site, version } = parseSiteRef(ref);
  const nodes = f.nodes.split(',').map((n) => n.trim()).filter((n) => n !== '');
  if (nodes.length === 0) throw new Error(`--nodes '${f.nodes}' names no node`);
  await run(f, (c) => c.deploy({ site, version, nodes, storeUrl: f.store }));
}

/** `lama clean NODE...`. */
export async function runClean(cmd: Command, nodes: string[]): Promise<void> {
  const f = cmd.opts<QueryFlags & { keepCache: boolean }>();
  await run(f, (c) => c.clean(nodes, f.keepCache));
}

/** `lama deployments`. */
export async function runDeployments(cmd: Command): Promise<void> {
  const f = cmd.opts<QueryFlags & { site?: string }>();
  const list = await withGrand(f, (c) => c.deployments(f.site ?? ''));
  if (f.json) return console.log(JSON.stringify(list, null, 2));
  if (list.length === 0) return console.log('no deployments');
  console.log(table([
    ['ID', 'KIND', 'SITE', 'STATE', 'CACHE SOURCE', 'SECONDS', 'CREATED', 'NODES'],
    ...list.map((d) => [d.id, d.kind, siteOf(d), d.state, d.kind === 'deploy' ? d.cacheSource ?? 'store' : '-', secs(d.seconds), d.created,
      d.nodes.map((n) => `${n.node}:${n.state}${n.seconds === undefined ? '' : `/${n.seconds.toFixed(1)}s`}`).join(' ')]),
  ]));
  for (const d of list) {
    console.log(`\n${d.id}${d.message ? `: ${d.message}` : ''}`);
    for (const n of d.nodes) console.log(nodeLine(n));
  }
}
