// `npm run bench -- alerts [--agents N] [--leases-ms A,B]`
// Lease-expiry alert latency of the grand agent against real processes: `lama grand` (its
// embedded lookup service) and N `lama agent`s per lease duration, joined by unicast on
// 127.0.0.1 (--no-multicast). Every agent is killed with SIGKILL; the latency is from the kill
// to the grand agent's alert. Baseline: the bound, lease + 1 s. Control: as many agents
// stopped with SIGTERM (leases cancelled) must raise no alert. One JSON document on stdout.
import { onInterrupt } from '../lib/interrupt.js';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { GrandClient, type Alert } from '@lama/grand-agent';
import { loadCredential } from '@lama/lookup';
import { LamaProcess } from '../agent/daemons.js';
import { sleep } from '@lama/testkit';
import { progress } from '../lib/progress.js';
import { benchPool } from '../lib/bench-pool.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}
const AGENTS = Number(arg('agents', '10'));
const LEASES = arg('leases-ms', '2000,10000').split(',').map(Number);
if (!Number.isInteger(AGENTS) || AGENTS < 1 || LEASES.some((l) => !Number.isInteger(l) || l < 500)) {
  process.stderr.write('usage: npm run bench -- alerts [--agents N ≥ 1] [--leases-ms A,B (each ≥ 500)]\n');
  process.exit(2);
}

const { dir, cred } = benchPool('lama-alerts-bench-');
const procs: LamaProcess[] = [];
const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};

async function cleanup(): Promise<void> {
  await Promise.allSettled(procs.map((p) => p.stop()));
  rmSync(dir, { recursive: true, force: true });
}
onInterrupt(cleanup);

async function round(leaseMs: number, grandEndpoint: string, api: GrandClient, tag: string): Promise<Record<string, unknown>> {
  const start = (name: string): LamaProcess => {
    const p = new LamaProcess(name, ['agent', '--name', name, '--credential', cred(name, ['agent']), '--listen', '127.0.0.1:0', '--no-multicast',
      '--lookup', grandEndpoint, '--lease-ms', String(leaseMs), '--metrics-interval-ms', '2000', '--log-level', 'info']);
    procs.push(p);
    return p;
  };
  const killed = Array.from({ length: AGENTS }, (_, i) => ({ name: `${tag}-k${i + 1}`, proc: undefined as LamaProcess | undefined, at: 0 }));
  const stopped = Array.from({ length: AGENTS }, (_, i) => ({ name: `${tag}-t${i + 1}`, proc: undefined as LamaProcess | undefined }));
  for (const a of [...killed, ...stopped]) a.proc = start(a.name);
  await Promise.all([...killed, ...stopped].map((a) => a.proc!.waitFor((r) => r.msg === 'registered', 60_000, 'registered')));
  // Renewals run at about a third of the lease: let a few pass so kills land at random phases.
  await sleep(Math.min(leaseMs, 3000));
  const before = (await api.alerts()).length;
  progress(`lease ${leaseMs} ms: SIGKILL ${AGENTS} agents (100 ms apart), SIGTERM ${AGENTS} others`);
  for (const a of killed) {
    a.at = Date.now();
    a.proc!.daemon.child.kill('SIGKILL');
    await sleep(100);
  }
  await Promise.all(stopped.map((a) => a.proc!.stop()));
  // Everything that can expire has expired after one lease; wait one more for strays.
  await sleep(2 * leaseMs + 1000);
  const alerts: Alert[] = (await api.alerts()).slice(before);
  const latencies: number[] = [];
  const perNode: Record<string, number> = {};
  for (const a of alerts) if (a.node) perNode[a.node] = (perNode[a.node] ?? 0) + 1;
  for (const a of killed) {
    const alert = alerts.find((x) => x.kind === 'lease-expired' && x.node === a.name);
    if (alert) latencies.push(Date.parse(alert.raisedAt) - a.at);
  }
  const bound = leaseMs + 1000;
  return {
    leaseMs,
    killed: AGENTS,
    alertedKilled: latencies.length,
    exactlyOnePerKilledNode: killed.every((a) => perNode[a.name] === 1),
    latencyMs: latencies.length ? { min: Math.min(...latencies), p50: pct(latencies, 50), p99: pct(latencies, 99), max: Math.max(...latencies) } : null,
    baseline: { name: 'the issue bound: lease + 1 s', boundMs: bound },
    withinBound: latencies.length === AGENTS && latencies.every((l) => l <= bound),
    sigtermStopped: AGENTS,
    alertsForSigterm: stopped.filter((a) => perNode[a.name]).length,
    otherAlerts: alerts.filter((a) => !killed.some((k) => k.name === a.node)).map((a) => `${a.kind} ${a.node ?? a.nodes?.join(',')}`),
  };
}

async function main(): Promise<void> {
  const started = Date.now();
  const grand = new LamaProcess('grand', ['grand', '--credential', cred('grand', ['lookup', 'controller']), '--listen', '127.0.0.1:0', '--no-multicast',
    // Independent failures here, not a partition: many kills at once must each raise their own alert.
    '--partition-min-nodes', '100000', '--log-level', 'info']);
  procs.push(grand);
  const up = await grand.waitFor((r) => r.msg === 'grand agent running', 30_000, 'grand agent running');
  const endpoint = String(up.rec.endpoint);
  const api = new GrandClient(endpoint, loadCredential(cred('console', ['controller'])));
  const rounds = [];
  for (const [i, lease] of LEASES.entries()) rounds.push(await round(lease, endpoint, api, `r${i + 1}`));
  api.close();
  const doc = {
    benchmark: 'alerts',
    question: 'How long after a node dies (SIGKILL: it stops renewing) does the grand agent raise its lease-expired alert, and does a clean stop (SIGTERM: lease cancelled) raise none?',
    method: 'one `lama grand` (embedded lookup service) and, per lease duration, N agents killed with SIGKILL 100 ms apart plus N stopped with SIGTERM, all as processes on 127.0.0.1 joined by --lookup; latency = when the alert was raised (raisedAt, the grand agent clock: the lease end plus the settle window (500 ms by default) in which a partition would absorb it) − kill time (this process; same machine clock)',
    machine: { cpus: cpus().length, loadAvgAtStart: loadavg().map((x) => Number(x.toFixed(2))) },
    rounds,
    targets: rounds.map((r) => ({ target: `exactly one alert per killed node within lease + 1 s (lease ${String(r.leaseMs)} ms); none for SIGTERM`, met: r.withinBound === true && r.exactlyOnePerKilledNode === true && r.alertsForSigterm === 0 })),
    durationS: Math.round((Date.now() - started) / 1000),
  };
  process.stdout.write(JSON.stringify(doc, null, 2) + '\n');
}

main().then(cleanup, async (err: Error) => {
  process.stderr.write(`alerts bench failed: ${err.stack ?? err.message}\n`);
  await cleanup();
  process.exit(1);
});
