// `npm run bench -- store [--nodes 1,2,4,8,12] [--sets mayflower,showboat] [--baseline ends|all|none]`
// The boot storm the cache multicast removes: in network namespaces this benchmark creates and
// deletes, one Debian apache2 file server on a 100 Mbit/s tbf link serves a site store, and N
// nodes run `lama site pull` of the same version at once onto tmpfs. Per N: seconds until all N
// hold it, bytes the file server sent, its CPU. Baselines of the same run: the link's limit
// (N x set bytes at 100 Mbit/s) and N `curl`s of one tar of the set from the same apache2.
// Also publish time, store size, and a re-publish after 1 % of the files changed.
import { chmodSync, existsSync, mkdirSync, rmSync, statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cpus } from 'node:os';
import { SiteStore } from '@lama/agent';
import { createPoolKey, issueCredential, writeCredential } from '@lama/lookup';
import { LAMA_BIN } from '@lama/testkit/process';
import { cpuSeconds } from '@lama/testkit';
import { cleanUpOnExit } from '../lib/interrupt.js';
import { progress } from '../lib/progress.js';
import { startApache } from '../lib/apache.js';
import { NetLab, fitSlope, inNs as inNsEnv, pidsIn, run, type RunResult } from '../lib/netlab.js';
import { MAYFLOWER, SHOWBOAT, changeOnePercent, writeDataSet, type DataShape } from './dataset.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? (process.argv[i + 1] as string) : fallback;
}
const NODES = arg('nodes', '1,2,4,8,12').split(',').map(Number);
const SETS = arg('sets', 'mayflower,showboat').split(',').map((n) => ({ mayflower: MAYFLOWER, showboat: SHOWBOAT })[n as 'mayflower']);
const BASELINE = arg('baseline', 'ends');
if (NODES.some((n) => !Number.isInteger(n) || n < 1 || n > 50) || SETS.some((s) => !s) || !['ends', 'all', 'none'].includes(BASELINE)) {
  process.stderr.write('usage: npm run bench -- store [--nodes 1,2,4,8,12] [--sets mayflower,showboat] [--baseline ends|all|none]\n');
  process.exit(2);
}
if (process.getuid?.() !== 0) {
  process.stderr.write('the store benchmark needs root (network namespaces, tc)\n');
  process.exit(2);
}

const PORT = 8080;
const LINK_MBIT = 100;
// tmpfs: onto the real disk the figures swing by 2x from run to run (BENCH-NOTES).
const WORK = '/dev/shm/lm13-bench';
const LAB = new NetLab({ prefix: 'lm13-', bridge: 'lm13br', net: '10.113.0' });
const { serverNs: SERVER_NS, serverIp: SERVER_IP } = LAB;
const MDNS_ENV = { LAMA_MDNS_INTERFACE: '127.0.0.1', LAMA_MDNS_GROUP: '239.255.76.113', LAMA_MDNS_PORT: '16113' };

function cleanup(): void {
  LAB.sweep();
  rmSync(WORK, { recursive: true, force: true });
}
cleanUpOnExit('store', cleanup);

/** Runs CMD in namespace ns with the bench's discovery settings. */
const inNs = (ns: string, cmd: string, args: string[]): Promise<RunResult> => inNsEnv(ns, cmd, args, MDNS_ENV);

function duBytes(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    n += e.isDirectory() ? duBytes(p) : statSync(p).size;
  }
  return n;
}

function serverCpu(): number {
  return pidsIn(SERVER_NS).reduce((s, pid) => {
    try {
      return s + cpuSeconds(pid);
    } catch {
      return s;
    }
  }, 0);
}

/** N nodes at once; resolves with the seconds until the last one holds its copy, and what the server spent. */
async function storm(nodes: string[], start: (ns: string, i: number) => Promise<RunResult>): Promise<{ seconds: number; serverMB: number; serverCpuS: number; outputs: string[] }> {
  const tx0 = LAB.serverTxBytes();
  const cpu0 = serverCpu();
  const t0 = performance.now();
  const results = await Promise.all(nodes.map((ns, i) => start(ns, i)));
  const seconds = (performance.now() - t0) / 1000;
  const failed = results.find((r) => r.code !== 0);
  if (failed) throw new Error(`a node failed: ${failed.stderr.slice(-500)}`);
  return { seconds: round(seconds), serverMB: round((LAB.serverTxBytes() - tx0) / 1e6), serverCpuS: round(serverCpu() - cpu0), outputs: results.map((r) => r.stdout) };
}

const round = (x: number, d = 2): number => Math.round(x * 10 ** d) / 10 ** d;

