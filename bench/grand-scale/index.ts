// `npm run bench -- grand-scale [--agents N] [--per-process N] [--lease-ms MS] [--window-s S] [--decision-steps N] [--period-ms MS]`
// (LAMA_BENCH_CPU_PROF=DIR: V8 CPU profiles of every process, for --cpu-prof's viewers)
// The grand agent watching many agents: one `lama grand` (no embedded lookup) and one `lama
// lookup`, and N simulated agents in a few processes. Each simulated agent is the real Agent
// (its own gRPC server, mutual TLS, Status/WatchStatus, its own lease); only its L(t) is held
// in memory, so this process can step a node's CPU and time when the grand agent's view has it.
// Figures: the grand agent's CPU and RSS (idle, with N agents), status change → the grand
// agent's view, status change → the allocator's decision that uses it (four of the agents serve
// a service: a step across its band, and one within it), alert latency of agents whose process
// is killed (SIGKILL: the lease is dropped, not cancelled). Baselines: the targets, and
// the same grand agent with no agent. One JSON document on stdout.
import { fork, type ChildProcess } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GrandClient, type Alert, type DecisionJson } from '@lama/grand-agent';
import { loadCredential } from '@lama/lookup';
import { rssMb, sleep } from '@lama/testkit';
import { LamaProcess } from '../agent/daemons.js';
import { benchPool } from '../lib/bench-pool.js';
import { onInterrupt } from '../lib/interrupt.js';
import { CpuWindow } from '../lib/proc.js';
import { progress } from '../lib/progress.js';
import { Latencies } from '../lib/stats.js';

function arg(name: string, fallback: string): number {
  const i = process.argv.indexOf(`--${name}`);
  return Number(i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback);
}
const AGENTS = arg('agents', '1000');
// 125 a process: at 250 a process starting its agents on a loaded 2-core machine missed its own deadlines (docs/faults.md).
const PER_PROCESS = arg('per-process', '125');
const LEASE_MS = arg('lease-ms', '10000');
const WINDOW_S = arg('window-s', '30');
const DECISION_STEPS = arg('decision-steps', '40');
const PERIOD_MS = arg('period-ms', '2000');
const INTERVAL_MS = 2000;
const VICTIMS = 3;
// The served nodes: each runs the held adapter (role bench-web) and so serves the service `bench`.
const SERVED = 4;
if (![AGENTS, PER_PROCESS, LEASE_MS, WINDOW_S, DECISION_STEPS, PERIOD_MS].every(Number.isInteger) || AGENTS < SERVED || PER_PROCESS < 1 || LEASE_MS < 1000 || WINDOW_S < 5 || DECISION_STEPS < 4 || PERIOD_MS < 100) {
  process.stderr.write(`usage: npm run bench -- grand-scale [--agents N ≥ ${SERVED}] [--per-process N ≥ 1] [--lease-ms MS ≥ 1000] [--window-s S ≥ 5] [--decision-steps N ≥ 4] [--period-ms MS ≥ 100]\n`);
  process.exit(2);
}
// Whatever the machine's defaults, discovery stays on loopback on this benchmark's own group.
const ENV = { ...process.env, LAMA_MDNS_INTERFACE: '127.0.0.1', LAMA_MDNS_GROUP: '239.255.76.134', LAMA_MDNS_PORT: '16134' };
const SIM = join(dirname(fileURLToPath(import.meta.url)), 'sim-agents.js');
// LAMA_BENCH_CPU_PROF=DIR: every process of the run writes a V8 CPU profile there when it exits.
const PROF = process.env.LAMA_BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.LAMA_BENCH_CPU_PROF] : [];

const { dir, cred } = benchPool('lama-grand-scale-');
// The agents' state directories on tmpfs: each agent syncs a page there every metrics interval
// (its full-disk probe), a few hundred fsyncs a second on a disk for a process of 250 agents.
const stateDir = mkdtempSync('/dev/shm/lama-grand-scale-');
const procs: LamaProcess[] = [];
const sims: ChildProcess[] = [];

