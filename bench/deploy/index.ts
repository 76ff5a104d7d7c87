// `npm run bench -- deploy [--nodes 1,2,4] [--sets mayflower,showboat] [--modes unicast,multicast] [--scale 1]`
// Seed 000 §4, Fig. 5: total deployment time (first StartDeployment -> last DEPLOYMENT-COMPLETE,
// as the grand agent records it) against the number of new nodes N, with and without multicast
// pre-fetch. In network namespaces this benchmark creates and deletes (prefix lm15-, bridge
// lm15br, 10.115.0.0/24, every port 100 Mbit/s tbf both ways): Debian apache2 serves the site
// store (lm15-srv, 10.115.0.1:8080); `lama grand` with its embedded lookup (lm15-n1,
// 10.115.0.11:7000); one cache source `lama agent` made OPERATIONAL first, from the store
// (lm15-n2, .12:7001); N new `lama agent`s (lm15-n3.., .13.. :7001). Cache sessions run on the
// namespaces' eth0 (group 239.255.115.1, TTL 1); discovery stays on each namespace's loopback,
// agents join the grand agent's lookup by unicast (--lookup).
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import type { DeploymentJson } from '@lama/grand-agent';
import { createPoolKey, issueCredential, writeCredential } from '@lama/lookup';
import { LAMA_BIN, LamaProcess } from '@lama/testkit/process';
import { startApache } from '../lib/apache.js';
import { NetLab, fitSlope, inNs } from '../lib/netlab.js';
import { cleanUpOnExit } from '../lib/interrupt.js';
import { progress } from '../lib/progress.js';
import { MAYFLOWER, SHOWBOAT, writeDataSet, type DataShape } from '../store/dataset.js';
import { writeChart, type Series } from './chart.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? (process.argv[i + 1] as string) : fallback;
}
const NODES = arg('nodes', '1,2,4').split(',').map(Number);
const SCALE = Number(arg('scale', '1'));
const SETS = arg('sets', 'mayflower').split(',').map((n) => ({ mayflower: MAYFLOWER, showboat: SHOWBOAT })[n as 'mayflower']);
const MODES = arg('modes', 'unicast,multicast').split(',');
const CHART = arg('chart', '');
if (NODES.some((n) => !Number.isInteger(n) || n < 1 || n > 12) || SETS.some((s) => !s) || !(SCALE > 0 && SCALE <= 1)
  || MODES.some((m) => m !== 'unicast' && m !== 'multicast')) {
  process.stderr.write('usage: npm run bench -- deploy [--nodes 1,2,4] [--sets mayflower,showboat] [--modes unicast,multicast] [--scale 0<S<=1] [--chart docs/FILE.svg]\n');
  process.exit(2);
}
if (process.getuid?.() !== 0) {
  process.stderr.write('the deploy benchmark needs root (network namespaces, tc)\n');
  process.exit(2);
}

const LAB = new NetLab({ prefix: 'lm15-', bridge: 'lm15br', net: '10.115.0' });
const LINK_MBIT = 100;
const STORE_PORT = 8080;
const GRAND_PORT = 7000;
const AGENT_PORT = 7001;
const CACHE_GROUP = '239.255.115.1:17115';
// Paced below the link: at the link rate the sender's own queue drops (BENCH-NOTES).
const CACHE_RATE = 90_000_000;
// tmpfs: onto the real disk the figures swing by 2x from run to run (BENCH-NOTES).
const WORK = '/dev/shm/lm15-bench';
const ENV = { LAMA_MDNS_INTERFACE: '127.0.0.1', LAMA_MDNS_GROUP: '239.255.76.115', LAMA_MDNS_PORT: '16115' };
const procs: LamaProcess[] = [];

function cleanup(): void {
  for (const p of procs) {
    try {
      process.kill(-(p.child.pid as number), 'SIGKILL');
    } catch {
      // gone
    }
  }
  LAB.sweep();
  rmSync(WORK, { recursive: true, force: true });
}
cleanUpOnExit('deploy', cleanup);

const round = (x: number, d = 2): number => Math.round(x * 10 ** d) / 10 ** d;
const GRAND = `${LAB.nodeIp(1)}:${GRAND_PORT}`;

