import type { DeploymentJson } from '@lama/grand-agent';

type Node = DeploymentJson['nodes'][number];

// The procedures' steps (docs/deployment.md), short enough for one line per node.
const SHORT: Readonly<Record<string, string>> = {
  'stop-services': 'stop', 'fetch-manifest': 'manifest', 'receive-cache': 'cache', 'fetch-missing': 'fetch', materialize: 'replica',
  map: 'map', 'start-services': 'start', unmap: 'unmap', 'remove-instance-data': 'instance', 'drop-cache': 'drop',
};

const s1 = (s: number | undefined): string => `${(s ?? 0).toFixed(1)}s`;

/** A node's steps with their seconds, and where its files came from next to the steps that moved them. */
function steps(d: DeploymentJson, n: Node): string {
  return n.steps.map((s) => {
    const base = `${SHORT[s.step] ?? s.step} ${s1(s.seconds)}`;
    if (s.step === 'receive-cache') return `${base} (${n.filesFromCacheSource} files by multicast from ${d.cacheSource ?? '?'})`;
    if (s.step === 'fetch-missing' && n.filesFromStore > 0) return `${base} (${n.filesFromStore} files from the store)`;
    return base;
  }).join(' ');
}

/**
 * One line per node of an ended deployment or cleaning, as the demo prints them:
 * `deploy radio@1 -> stream-2: stop 0.0s ... cache 0.4s (21 files by multicast from stream-1) ... = 0.9s`.
 */
export function deploymentLines(d: DeploymentJson): string[] {
  return d.nodes.map((n) => {
    const head = d.kind === 'deploy' ? `deploy ${d.site}@${d.version} -> ${n.node}` : `clean ${n.node} -> FREE`;
    const ok = n.state === 'complete' || n.state === 'clean';
    const tail = ok ? `= ${s1(n.seconds)}` : `${n.state.toUpperCase()} after ${s1(n.seconds)}${n.reason ? `: ${n.reason}` : ''}${n.cleanup ? `; cleanup ${n.cleanup}` : ''}`;
    return `${head}: ${[steps(d, n), tail].filter((x) => x !== '').join(' ')}`;
  });
}

