// `npm run bench -- soak [--minutes 30] [--every-s 60] [--seed 17] [--warmup-s 120] [--window-s 60] [--nodes 4] [--keep]`
// Issue 17 item 6: a pool like the demo's runs for --minutes with one fault every --every-s,
// chosen by a seeded sequence: kill -9 of a streaming agent (restarted 2 x lease later), a
// partition of one (its namespace's eth0 down for 2 x lease, then up), a kill -9 and restart of
// the lookup service, a kill -9 and restart of the grand agent. Afterwards: what each fault
// raised against what it should, the registry at the end, and RSS and open fds of every daemon
// against their values after warm-up. In network namespaces this bench creates and deletes
// (prefix lmsk-, bridge lmskbr, 10.135.0.0/24): lookup lmsk-n1, grand agent lmsk-n2,
// dispatcher lmsk-n3, streaming agents lmsk-n4.., the listeners in lmsk-srv.
import { rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { LAMA_BIN, type LogLine } from '@lama/testkit/process';
import { benchPool } from '../lib/bench-pool.js';
import { cleanUpOnExit } from '../lib/interrupt.js';
import { NetLab, inNs } from '../lib/netlab.js';
import { progress } from '../lib/progress.js';
import { applyFault, planFaults, type FaultRecord } from './faults.js';
import { MDNS, SoakPool } from './pool.js';
import { Sampler } from './samples.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? (process.argv[i + 1] as string) : fallback;
}
const MINUTES = Number(arg('minutes', '30'));
const EVERY_S = Number(arg('every-s', '60'));
const SEED = Number(arg('seed', '17'));
const WARMUP_S = Number(arg('warmup-s', MINUTES >= 10 ? '120' : '60'));
// The medians' windows: longer in a long run, where V8's heap swings by up to 20 % between collections.
const WINDOW_S = Number(arg('window-s', MINUTES >= 10 ? '60' : '30'));
const NODES = Number(arg('nodes', '4'));
const KEEP = process.argv.includes('--keep');
// Bounded in time and in count: at most an hour, at most 120 faults.
if (!(MINUTES >= 1 && MINUTES <= 60) || !Number.isInteger(EVERY_S) || EVERY_S < 20 || EVERY_S > 600 || !Number.isInteger(SEED)
  || !Number.isInteger(WARMUP_S) || WARMUP_S < 30 || WARMUP_S >= MINUTES * 60 || !Number.isInteger(NODES) || NODES < 3 || NODES > 5 || !Number.isInteger(WINDOW_S) || WINDOW_S < 10 || WARMUP_S + 2 * WINDOW_S > MINUTES * 60) {
  process.stderr.write('usage: npm run bench -- soak [--minutes 1..60] [--every-s 20..600] [--seed N] [--warmup-s 30..] [--window-s 10..] [--nodes 3..5] [--keep]\n');
  process.exit(2);
}
if (process.getuid?.() !== 0) {
  process.stderr.write('the soak benchmark needs root (network namespaces)\n');
  process.exit(2);
}