/** A `lama` daemon in namespace ns, its own process group, logs kept. */
function daemon(ns: string, args: string[]): LamaProcess {
  const p = LamaProcess.spawn('ip', ['netns', 'exec', ns, process.execPath, LAMA_BIN, ...args], { name: `lama ${args[0]} in ${ns}`, ownGroup: true, env: { ...process.env, ...ENV } });
  procs.push(p);
  return p;
}

/** A lama client command against the grand agent, from its namespace; throws on failure. */
async function lama(ctl: string, ...args: string[]): Promise<string> {
  const r = await inNs(LAB.nodeNs(1), process.execPath, [LAMA_BIN, ...args, '--credential', ctl, '--grand', GRAND], ENV);
  if (r.code !== 0) throw new Error(`lama ${args.join(' ')} failed (${r.code}): ${r.stderr.slice(-800)}${r.stdout.slice(-800)}`);
  return r.stdout;
}

async function deployments(ctl: string): Promise<DeploymentJson[]> {
  return JSON.parse(await lama(ctl, 'deployments', '--json')) as DeploymentJson[];
}

/** The site definition: each top directory of the tree linked file by file (mkdir) under /srv/SITE. */
function definition(shape: DataShape, file: string): void {
  const tops = Array.from({ length: Math.min(23, shape.dirs) }, (_, k) => `s${k}`);
  writeFileSync(file, `mapping:\n${tops.map((t) => `  - {shared: ${t}, local: /srv/${shape.name}/${t}, policy: mkdir}`).join('\n')}\nadapters: []\n`);
}

/** Waits until the grand agent sees `count` FREE nodes (the life cycle attribute lags a transition a little). */
async function freeNodes(ctl: string, count: number): Promise<void> {
  for (let t = 0; ; t++) {
    const pool = JSON.parse(await lama(ctl, 'pool', '--json')) as { nodes: { lifecycle: string }[] };
    if (pool.nodes.filter((n) => n.lifecycle === 'FREE').length >= count) return;
    if (t > 60) throw new Error(`the grand agent did not see ${count} FREE nodes within 60 s`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

interface Row {
  nodes: number; seconds: number; slowestNodeSeconds: number; filesFromCacheSource: number; filesFromStore: number; cacheSource?: string;
  steps: Record<string, { seconds: number; cpuSeconds: number }>;
  /** Mean CPU seconds of a new node's agent over its steps, and what N of them need of the machine's cores at the least (N x that / cores). */
  cpuSecondsPerNode: number; cpuFloorSeconds: number;
  /** The machine's 1-minute load average when the row ended. */
  load: number;
}

/** Mean of each step's seconds and CPU seconds over the deployment's nodes. */
function meanSteps(d: DeploymentJson): Record<string, { seconds: number; cpuSeconds: number }> {
  const sums: Record<string, { seconds: number; cpuSeconds: number }> = {};
  for (const n of d.nodes) {
    for (const s of n.steps) {
      const t = (sums[s.step] ??= { seconds: 0, cpuSeconds: 0 });
      t.seconds += s.seconds;
      t.cpuSeconds += s.cpuSeconds;
    }
  }
  return Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, { seconds: round(v.seconds / d.nodes.length), cpuSeconds: round(v.cpuSeconds / d.nodes.length) }]));
}

