// `npm run bench -- agent-flags [--rounds N] [--only A,B] [--idle-settle-ms N] [--idle-window-ms N] [--callers N] [--status-ms N]`
// What node flags and environment do to `lama agent` (one idle `process` adapter, as bench/agent
// runs it): idle RSS and CPU, then Status calls/s with 100 callers and the agent's CPU per 10,000
// calls. Each round starts one fresh agent per variant, measures them idle side by side in the
// same window, then loads each in turn (the order rotates between rounds); the report gives each
// round and the median over rounds. One JSON document on stdout; progress on stderr.
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { sleep } from '@lama/testkit';
import { readConfig } from '../agent/config.js';
import { BenchPool, SLEEP_ADAPTER, startAgent, startLookup, type Lookup, type StartedAgent } from '../agent/daemons.js';
import { measureIdle } from '../agent/idle.js';
import { statusLoad } from '../agent/status-load.js';
import { onInterrupt } from '../lib/interrupt.js';
import { progress } from '../lib/progress.js';
import { round } from '../lib/stats.js';
import { VARIANTS, type Variant } from './variants.js';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    rounds: { type: 'string', default: '3' },
    only: { type: 'string' },
    'idle-settle-ms': { type: 'string', default: '20000' },
    'idle-window-ms': { type: 'string', default: '20000' },
    callers: { type: 'string', default: '100' },
    'status-ms': { type: 'string', default: '8000' },
  },
});
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 1 || rounds > 10) throw new Error('--rounds must be an integer in [1, 10]');
const only = values.only?.split(',');
const unknown = only?.filter((l) => !VARIANTS.some((x) => x.label === l)) ?? [];
if (unknown.length) throw new Error(`--only: no variant ${unknown.join(', ')} (variants: ${VARIANTS.map((x) => x.label).join(', ')})`);
const variants = only ? VARIANTS.filter((x) => only.includes(x.label)) : VARIANTS;
// One attempt per window: the rounds are the repetitions.
const cfg = { ...readConfig(['--idle-settle-ms', values['idle-settle-ms']!, '--idle-window-ms', values['idle-window-ms']!, '--callers', values.callers!, '--status-ms', values['status-ms']!, '--max-attempts', '1', '--no-flag-variants']) };

interface RoundResult {
  rssMedianMb: number;
  rssAnonMb: number;
  threads: number;
  idleCpuPercent: number;
  statusPerSecond: number;
  agentCpuSPer10kCalls: number;
  statusP99Ms: number;
  otherProcessesCores: number;
  registeredMs: number;
}

const pool = new BenchPool();
let lookup: Lookup | undefined;
let running: StartedAgent[] = [];
const cleanup = async (): Promise<void> => {
  await Promise.allSettled(running.map((a) => a.proc.stop()));
  await lookup?.proc.stop();
  pool.remove();
};
const interrupt = onInterrupt(cleanup);

async function oneRound(r: number, results: Map<string, RoundResult[]>): Promise<void> {
  progress(`round ${r}: starting ${variants.length} agents`);
  // Two at a time: start-up CPU of many at once would only slow each other down.
  running = [];
  for (let i = 0; i < variants.length; i += 2) {
    const started = await Promise.all(variants.slice(i, i + 2).map((x, k) => startAgent({
      pool, lookup: lookup!.endpoint, leaseMs: cfg.leaseMs, metricsIntervalMs: cfg.metricsIntervalMs,
      name: `flags-${r}-${i + k}`, adapters: [SLEEP_ADAPTER], nodeArgs: x.nodeArgs, env: { ...process.env, ...x.env },
    })));
    running.push(...started);
  }
  const idle = await measureIdle(running, lookup!.proc.pid, cfg);
  const order = variants.map((_, i) => (i + r) % variants.length);
  const status = new Map<number, Awaited<ReturnType<typeof statusLoad>>>();
  for (const i of order) {
    if (interrupt.interrupted) return;
    const agent = running[i];
    const others = [lookup!.proc.pid, ...running.filter((a) => a !== agent).map((a) => a.proc.pid), ...running.flatMap((a) => a.adapterPids)];
    status.set(i, await statusLoad(agent, pool, 'agentClient', others, cfg));
    await sleep(500);
  }
  variants.forEach((x, i) => {
    const s = status.get(i)!;
    const cpuS = s.cpuCores.agent * s.cpuCores.seconds;
    results.get(x.label)!.push({
      rssMedianMb: idle[i].rss.medianMb,
      rssAnonMb: idle[i].lastSample.rssAnonMb,
      threads: idle[i].lastSample.threads,
      idleCpuPercent: idle[i].cpuPercentOfCore,
      statusPerSecond: s.perSecond,
      agentCpuSPer10kCalls: round((cpuS / (s.calls - s.failures)) * 10_000, 2),
      statusP99Ms: round(s.latencyMs.p99, 1),
      otherProcessesCores: s.cpuCores.otherProcesses,
      registeredMs: idle[i].startup.registeredMs,
    });
  });
  await Promise.allSettled(running.map((a) => a.proc.stop()));
  running = [];
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : round((s[s.length / 2 - 1] + s[s.length / 2]) / 2, 2);
};