async function cleanup(): Promise<void> {
  for (const s of sims) if (s.exitCode === null && s.signalCode === null) s.kill('SIGTERM');
  await Promise.race([Promise.all(sims.map((s) => (s.exitCode !== null || s.signalCode !== null ? undefined : new Promise((r) => s.once('exit', r))))), sleep(15_000)]);
  for (const s of sims) if (s.exitCode === null && s.signalCode === null) s.kill('SIGKILL');
  await Promise.allSettled(procs.map((p) => p.stop()));
  rmSync(dir, { recursive: true, force: true });
  rmSync(stateDir, { recursive: true, force: true });
}
onInterrupt(cleanup);

/** Forks a process of simulated agents; resolves once every one of them joined. */
function startSims(names: string[], lookup: string, served: string[] = []): Promise<ChildProcess> {
  for (const n of names) cred(n, ['agent']);
  const child = fork(SIM, [JSON.stringify({ lookup, names, credDir: dir, stateDir, leaseMs: LEASE_MS, intervalMs: INTERVAL_MS, served })], { env: ENV, execArgv: PROF, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  sims.push(child);
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`simulated agents (${names[0]}…) exited with ${code} before joining`)));
  });
}

const round = (x: number, d = 3): number => Number(x.toFixed(d));

/**
 * The service the served nodes carry, sized so that one served node's CPU decides where the sum
 * lies: C = 100 (cpu is in %), N = 4, the others at 10 %: the band is [0.1 · 300, 0.2 · 400] =
 * [30, 80], the sum 40 at rest; one node at 70 % makes it 100 (across), at 25 % 55 (within).
 * minNodes = maxNodes = 4: every decision is a hold, nothing is carried out.
 */
const SERVICE = {
  name: 'bench', role: 'bench-web', adapter: 'svc', metric: 'cpu', capacityPerNode: 100, upper: 0.2, lower: 0.1,
  minNodes: SERVED, maxNodes: SERVED, periodMs: PERIOD_MS, predictor: { kind: 'threshold' },
};
/** One served node's step: to this CPU, and whether it moves the sum across the band. */
const PATTERN = [{ cpu: 0.7, crossing: true }, { cpu: 0.1, crossing: true }, { cpu: 0.25, crossing: false }, { cpu: 0.1, crossing: false }];
const mb = (pid: number): number => round(rssMb(pid) ?? NaN, 1);