async function main(): Promise<void> {
  cleanup();
  mkdirSync(WORK, { recursive: true });
  // apache2's workers (www-data) read the store.
  chmodSync(WORK, 0o755);
  const maxN = Math.max(...NODES);
  progress(`lab: ${maxN} nodes + file server in namespaces ${SERVER_NS}, lm13-n1..${maxN}, ${LINK_MBIT} Mbit/s tbf ports`);
  const nodeNs = LAB.build(maxN, LINK_MBIT);
  const pool = createPoolKey();
  const controller = issueCredential(pool, { name: 'publisher', roles: ['controller'], validDays: 1 });
  const nodeCred = join(WORK, 'node.cred');
  writeCredential(nodeCred, issueCredential(pool, { name: 'node', roles: ['agent'], validDays: 1 }));
  const storeDir = join(WORK, 'store');
  const store = new SiteStore(storeDir);
  const sets: Record<string, unknown>[] = [];
  const sources: Record<string, { dir: string; sizes: number[]; shape: DataShape }> = {};
  for (const shape of SETS as DataShape[]) {
    const dir = join(WORK, 'src', shape.name);
    progress(`${shape.name}: generating ${shape.files} files, ${(shape.bytes / 2 ** 20).toFixed(0)} MiB`);
    sources[shape.name] = { dir, sizes: writeDataSet(shape, dir), shape };
  }
  const publishes: Record<string, unknown> = {};
  for (const { dir, sizes, shape } of Object.values(sources)) {
    const before = existsSync(storeDir) ? duBytes(storeDir) : 0;
    const first = await store.publish(dir, shape.name, controller);
    const storeBytes = duBytes(storeDir) - before;
    const changed = changeOnePercent(shape, dir, sizes);
    const second = await store.publish(dir, shape.name, controller);
    publishes[shape.name] = {
      files: first.files, bytes: first.bytes, publishSeconds: round(first.seconds), objectsWritten: first.objectsWritten,
      storeMB: round(storeBytes / 1e6), manifestKB: round(statSync(first.manifestPath).size / 1e3),
      republishAfterOnePercent: { filesChanged: changed, objectsWritten: second.objectsWritten, mbWritten: round(second.bytesWritten / 1e6), seconds: round(second.seconds) },
    };
    progress(`${shape.name}: published in ${first.seconds.toFixed(2)} s; 1 % re-publish wrote ${second.objectsWritten} objects in ${second.seconds.toFixed(2)} s`);
    // The baseline's one file: the whole tree as a tar, served by the same apache2.
    mkdirSync(join(storeDir, 'baseline'), { recursive: true });
    run('tar', 'cf', join(storeDir, 'baseline', `${shape.name}.tar`), '-C', dir, '.');
  }
  const apache = await startApache(LAB, storeDir, join(WORK, 'httpd'), PORT);
  const url = `http://${SERVER_IP}:${PORT}/`;
  try {
    for (const { shape } of Object.values(sources)) {
      const rows: Record<string, unknown>[] = [];
      for (const n of NODES) {
        const nodes = nodeNs.slice(0, n);
        rmSync(join(WORK, 'nodes'), { recursive: true, force: true });
        progress(`${shape.name}: ${n} node(s) pull version 1 at once`);
        const pull = await storm(nodes, (ns, i) => inNs(ns, process.execPath, [LAMA_BIN, 'site', 'pull', `${shape.name}@1`, '--store', url, '--cache', join(WORK, 'nodes', `n${i + 1}`), '--credential', nodeCred, '--no-fsync', '--json']));
        const inner = pull.outputs.map((o) => (JSON.parse(o) as { seconds: number }).seconds);
        const linkLimit = (n * shape.bytes * 8) / (LINK_MBIT * 1e6);
        const row: Record<string, unknown> = {
          nodes: n, seconds: pull.seconds, slowestPullSeconds: round(Math.max(...inner)), serverMB: pull.serverMB, serverCpuSeconds: pull.serverCpuS,
          linkLimitSeconds: round(linkLimit), ofLinkLimit: round(linkLimit / pull.seconds, 3),
        };
        if (BASELINE === 'all' || (BASELINE === 'ends' && (n === NODES[0] || n === maxN))) {
          rmSync(join(WORK, 'nodes'), { recursive: true, force: true });
          mkdirSync(join(WORK, 'nodes'), { recursive: true });
          const curl = await storm(nodes, (ns, i) => inNs(ns, 'curl', ['-s', '-f', '-o', join(WORK, 'nodes', `n${i + 1}.tar`), `${url}baseline/${shape.name}.tar`]));
          row.curlTar = { seconds: curl.seconds, serverMB: curl.serverMB, serverCpuSeconds: curl.serverCpuS };
        }
        progress(`${shape.name} N=${n}: ${pull.seconds} s (link limit ${round(linkLimit)} s), server sent ${pull.serverMB} MB`);
        rows.push(row);
      }
      const slope = fitSlope(rows.map((r) => [r.nodes as number, r.seconds as number]));
      sets.push({
        set: shape.name, files: shape.files, bytes: shape.bytes, ...(publishes[shape.name] as object),
        pulls: rows, secondsPerExtraNode: round(slope), linkSecondsPerNode: round((shape.bytes * 8) / (LINK_MBIT * 1e6)),
      });
    }
  } finally {
    apache.kill('SIGTERM');
  }
  process.stdout.write(`${JSON.stringify({
    bench: 'store', link: `${LINK_MBIT} Mbit/s tbf per port, namespaces ${SERVER_NS} + lm13-n*`, fileServer: 'Debian apache2 (mpm_event, sendfile)',
    client: 'lama site pull (8 keep-alive connections per node, no fsync, cache on tmpfs)', cpus: cpus().length,
    baseline: 'the link limit (N x set bytes at the link rate) and N curl downloads of one tar of the set from the same apache2', sets,
  }, null, 1)}\n`);
}

main().then(() => process.exit(0), (err: Error) => {
  process.stderr.write(`store bench failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