const started = Date.now();
const results = new Map<string, RoundResult[]>(variants.map((x) => [x.label, []]));
const loadStart = loadavg().map((x) => round(x, 2));
const errors: string[] = [];
try {
  lookup = await startLookup(pool);
  for (let r = 0; r < rounds && !interrupt.interrupted; r++) await oneRound(r, results);
} catch (err) {
  errors.push((err as Error).stack ?? String(err));
  process.exitCode = 1;
} finally {
  await cleanup();
}
const base = results.get('none');
const table = variants.map((x: Variant) => {
  const rs = results.get(x.label)!;
  const m = (k: keyof RoundResult): number => median(rs.map((q) => q[k]));
  const row = {
    variant: x.label,
    nodeArgs: x.nodeArgs.join(' '),
    env: Object.entries(x.env).map(([k, val]) => `${k}=${val}`).join(' '),
    idleRssMb: m('rssMedianMb'),
    rssAnonMb: m('rssAnonMb'),
    threads: m('threads'),
    idleCpuPercent: m('idleCpuPercent'),
    statusPerSecond: m('statusPerSecond'),
    agentCpuSPer10kCalls: m('agentCpuSPer10kCalls'),
    statusP99Ms: m('statusP99Ms'),
    registeredMs: m('registeredMs'),
  };
  const vsNone = base?.length && x.label !== 'none'
    ? { rssMb: round(row.idleRssMb - median(base.map((q) => q.rssMedianMb)), 1), statusPerSecond: round(row.statusPerSecond / median(base.map((q) => q.statusPerSecond)), 3), cpuPer10k: round(row.agentCpuSPer10kCalls / median(base.map((q) => q.agentCpuSPer10kCalls)), 3) }
    : undefined;
  return { ...row, vsNone, rounds: rs };
});
process.stdout.write(`${JSON.stringify({
  benchmark: 'agent-flags',
  startedAt: new Date(started).toISOString(),
  durationS: Math.round((Date.now() - started) / 1000),
  machine: { cpus: cpus().length, node: process.version, loadAvgAtStart: loadStart, loadAvgAtEnd: loadavg().map((x) => round(x, 2)) },
  method: `${rounds} rounds; each starts one fresh \`lama agent\` per variant (TLS, --no-multicast, one process adapter running /bin/sleep, as bench/agent's idleWithAdapter), settles ${cfg.idleSettleMs} ms after registration, takes the median VmRSS over a ${cfg.idleWindowMs} ms idle window with every agent side by side, then ${cfg.callers} AgentClient callers load each agent in turn (${cfg.statusWarmupMs} ms warm-up, ${cfg.statusWindowMs} ms measured; order rotates per round). agentCpuSPer10kCalls = the agent's CPU seconds (all threads) per 10,000 answered Status calls. Figures are medians over rounds; vsNone compares with the agent with no flags.`,
  table,
  errors,
}, null, 2)}\n`);