async function main(): Promise<void> {
  const started = Date.now();
  const lookup = new LamaProcess('lama lookup', ['lookup', '--credential', cred('bench-lookup', ['lookup']), '--listen', '127.0.0.1:0', '--no-multicast', '--log-level', 'info'], PROF, ENV);
  procs.push(lookup);
  const lookupEndpoint = String((await lookup.waitFor((r) => r.msg === 'lookup service listening', 20_000, 'lookup listening')).rec.endpoint);
  const grandConfig = join(dir, 'grand.json');
  writeFileSync(grandConfig, JSON.stringify({ credential: cred('grand', ['lookup', 'controller']), services: [SERVICE] }));
  const grand = new LamaProcess('lama grand', ['grand', '--config', grandConfig, '--listen', '127.0.0.1:0', '--no-multicast', '--no-embedded-lookup',
    '--lookup', lookupEndpoint, '--log-level', 'info'], PROF, ENV);
  procs.push(grand);
  const grandEndpoint = String((await grand.waitFor((r) => r.msg === 'grand agent running', 30_000, 'grand agent running')).rec.endpoint);
  const api = new GrandClient(grandEndpoint, loadCredential(cred('console', ['controller'])));

  progress('baseline: the grand agent with no agent, 5 s');
  await sleep(2000);
  const idleCpu = new CpuWindow(grand.pid);
  await sleep(5000);
  const idle = { cpuCores: idleCpu.finish().server, rssMb: mb(grand.pid) };

  const names = Array.from({ length: AGENTS }, (_, i) => `sim-${String(i + 1).padStart(4, '0')}`);
  const served = names.slice(0, SERVED);
  const unserved = names.slice(SERVED);
  const joinStart = Date.now();
  const byName = new Map<string, ChildProcess>();
  for (let i = 0; i < names.length; i += PER_PROCESS) {
    const chunk = names.slice(i, i + PER_PROCESS);
    progress(`simulated agents ${chunk[0]}..${chunk[chunk.length - 1]} joining`);
    const child = await startSims(chunk, lookupEndpoint, chunk.filter((n) => served.includes(n)));
    for (const n of chunk) byName.set(n, child);
    // How the view follows the join: where it stalls says which stage does not hold.
    const nodes = (await api.pool()).nodes;
    progress(`the grand agent's view: ${nodes.length} nodes, ${nodes.filter((n) => n.lastStatusMs > 0).length} with a status; lama lookup RSS ${mb(lookup.pid)} MB`);
  }
  const victims: { name: string; child: ChildProcess; killedAt: number }[] = [];
  for (let v = 1; v <= VICTIMS; v++) {
    const name = `victim-${v}`;
    victims.push({ name, child: await startSims([name], lookupEndpoint), killedAt: 0 });
  }
  const joinedMs = Date.now() - joinStart;
  const total = AGENTS + VICTIMS;
  progress(`${total} agents registered in ${(joinedMs / 1000).toFixed(1)} s; waiting for the grand agent to watch them all`);
  let watched = 0;
  let inView = 0;
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; await sleep(2000)) {
    const nodes = (await api.pool()).nodes;
    inView = nodes.length;
    watched = nodes.filter((n) => n.lastStatusMs > 0).length;
    progress(`the grand agent's view: ${inView} nodes, ${watched} with a status`);
    if (watched >= total) break;
  }
  const viewFullMs = Date.now() - joinStart;
  // Short of all, the figures below are still worth having: the document says how many it watched.

  progress(`steady state: ${WINDOW_S} s, one node's CPU stepped every 250 ms`);
  const cpu = new CpuWindow(grand.pid);
  const rssSamples: number[] = [];
  const pending = new Map<string, { value: number; at: number }>();
  const toView = new Latencies();
  const seenLate = new Latencies();
  const sub = api.watchPool(1000).subscribe({
    next: (view) => {
      const now = Date.now();
      for (const n of view.nodes) {
        const p = pending.get(n.node);
        if (!p || Math.abs(n.cpuUtilization - p.value) > 1e-9) continue;
        pending.delete(n.node);
        toView.add(Math.max(0, n.lastStatusMs - p.at));
        seenLate.add(now - p.at);
      }
    },
    error: (err: Error) => progress(`WatchPool ended: ${err.message}`),
  });
  let step = 0;
  const decisions = stepDecisions(api, served, byName, () => ++step);
  // Each step moves a node's CPU across 0.45 (0.2 ↔ 0.7), more than the 5 points that make an
  // agent send at once; the small unique offset tells the steps apart in the view.
  const lastSet = new Map<string, number>();
  const windowEnd = Date.now() + WINDOW_S * 1000;
  while (Date.now() < windowEnd) {
    const name = unserved[Math.floor(Math.random() * unserved.length)];
    if (!pending.has(name)) {
      const value = round(((lastSet.get(name) ?? 0.1) < 0.45 ? 0.7 : 0.2) + (++step % 1000) * 1e-5, 5);
      lastSet.set(name, value);
      pending.set(name, { value, at: Date.now() });
      byName.get(name)?.send({ set: name, cpu: value });
    }
    if (step % 8 === 0) rssSamples.push(rssMb(grand.pid) ?? NaN);
    await sleep(250);
  }
  await sleep(2 * INTERVAL_MS + 1500);
  sub.unsubscribe();
  const toDecision = await decisions;
  const steady = cpu.finish();
  const lostSteps = pending.size;

  progress(`alerts: SIGKILL ${VICTIMS} simulated agents 2 s apart (lease ${LEASE_MS} ms)`);
  const before = (await api.alerts()).length;
  for (const v of victims) {
    v.killedAt = Date.now();
    v.child.kill('SIGKILL');
    await sleep(2000);
  }
  await sleep(LEASE_MS + 3000);
  const alerts: Alert[] = (await api.alerts()).slice(before);
  const alertMs = victims.map((v) => {
    const a = alerts.filter((x) => x.kind === 'lease-expired' && x.node === v.name);
    return { node: v.name, alerts: a.length, latencyMs: a.length ? Date.parse(a[0].raisedAt) - v.killedAt : null };
  });
  const rssAfter = mb(grand.pid);
  api.close();

  const view = toView.summary();
  const rssMax = round(Math.max(...rssSamples.filter(Number.isFinite), rssAfter), 1);
  const doc = {
    benchmark: 'grand-scale',
    question: `Does one grand agent hold ${AGENTS} agents with one HTTP/2 channel and one WatchStatus stream each: its CPU and memory, how soon a status change reaches the view its allocator reads, and how soon a dropped lease raises its alert?`,
    method: `one \`lama lookup\`, one \`lama grand --no-embedded-lookup\` (WatchStatus every ${INTERVAL_MS} ms at the longest, and within its min interval, 250 ms, of a change a decision uses: the defaults), ${AGENTS} simulated agents in ${Math.ceil(AGENTS / PER_PROCESS)} processes (the real Agent class: own gRPC server with mutual TLS, own lease of ${LEASE_MS} ms; L(t) in memory) and ${VICTIMS} more in a process each, all on 127.0.0.1 by unicast. Steady state: every 250 ms one random node's CPU is set to a new value across 0.45 (0.2 ↔ 0.7: a change the allocator uses, which the agent sends at once); latency = the grand agent's lastStatusMs for that node (when its monitor got the status) − when the value was set (same machine clock). Decisions: ${SERVED} of the agents serve a service (role bench-web, metric cpu, C 100, band [0.1 · (N − 1) · C, 0.2 · N · C] = [30, 80], periodMs ${PERIOD_MS}, decideOnCrossing: the default); every ${DECISION_GAP_MS / 1000} s plus up to one period (random) one of them steps its CPU, in turn across the band and back (10 → 70 → 10 %) and within it (10 → 25 → 10 %); latency = the \`at\` of the first decision whose inputs.sum is the new sum (WatchDecisions) − when the value was set. Alerts: each victim process is killed (SIGKILL: no cancel); latency = the alert's raisedAt − the kill.`,
    machine: { cpus: cpus().length, loadAvgAtStart: loadavg().map((x) => round(x, 2)) },
    baseline: { name: 'the same grand agent with no agent (5 s)', ...idle },
    join: { agents: total, registeredS: round(joinedMs / 1000, 1), grandView: { nodes: inView, withStatus: watched, afterS: round(viewFullMs / 1000, 1) } },
    steady: {
      windowS: WINDOW_S,
      grandCpuCores: steady.server, grandMainThreadCores: steady.serverMainThread, machineCores: steady.machine, otherProcessesCores: steady.otherProcesses,
      grandRssMb: { max: rssMax, afterAlerts: rssAfter },
      statusChangeToViewMs: view, seenThroughWatchPoolMs: seenLate.summary(), stepsNeverSeen: lostSteps,
      statusChangeToDecisionMs: { periodMs: PERIOD_MS, acrossTheBand: toDecision.across.summary(), withinTheBand: toDecision.within.summary(), stepsNeverDecided: toDecision.lost },
    },
    alerts: { leaseMs: LEASE_MS, victims: alertMs, others: alerts.filter((a) => !victims.some((v) => v.name === a.node)).map((a) => `${a.kind} ${a.node ?? ''}`) },
    targets: [
      { target: `the grand agent watches all ${total} agents`, value: watched, met: watched === total },
      { target: 'grand agent CPU < 0.5 core', value: steady.server, met: steady.server < 0.5 },
      { target: 'grand agent RSS < 300 MB', value: rssMax, met: rssMax < 300 },
      { target: 'status change → decision p99 < 1 s (a change across the band: the decisions it can change)', value: toDecision.across.summary().p99, met: toDecision.across.summary().p99 < 1000 && toDecision.lost === 0 },
      { target: `alert within lease + 1 s (${LEASE_MS + 1000} ms), exactly one per victim`, value: alertMs.map((a) => a.latencyMs), met: alertMs.every((a) => a.alerts === 1 && a.latencyMs !== null && a.latencyMs <= LEASE_MS + 1000) },
    ],
    durationS: Math.round((Date.now() - started) / 1000),
  };
  process.stdout.write(JSON.stringify(doc, null, 2) + '\n');
}