const LEASE_MS = 4000;
const LISTENERS = 15;
const CAPACITY = 10;
const SAMPLE_MS = 5000;
const LIMIT_PCT = 10;
const LAB = new NetLab({ prefix: 'lmsk-', bridge: 'lmskbr', net: '10.135.0' });
const creds = benchPool('lmsk-soak-');
const pool = new SoakPool(LAB, { dir: creds.dir, streamingNodes: NODES, leaseMs: LEASE_MS, listeners: LISTENERS, capacityPerNode: CAPACITY, cred: creds.cred });
const operator = creds.cred('operator', ['controller']);
let finished = false;
// Namespaces are kernel state: swept at start, and on any exit (a crash included).
cleanUpOnExit('soak', () => {
  pool.killAll();
  LAB.sweep();
  if (finished && !KEEP) rmSync(creds.dir, { recursive: true, force: true });
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** `lama ARGS --json` from the lookup's namespace; parsed stdout. */
async function lamaJson<T>(...args: string[]): Promise<T> {
  const r = await inNs(LAB.nodeNs(1), process.execPath, [LAMA_BIN, ...args, '--credential', operator, '--json'],
    { LAMA_MDNS_INTERFACE: '127.0.0.1', LAMA_MDNS_GROUP: MDNS.group, LAMA_MDNS_PORT: String(MDNS.port) });
  if (r.code !== 0) throw new Error(`lama ${args.join(' ')} failed (${r.code}): ${r.stderr.slice(-500)}`);
  return JSON.parse(r.stdout) as T;
}

interface AlertSeen { at: string; atMs: number; kind: string; node?: string; nodes?: string[]; by: string }

/** Every alert every grand agent incarnation logged. */
function alertsLogged(): AlertSeen[] {
  return pool.daemon('grand').incarnations.flatMap((p) => p.logs.filter((l: LogLine) => String(l.msg).startsWith('ALERT ')).map((l) => ({
    at: new Date(Number(l.time)).toISOString(), atMs: Number(l.time), kind: String(l.alert), ...(typeof l.node === 'string' && { node: l.node }),
    ...(Array.isArray(l.nodes) && { nodes: l.nodes as string[] }), by: p.name,
  }))).sort((a, b) => a.atMs - b.atMs);
}

/** What each lookup service holds at the end, and what the grand agent counts. */
async function registryAtEnd(): Promise<Record<string, unknown> & { ok: boolean }> {
  const agentNames = pool.daemons.filter((d) => d.kind === 'agent').map((d) => d.name).sort();
  const lookups = await Promise.all(['lookup', 'grand'].map(async (name) => {
    const items = await lamaJson<{ name: string }[]>('ls', '--no-multicast', '--lookup', `${pool.daemon(name).ip}:7000`, '--wait-ms', '15000');
    const names = items.map((i) => i.name).sort();
    return { lookup: name, items: items.length, names, missingAgents: agentNames.filter((a) => !names.includes(a)) };
  }));
  const view = await lamaJson<{ nodes: { node: string }[]; services: { n: number; serving: string[]; holdReason: string }[] }>('pool', '--grand', `${pool.daemon('grand').ip}:7000`, '--wait-ms', '15000');
  const itemCountsAgree = lookups.every((l) => l.items === lookups[0]!.items && JSON.stringify(l.names) === JSON.stringify(lookups[0]!.names));
  const grandAgentCounts = view.nodes.map((n) => n.node).sort();
  return {
    agents: agentNames, lookups, itemCountsAgree, grandAgentCounts, serving: view.services[0]?.serving ?? [], holdReason: view.services[0]?.holdReason ?? '',
    ok: itemCountsAgree && lookups.every((l) => l.missingAgents.length === 0) && agentNames.every((a) => grandAgentCounts.includes(a)),
  };
}

async function main(): Promise<void> {
  LAB.sweep();
  progress(`lab: ${SoakPool.hosts(NODES)} namespaces lmsk-* and lmsk-srv on bridge lmskbr, 10.135.0.0/24`);
  progress(`logs and credentials: ${creds.dir} (kept with --keep, or when the run fails)`);
  LAB.build(SoakPool.hosts(NODES));
  await pool.start();
  const t0 = Date.now();
  const endMs = t0 + MINUTES * 60_000;
  const count = Math.floor((MINUTES * 60 - WARMUP_S) / EVERY_S);
  const plan = planFaults(SEED, count, pool.streaming);
  progress(`pool up (${pool.daemons.length} daemons, ${LISTENERS} listeners); warm-up ${WARMUP_S} s, then ${count} faults every ${EVERY_S} s, seed ${SEED}: ${plan.map((f) => `${f.kind}:${f.target}`).join(' ')}`);

  const sampler = new Sampler(WARMUP_S);
  const ipOf = new Map(pool.daemons.map((d) => [d.ip, d.name]));
  const listenersOf = (name: string): number => {
    const per = (pool.listeners()?.perMember ?? {}) as Record<string, number>;
    return Object.entries(per).filter(([member]) => ipOf.get(member.split(':')[0] as string) === name).reduce((s, [, n]) => s + n, 0);
  };
  const sampling = setInterval(() => sampler.sample(pool.daemons, listenersOf), SAMPLE_MS);
  sampler.sample(pool.daemons, listenersOf);
  const loads: number[] = [];
  const loadTimer = setInterval(() => loads.push(loadavg()[0] as number), 30_000);

  const records: FaultRecord[] = [];
  for (let k = 0; k < plan.length; k++) {
    const at = t0 + (WARMUP_S + k * EVERY_S) * 1000;
    await sleep(Math.max(0, at - Date.now()));
    const f = plan[k]!;
    progress(`fault ${k + 1}/${plan.length}: ${f.kind} ${f.target}`);
    const rec = await applyFault(f, pool, LAB, LEASE_MS);
    progress(`  ${rec.problem ? `PROBLEM: ${rec.problem}` : `back after ${rec.backAfterS} s`}`);
    records.push(rec);
  }
  await sleep(Math.max(0, endMs - Date.now()));
  clearInterval(sampling);
  clearInterval(loadTimer);
  sampler.snapshotLive();
  progress('checking');

  // What each fault raised: the alerts logged from its start until the next fault (the last: until now).
  const alerts = alertsLogged();
  const nowMs = Date.now();
  const faults = records.map((r, k) => {
    const until = records[k + 1]?.atMs ?? nowMs;
    const raised = alerts.filter((a) => a.atMs >= r.atMs && a.atMs < until);
    const expected = r.kind === 'kill' || r.kind === 'partition' ? [`lease-expired ${r.target}`] : [];
    const got = raised.map((a) => `${a.kind}${a.node ? ` ${a.node}` : ''}`);
    const first = raised[0];
    return {
      n: k + 1, kind: r.kind, target: r.target, at: r.at, ...(r.backAfterS !== undefined && { backAfterS: r.backAfterS }), ...(r.problem && { problem: r.problem }),
      raised: got, ...(first && { firstAlertAfterS: Math.round((first.atMs - r.atMs) / 100) / 10 }), expected, ok: !r.problem && JSON.stringify(got) === JSON.stringify(expected),
    };
  });
  const beforeFaults = alerts.filter((a) => a.atMs < (records[0]?.atMs ?? nowMs));

  // The registry at the end: every agent in both lookup services, the same items in each.
  const registry = await registryAtEnd().catch((err: Error) => ({ error: err.message }));
  const registryOk = !('error' in registry) && registry.ok;

  const resources = sampler.verdicts(WARMUP_S, WINDOW_S, LIMIT_PCT);
  const judged = resources.filter((r) => r.judged);
  const resourcesOk = judged.every((r) => r.rssMb!.within && (r.fdsLessListeners ?? r.fds)!.within);
  const noGrowth = judged.every((r) => !r.rssMb!.grew && !(r.fdsLessListeners ?? r.fds)!.grew);
  const unexpectedExits = pool.daemons.flatMap((d) => d.incarnations.filter((p) => p.ended?.unexpected).map((p) => ({ process: p.name, code: p.ended!.code, signal: p.ended!.signal })));
  const workload = pool.listeners();
  await pool.stop();
  finished = true;

  const checks = {
    everyKillOneLeaseExpiredAlert: faults.filter((f) => f.kind === 'kill').every((f) => f.ok),
    everyPartitionOneLeaseExpiredAlert: faults.filter((f) => f.kind === 'partition').every((f) => f.ok),
    everyRestartNoAlert: faults.filter((f) => f.kind.endsWith('restart')).every((f) => f.ok),
    noAlertDuringWarmup: beforeFaults.length === 0,
    nothingLostFromTheRegistry: registryOk,
    rssAndFdsWithin10PctOfWarmup: resourcesOk,
    noRssOrFdsGrowthOver10Pct: noGrowth,
    noDaemonDiedUnasked: unexpectedExits.length === 0,
  };
  process.stdout.write(`${JSON.stringify({
    bench: 'soak', issue: '17 item 6', cpus: cpus().length, loadAverage: { min: Math.min(...loads), max: Math.max(...loads) },
    settings: {
      minutes: MINUTES, everyS: EVERY_S, seed: SEED, warmupS: WARMUP_S, leaseMs: LEASE_MS, streamingNodes: NODES, listeners: LISTENERS, capacityPerNode: CAPACITY,
      sampleEveryS: SAMPLE_MS / 1000, windowS: WINDOW_S, limitPct: LIMIT_PCT,
      counted: 'alerts the grand agent logged (every incarnation) from a fault until the next; a kill or a partition of one node must raise exactly one lease-expired alert naming it (one node is below the partition threshold: docs/faults.md), a restart none',
      resources: `per incarnation: median of the samples in [warm-up, warm-up + ${WINDOW_S} s) of its own life against the median of its last ${WINDOW_S} s; streaming agents' fds are judged less the listeners they serve`,
    },
    baseline: 'each daemon against itself after its warm-up; the alerts against what docs/faults.md says each fault raises on its own',
    checks, ok: Object.values(checks).every(Boolean),
    judgedIncarnations: `${judged.length} of ${resources.length} (the others did not live past their warm-up and two windows)`,
    faults, alertsBeforeFaults: beforeFaults, registry, resources, unexpectedExits,
    workload: workload && { connected: workload.connected, target: workload.target, connects: workload.connects, drops: workload.drops, failures: workload.failures, lastError: workload.lastError },
    logs: KEEP ? creds.dir : undefined,
  }, null, 1)}\n`);
}

main().then(() => process.exit(0), (err: Error) => {
  process.stderr.write(`soak bench failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