async function runMode(shape: DataShape, mode: string, creds: Record<string, string>, storeUrl: string): Promise<{ leadTime: Row; rows: Row[] }> {
  const maxN = Math.max(...NODES);
  const ctl = creds.operator as string;
  writeFileSync(join(WORK, 'grand.json'), JSON.stringify({ deploy: { rateBitsPerSec: CACHE_RATE } }));
  const grand = daemon(LAB.nodeNs(1), ['grand', '--config', join(WORK, 'grand.json'), '--credential', creds.grand as string, '--listen', GRAND, '--store-url', storeUrl,
    ...(mode === 'multicast' ? ['--cache-group', CACHE_GROUP] : []), '--deploy-timeout-ms', '900000', '--monitor-interval-ms', '1000']);
  await grand.waitForLog((l) => l.msg === 'grand agent running', 30_000);
  const agents: LamaProcess[] = [];
  for (let i = 2; i <= maxN + 2; i++) {
    const name = `node-${i - 1}`;
    const ip = LAB.nodeIp(i);
    const cfg = join(WORK, `agent-${name}.json`);
    writeFileSync(cfg, JSON.stringify({ deploy: { multicast: { interface: ip, rateBitsPerSec: CACHE_RATE, deadlineMs: 600_000, receiveTimeoutMs: 600_000 } } }));
    rmSync(join(WORK, 'state', name), { recursive: true, force: true });
    rmSync(join(WORK, 'disks', name), { recursive: true, force: true });
    mkdirSync(join(WORK, 'disks', name, 'srv'), { recursive: true });
    agents.push(daemon(LAB.nodeNs(i), ['agent', '--config', cfg, '--name', name, '--credential', creds[name] as string, '--listen', `${ip}:${AGENT_PORT}`, '--lookup', GRAND,
      '--lease-ms', '5000', '--state-dir', join(WORK, 'state', name), '--deploy-root', join(WORK, 'disks', name)]));
  }
  await Promise.all(agents.map((a) => a.waitForLog((l) => l.msg === 'agent running', 60_000)));
  await freeNodes(ctl, maxN + 1);
  const toRow = (d: DeploymentJson): Row => {
    if (d.state !== 'complete') throw new Error(`deployment ${d.id} ended ${d.state}: ${d.message}`);
    const steps = meanSteps(d);
    const cpu = Object.values(steps).reduce((s, x) => s + x.cpuSeconds, 0);
    return {
      nodes: d.nodes.length, seconds: round(d.seconds ?? NaN), slowestNodeSeconds: round(Math.max(...d.nodes.map((n) => n.seconds ?? 0))),
      filesFromCacheSource: d.nodes.reduce((s, n) => s + n.filesFromCacheSource, 0), filesFromStore: d.nodes.reduce((s, n) => s + n.filesFromStore, 0),
      ...(d.cacheSource && { cacheSource: d.cacheSource }), steps, cpuSecondsPerNode: round(cpu), cpuFloorSeconds: round((d.nodes.length * cpu) / cpus().length),
      load: round(loadavg()[0] ?? 0, 1),
    };
  };
  // The cache source: the site's first deployment, from the store (also the lead time of one add).
  progress(`${shape.name}/${mode}: node-1 (the cache source) from the store`);
  await lama(ctl, 'deploy', shape.name, '--nodes', 'node-1');
  const leadTime = toRow((await deployments(ctl)).at(-1) as DeploymentJson);
  progress(`${shape.name}/${mode}: one add took ${leadTime.seconds} s`);
  const rows: Row[] = [];
  for (const n of NODES) {
    const names = Array.from({ length: n }, (_, k) => `node-${k + 2}`);
    progress(`${shape.name}/${mode}: ${n} new node(s) at once`);
    await lama(ctl, 'deploy', shape.name, '--nodes', names.join(','));
    const row = toRow((await deployments(ctl)).at(-1) as DeploymentJson);
    progress(`${shape.name}/${mode} N=${n}: ${row.seconds} s (${row.filesFromCacheSource} files by multicast, ${row.filesFromStore} from the store; ${row.cpuSecondsPerNode} CPU-s per node, load ${loadavg()[0]?.toFixed(1)})`);
    rows.push(row);
    // Back to FREE with an empty cache, so the next N starts as cold as this one did.
    await lama(ctl, 'clean', ...names);
    await freeNodes(ctl, maxN);
  }
  await Promise.all([grand, ...agents].map((p) => p.stop('SIGTERM', 10_000)));
  return { leadTime, rows };
}

