// `npm run bench -- deploy-cpu [--rounds 2] [--sets mayflower] [--scale 1] [--bins LABEL=PATH,...] [--profile DIR]`
// What a deployment costs a node's CPU, step by step, apart from the network: on loopback, no
// namespaces, no root. A `lama grand` (cache group 239.255.77.137:17137 on 127.0.0.1, TTL 1,
// 90 Mbit/s as in the Fig. 5 bench), a store served by this process, and two `lama agent`s:
// node-1 is deployed from the store (the "store" row), then node-2 takes node-1's cache by
// multicast (the "multicast" row). Per row: each step's seconds and the agent's CPU seconds
// (StepTime.cpuSeconds), and the agent's whole CPU from /proc. `--bins` runs other builds'
// `lama` (packages/cli/bin/lama.js of another checkout) round by round, interleaved, to
// compare before and after; `--profile DIR` writes node-2's --cpu-prof there.
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { serveStore } from '@lama/agent';
import type { DeploymentJson } from '@lama/grand-agent';
import { createPoolKey, issueCredential, writeCredential } from '@lama/lookup';
import { cpuSeconds } from '@lama/testkit';
import { LAMA_BIN, LamaProcess } from '@lama/testkit/process';
import { cleanUpOnExit } from '../lib/interrupt.js';
import { progress } from '../lib/progress.js';
import { MAYFLOWER, SHOWBOAT, writeDataSet, type DataShape } from '../store/dataset.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? (process.argv[i + 1] as string) : fallback;
}
const ROUNDS = Number(arg('rounds', '2'));
const SCALE = Number(arg('scale', '1'));
const SETS = arg('sets', 'mayflower').split(',').map((n) => ({ mayflower: MAYFLOWER, showboat: SHOWBOAT })[n as 'mayflower']);
const BINS = arg('bins', `this=${LAMA_BIN}`).split(',').map((b) => b.split('=') as [string, string]);
const PROFILE = arg('profile', '');
if (!(ROUNDS >= 1) || SETS.some((s) => !s) || !(SCALE > 0 && SCALE <= 1) || BINS.some(([l, p]) => !l || !p)) {
  process.stderr.write('usage: npm run bench -- deploy-cpu [--rounds N] [--sets mayflower,showboat] [--scale 0<S<=1] [--bins LABEL=PATH,...] [--profile DIR]\n');
  process.exit(2);
}

const WORK = `/dev/shm/lama-deploy-cpu-${process.pid}`;
const ENV = { LAMA_MDNS_INTERFACE: '127.0.0.1', LAMA_MDNS_GROUP: '239.255.76.137', LAMA_MDNS_PORT: '16137' };
const CACHE_GROUP = '239.255.77.137:17137';
const CACHE_RATE = 90_000_000;
const procs: LamaProcess[] = [];
const run = promisify(execFile);

cleanUpOnExit('deploy-cpu', () => {
  for (const p of procs) {
    try {
      process.kill(-(p.child.pid as number), 'SIGKILL');
    } catch {
      // gone
    }
  }
  rmSync(WORK, { recursive: true, force: true });
});

const round = (x: number, d = 3): number => Math.round(x * 10 ** d) / 10 ** d;

function daemon(bin: string, args: string[], nodeArgs: string[] = []): LamaProcess {
  const p = LamaProcess.spawn(process.execPath, [...nodeArgs, bin, ...args], { name: `lama ${args[0]}`, ownGroup: true, env: { ...process.env, ...ENV } });
  procs.push(p);
  return p;
}

interface Row { bin: string; round: number; from: 'store' | 'multicast'; seconds: number; agentCpuSeconds: number; steps: Record<string, { seconds: number; cpuSeconds: number }>; filesFromCacheSource: number; filesFromStore: number }