/** Pause between two served steps: a step within the band is decided at the next period, so at least a period and the view's latency. */
const DECISION_GAP_MS = Math.max(1500, PERIOD_MS + 1000);

/**
 * Steps the served nodes' CPU DECISION_STEPS times (PATTERN, node after node) and times each to
 * the first decision of service `bench` whose summed load is the new sum.
 */
async function stepDecisions(api: GrandClient, served: string[], byName: Map<string, ChildProcess>, nextStep: () => number): Promise<{ across: Latencies; within: Latencies; lost: number }> {
  const cpuOf = new Map(served.map((n) => [n, 0.1]));
  const across = new Latencies();
  const within = new Latencies();
  let waiting: { sum: number; at: number; crossing: boolean; seen?: () => void } | undefined;
  let ready: (() => void) | undefined;
  const allServing = new Promise<void>((resolve) => {
    ready = resolve;
  });
  const sub = api.watchDecisions().subscribe({
    next: (d: DecisionJson) => {
      if (d.service !== SERVICE.name) return;
      // Steps start once every served node counts: before, a sum would miss one of them.
      if (Number(d.inputs.serving) === served.length) ready?.();
      if (!waiting || Math.abs(Number(d.inputs.sum) - waiting.sum) > 1e-4) return;
      (waiting.crossing ? across : within).add(Math.max(0, Date.parse(d.at) - waiting.at));
      if (process.env.LAMA_BENCH_DEBUG) progress(`decision ${d.at} sum ${d.inputs.sum} crossing ${waiting.crossing}: ${Date.parse(d.at) - waiting.at} ms`);
      waiting.seen?.();
      waiting = undefined;
    },
    error: (err: Error) => progress(`WatchDecisions ended: ${err.message}`),
  });
  if (!(await Promise.race([allServing.then(() => true), sleep(60_000).then(() => false)]))) progress(`the service never counted all ${served.length} served nodes: stepping anyway`);
  let lost = 0;
  for (let i = 0; i < DECISION_STEPS; i++) {
    const name = served[Math.floor(i / PATTERN.length) % served.length];
    const { cpu, crossing } = PATTERN[i % PATTERN.length];
    // The unique offset (1e-5 of CPU: 0.001 in the sum) tells the steps' sums apart.
    const value = round(cpu + (nextStep() % 1000) * 1e-5, 5);
    cpuOf.set(name, value);
    const sum = [...cpuOf.values()].reduce((a, v) => a + v * 100, 0);
    const seen = new Promise<void>((resolve) => {
      waiting = { sum, at: Date.now(), crossing, seen: resolve };
    });
    byName.get(name)?.send({ set: name, cpu: value });
    const decided = await Promise.race([seen.then(() => true), sleep(DECISION_GAP_MS + 5000).then(() => false)]);
    if (!decided) {
      lost++;
      waiting = undefined;
    }
    // A random pause: a step within the band waits for the period, whose phase this samples evenly.
    await sleep(DECISION_GAP_MS + Math.random() * PERIOD_MS);
  }
  sub.unsubscribe();
  return { across, within, lost };
}

main().then(cleanup, async (err: Error) => {
  process.stderr.write(`grand-scale bench failed: ${err.stack ?? err.message}\n`);
  await cleanup();
  process.exit(1);
});