async function main(): Promise<void> {
  cleanup();
  mkdirSync(WORK, { recursive: true });
  // apache2's workers (www-data) read the store.
  chmodSync(WORK, 0o755);
  const maxN = Math.max(...NODES);
  progress(`lab: store, grand agent, cache source and ${maxN} new nodes in namespaces lm15-*, ${LINK_MBIT} Mbit/s tbf ports`);
  LAB.build(maxN + 2, LINK_MBIT);
  const pool = createPoolKey();
  const creds: Record<string, string> = {};
  const cred = (name: string, roles: string[]): void => {
    creds[name] = join(WORK, 'creds', `${name}.cred`);
    mkdirSync(join(WORK, 'creds'), { recursive: true });
    writeCredential(creds[name] as string, issueCredential(pool, { name, roles, validDays: 1 }));
  };
  cred('operator', ['controller']);
  cred('grand', ['lookup', 'controller']);
  for (let i = 1; i <= maxN + 1; i++) cred(`node-${i}`, ['agent']);
  const storeDir = join(WORK, 'store');
  const shapes = (SETS as DataShape[]).map((s) => (SCALE === 1 ? s : { ...s, files: Math.round(s.files * SCALE), bytes: Math.round(s.bytes * SCALE), dirs: Math.max(23, Math.round(s.dirs * SCALE)) }));
  for (const shape of shapes) {
    const dir = join(WORK, 'src', shape.name);
    progress(`${shape.name}: generating ${shape.files} files, ${(shape.bytes / 2 ** 20).toFixed(1)} MiB; publishing`);
    writeDataSet(shape, dir);
    definition(shape, join(WORK, `${shape.name}.yaml`));
    const r = await inNs(LAB.serverNs, process.execPath, [LAMA_BIN, 'site', 'publish', dir, shape.name, '--store', storeDir, '--credential', creds.operator as string,
      '--definition', join(WORK, `${shape.name}.yaml`), '--json'], ENV);
    if (r.code !== 0) throw new Error(`publish failed: ${r.stderr}`);
    rmSync(dir, { recursive: true, force: true });
  }
  const apache = await startApache(LAB, storeDir, join(WORK, 'httpd'), STORE_PORT);
  const storeUrl = `http://${LAB.serverIp}:${STORE_PORT}/`;
  const sets: Record<string, unknown>[] = [];
  const series: Series[] = [];
  try {
    for (const shape of shapes) {
      const modes: Record<string, unknown> = {};
      const slopes: Record<string, number> = {};
      for (const mode of MODES) {
        const { leadTime, rows } = await runMode(shape, mode, creds, storeUrl);
        slopes[mode] = round(fitSlope(rows.map((r) => [r.nodes, r.seconds])), 3);
        modes[mode] = { leadTimeOfOneAdd: leadTime, rows, secondsPerExtraNode: slopes[mode] };
        series.push({ label: `${shape.name}, ${mode === 'multicast' ? 'multicast pre-fetch' : 'no pre-fetch (store only)'}`, points: rows.map((r) => [r.nodes, r.seconds]), dashed: mode === 'unicast' });
      }
      const m = modes.multicast as { rows: Row[] } | undefined;
      const first = m?.rows[0];
      const last = m?.rows.at(-1);
      sets.push({
        set: shape.name, files: shape.files, bytes: shape.bytes, ...modes,
        ...(slopes.unicast !== undefined && slopes.multicast !== undefined && { slopeRatioUnicastToMulticast: round(slopes.unicast / slopes.multicast, 1) }),
        ...(first && last && { multicastLargestNOverN1: { from: first.nodes, to: last.nodes, ratio: round(last.seconds / first.seconds, 3) } }),
        linkSecondsPerNode: round((shape.bytes * 8) / (LINK_MBIT * 1e6)),
      });
    }
  } finally {
    apache.kill('SIGTERM');
  }
  if (CHART) writeChart(CHART, series, 'Total deployment time against new nodes (100 Mbit/s, apache2 store)');
  process.stdout.write(`${JSON.stringify({
    bench: 'deploy', figure: 'seed 000 Fig. 5', cpus: cpus().length, scale: SCALE,
    topology: {
      link: `${LINK_MBIT} Mbit/s tbf per port, both directions`, store: `Debian apache2 in ${LAB.serverNs}, ${storeUrl}`,
      grand: `lama grand (embedded lookup) in ${LAB.nodeNs(1)}, ${GRAND}`, cacheSource: `lama agent node-1 in ${LAB.nodeNs(2)}, ${LAB.nodeIp(2)}:${AGENT_PORT}`,
      newNodes: `lama agent node-2.. in ${LAB.nodeNs(3)}.., ${LAB.nodeIp(3)}..:${AGENT_PORT}`, cacheGroup: `${CACHE_GROUP} on each namespace's eth0, TTL 1, ${CACHE_RATE / 1e6} Mbit/s`,
    },
    measure: 'seconds of the grand agent\'s deployment record: first StartDeployment -> last DEPLOYMENT-COMPLETE (lama deployments --json); per step the nodes\' mean seconds and agent CPU seconds; cpuFloorSeconds = N x cpuSecondsPerNode / cores',
    baseline: 'no pre-fetch: every new node fetches from the store (the grand agent without --cache-group); linkSecondsPerNode is one copy of the set at the link rate',
    sets,
  }, null, 1)}\n`);
}

main().then(() => process.exit(0), (err: Error) => {
  process.stderr.write(`deploy bench failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