async function oneRound(bin: [string, string], r: number, shape: DataShape, creds: Record<string, string>, storeUrl: string): Promise<Row[]> {
  const [label, path] = bin;
  const dir = join(WORK, 'run', `${label}-${r}`);
  mkdirSync(dir, { recursive: true });
  const lama = async (...args: string[]): Promise<string> => (await run(process.execPath, [path, ...args, '--credential', creds.operator as string, '--grand', grandAt], { env: { ...process.env, ...ENV }, maxBuffer: 64 << 20 })).stdout;
  writeFileSync(join(dir, 'grand.json'), JSON.stringify({ deploy: { rateBitsPerSec: CACHE_RATE } }));
  const grand = daemon(path, ['grand', '--config', join(dir, 'grand.json'), '--credential', creds.grand as string, '--listen', '127.0.0.1:0', '--store-url', storeUrl,
    '--cache-group', CACHE_GROUP, '--cache-interface', '127.0.0.1', '--deploy-timeout-ms', '900000', '--monitor-interval-ms', '1000']);
  const grandAt = String((await grand.waitForLog((l) => l.msg === 'grand agent running', 60_000)).endpoint);
  const agents: LamaProcess[] = [];
  for (const name of ['node-1', 'node-2']) {
    const cfg = join(dir, `${name}.json`);
    writeFileSync(cfg, JSON.stringify({ deploy: { multicast: { interface: '127.0.0.1', rateBitsPerSec: CACHE_RATE, deadlineMs: 600_000, receiveTimeoutMs: 600_000 } } }));
    mkdirSync(join(dir, 'disks', name, 'srv'), { recursive: true });
    const prof = PROFILE && name === 'node-2' ? ['--cpu-prof', `--cpu-prof-dir=${join(PROFILE, `${label}-${r}`)}`] : [];
    agents.push(daemon(path, ['agent', '--config', cfg, '--name', name, '--credential', creds[name] as string, '--listen', '127.0.0.1:0', '--lease-ms', '5000',
      '--state-dir', join(dir, 'state', name), '--deploy-root', join(dir, 'disks', name)], prof));
  }
  await Promise.all(agents.map((a) => a.waitForLog((l) => l.msg === 'agent running', 60_000)));
  for (let t = 0; ; t++) {
    const pool = JSON.parse(await lama('pool', '--json')) as { nodes: { lifecycle: string }[] };
    if (pool.nodes.filter((n) => n.lifecycle === 'FREE').length >= 2) break;
    if (t > 60) throw new Error('the grand agent did not see 2 FREE nodes within 60 s');
    await new Promise((res) => setTimeout(res, 1000));
  }
  const rows: Row[] = [];
  for (const [k, from] of [[0, 'store'], [1, 'multicast']] as const) {
    const agent = agents[k] as LamaProcess;
    const cpu0 = cpuSeconds(agent.child.pid as number);
    await lama('deploy', shape.name, '--nodes', `node-${k + 1}`);
    const cpu = cpuSeconds(agent.child.pid as number) - cpu0;
    const d = (JSON.parse(await lama('deployments', '--json')) as DeploymentJson[]).at(-1) as DeploymentJson;
    if (d.state !== 'complete') throw new Error(`deployment ${d.id} ended ${d.state}: ${d.message}`);
    const n = d.nodes[0] as DeploymentJson['nodes'][number];
    rows.push({
      bin: label, round: r, from, seconds: round(n.seconds ?? NaN), agentCpuSeconds: round(cpu), filesFromCacheSource: n.filesFromCacheSource, filesFromStore: n.filesFromStore,
      steps: Object.fromEntries(n.steps.map((s) => [s.step, { seconds: round(s.seconds), cpuSeconds: round(s.cpuSeconds ?? NaN) }])),
    });
    progress(`${label} round ${r} ${from}: ${rows.at(-1)?.seconds} s, agent CPU ${round(cpu)} s; ${n.steps.map((s) => `${s.step} ${round(s.seconds, 2)}/${round(s.cpuSeconds ?? NaN, 2)}`).join(', ')}`);
  }
  await Promise.all([grand, ...agents].map((p) => p.stop('SIGTERM', 15_000)));
  rmSync(dir, { recursive: true, force: true });
  return rows;
}

async function main(): Promise<void> {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(join(WORK, 'creds'), { recursive: true });
  const pool = createPoolKey();
  const creds: Record<string, string> = {};
  for (const [name, roles] of [['operator', ['controller']], ['grand', ['lookup', 'controller']], ['node-1', ['agent']], ['node-2', ['agent']]] as const) {
    creds[name] = join(WORK, 'creds', `${name}.cred`);
    writeCredential(creds[name] as string, issueCredential(pool, { name, roles: [...roles], validDays: 1 }));
  }
  const sets: Record<string, unknown>[] = [];
  for (const base of SETS as DataShape[]) {
    const shape = SCALE === 1 ? base : { ...base, files: Math.round(base.files * SCALE), bytes: Math.round(base.bytes * SCALE), dirs: Math.max(23, Math.round(base.dirs * SCALE)) };
    const src = join(WORK, 'src', shape.name);
    progress(`${shape.name}: generating ${shape.files} files, ${(shape.bytes / 2 ** 20).toFixed(1)} MiB; publishing`);
    writeDataSet(shape, src);
    const tops = Array.from({ length: Math.min(23, shape.dirs) }, (_, k) => `s${k}`);
    writeFileSync(join(WORK, `${shape.name}.yaml`), `mapping:\n${tops.map((t) => `  - {shared: ${t}, local: /srv/${shape.name}/${t}, policy: mkdir}`).join('\n')}\nadapters: []\n`);
    const storeDir = join(WORK, 'store', shape.name);
    await run(process.execPath, [LAMA_BIN, 'site', 'publish', src, shape.name, '--store', storeDir, '--credential', creds.operator as string, '--definition', join(WORK, `${shape.name}.yaml`), '--json'], { env: { ...process.env, ...ENV } });
    rmSync(src, { recursive: true, force: true });
    const store = await serveStore(storeDir, { host: '127.0.0.1', port: 0 });
    const rows: Row[] = [];
    try {
      for (let r = 1; r <= ROUNDS; r++) for (const bin of BINS) rows.push(...(await oneRound(bin, r, shape, creds, store.url)));
    } finally {
      await store.close();
    }
    sets.push({ set: shape.name, files: shape.files, bytes: shape.bytes, rows });
  }
  process.stdout.write(`${JSON.stringify({
    bench: 'deploy-cpu', load: (await import('node:os')).loadavg().map((x) => round(x, 1)), scale: SCALE,
    topology: `loopback: lama grand, two lama agents and this process's store; cache group ${CACHE_GROUP} on 127.0.0.1 (TTL 1) at ${CACHE_RATE / 1e6} Mbit/s`,
    measure: 'per step: seconds and the agent process\'s CPU seconds (StepTime.cpuSeconds); agentCpuSeconds: the agent\'s CPU from /proc over the whole `lama deploy`',
    sets,
  }, null, 1)}\n`);
}

main().then(() => process.exit(0), (err: Error) => {
  process.stderr.write(`deploy-cpu bench failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
