// `npm run bench -- agent [--idle-settle-ms N] [--idle-window-ms N] [--callers N] [--status-ms N]
//   [--watchers N] [--watch-ms N] [--watch-intervals-ms A,B] [--max-attempts N] [--contamination-cores X]`
// The ordinary agent (`lama agent`) as a process: idle RSS and CPU, Status under 100 concurrent
// callers, WatchStatus to 100 watchers, all over mutual TLS; then the Status and first WatchStatus
// phases again over plaintext on fresh daemons, compared in `tls`. Everything on 127.0.0.1 with --no-multicast.
// One JSON document on stdout; progress on stderr.
import { onInterrupt } from '../lib/interrupt.js';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { progress } from '../lib/progress.js';
import { CONNECTION_MODES, makeCallers } from './callers.js';
import { readConfig } from './config.js';
import { BenchPool, SLEEP_ADAPTER, startAgent, startLookup, type Lookup, type StartedAgent } from './daemons.js';
import { measureIdle, type IdleResult } from './idle.js';
import { memoryBreakdown } from './memory.js';
import { CPU_TARGET_PERCENT, interference, RSS_TARGET_MB, targets, tlsCost } from './report.js';
import { sleep } from '@lama/testkit';
import { memSample } from './sampling.js';
import { statusLoad, type StatusResult } from './status-load.js';
import { watchFanout, type WatchResult } from './watch.js';

const cfg = readConfig(process.argv.slice(2));
const started = Date.now();
const machine = {
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  memoryMb: Math.round(totalmem() / 2 ** 20),
  node: process.version,
  kernel: release(),
  loadAvgAtStart: loadavg().map((x) => Number(x.toFixed(2))),
  note: 'shared machine (other sessions run test suites): every phase records load average and the CPU of processes not started here (cpuCores.otherProcesses); a phase above contaminationCores is rerun (maxAttempts in all) and the cleanest attempt kept',
};

const pool = new BenchPool();
let lookup: Lookup | undefined;
const agents: StartedAgent[] = [];
/** The plaintext pass's daemons (see plaintextPass). */
let plainLookup: Lookup | undefined;
let plainAgent: StartedAgent | undefined;

async function cleanup(): Promise<void> {
  // Agents first: they cancel their leases and stop their adapters' processes.
  await Promise.allSettled([...agents, ...(plainAgent ? [plainAgent] : [])].map((a) => a.proc.stop()));
  await Promise.allSettled([lookup, plainLookup].map((l) => l?.proc.stop()));
  pool.remove();
}

const interrupt = onInterrupt(cleanup);

const method = {
  daemons: "one `lama lookup` and the agents below as separate node processes, all on 127.0.0.1 port 0 with --no-multicast; agents joined to the lookup service by unicast (--lookup), leases 10 s (renewed at about a third), metrics every 2 s",
  idle: `after 'registered' (and the adapter RUNNING) a settle of idleSettleMs, then idleWindowMs in which nothing calls the agents: VmRSS from /proc/<pid>/status every idleSampleMs, CPU as utime+stime of /proc/<pid>/stat over the window. Both variants run side by side in the same windows. Targets: RSS < ${RSS_TARGET_MB} MB (median over the window), CPU < ${CPU_TARGET_PERCENT}% of one core`,
  status: `closed loop: each caller issues its next Status as soon as the previous one answered, statusWarmupMs unmeasured then statusWindowMs measured; latency per call from just before the call to its answer, in this process`,
  watch: 'every watcher opens WatchStatus(intervalMs) at once; arrivals timed in this process for watchWindowMs, then every stream cancelled; jitter = |gap between consecutive messages of one watcher - interval|',
  connectionModes: CONNECTION_MODES,
  transport: 'mutual TLS, as shipped: every daemon without LAMA_PLAINTEXT, every caller an AgentClient with transport "tls"',
  plaintextPass: "after afterLoad, the TLS daemons stopped; a new `lama lookup` and one agent with the same adapter (bench-agent-p), both with LAMA_PLAINTEXT=1, callers with transport 'plaintext' (each Status call carries the credential and a single-use Ed25519 call proof, each WatchStatus stream one): the Status phases withAdapter_agentClient and withAdapter_ownConnections and the first WatchStatus phase, same sizes; compared in `tls`",
};

/** The TLS cost: the Status and first WatchStatus phases again over plaintext, on daemons of their own. */
async function plaintextPass(): Promise<{ status: Record<string, StatusResult>; watch: Record<string, WatchResult> }> {
  // The TLS daemons have done their part: the plaintext ones get the machine as the TLS ones had it.
  await Promise.allSettled(agents.map((a) => a.proc.stop()));
  await lookup?.proc.stop();
  plainLookup = await startLookup(pool, 'plaintext');
  progress(`lama lookup (plaintext) pid ${plainLookup.proc.pid} on ${plainLookup.endpoint}`);
  plainAgent = await startAgent({ pool, lookup: plainLookup.endpoint, leaseMs: cfg.leaseMs, metricsIntervalMs: cfg.metricsIntervalMs, name: 'bench-agent-p', adapters: [SLEEP_ADAPTER], transport: 'plaintext' });
  const agent = plainAgent;
  const others = [plainLookup.proc.pid, ...agent.adapterPids];
  const status: Record<string, StatusResult> = {};
  const watch: Record<string, WatchResult> = {};
  for (const [key, mode] of [['withAdapter_agentClient', 'agentClient'], ['withAdapter_ownConnections', 'ownConnections']] as const) {
    if (interrupt.interrupted) break;
    status[key] = await statusLoad(agent, pool, mode, others, cfg);
    await sleep(1000);
  }
  const intervalMs = cfg.watchIntervalsMs[0];
  if (!interrupt.interrupted) watch[`agentClient_${intervalMs}ms`] = await watchFanout(agent, pool, 'agentClient', intervalMs, others, cfg);
  return { status, watch };
}

async function main(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  lookup = await startLookup(pool);
  progress(`lama lookup pid ${lookup.proc.pid} on ${lookup.endpoint}`);
  const common = { pool, lookup: lookup.endpoint, leaseMs: cfg.leaseMs, metricsIntervalMs: cfg.metricsIntervalMs };
  const starts = await Promise.allSettled([
    startAgent({ ...common, name: 'bench-agent' }),
    startAgent({ ...common, name: 'bench-agent-w', adapters: [SLEEP_ADAPTER] }),
    ...cfg.idleNodeFlagVariants.map((flags, i) => startAgent({ ...common, name: `bench-agent-flags-${i + 1}`, nodeArgs: flags })),
  ]);
  for (const s of starts) if (s.status === 'fulfilled') agents.push(s.value);
  for (const s of starts) if (s.status === 'rejected') throw s.reason;
  const [bare, withAdapter, ...variants] = agents;
  const othersOf = (a: StartedAgent): number[] => [lookup!.proc.pid, ...agents.filter((x) => x !== a).map((x) => x.proc.pid), ...agents.flatMap((x) => x.adapterPids)];

  const [idle, idleWithAdapter, ...idleVariants] = await measureIdle(agents, lookup.proc.pid, cfg);
  out.idle = idle;
  out.idleWithAdapter = idleWithAdapter;
  out.idleNodeFlagVariants = {
    note: "what-if, not the targets: bare agents with extra node flags (before lama.js), measured in the same idle windows as idle and idleWithAdapter; the shipped bin/lama.js passes no flags",
    variants: idleVariants.map((r, i) => ({ nodeFlags: cfg.idleNodeFlagVariants[i].join(' '), rss: r.rss, rssSinceRegisteredMb: r.rssSinceRegisteredMb, smapsRollup: r.smapsRollup, cpuPercentOfCore: r.cpuPercentOfCore, startup: r.startup })),
  };
  // The variants have served their purpose; fewer processes for the load phases.
  await Promise.all(variants.map((v) => v.proc.stop()));
  agents.splice(2);

  if (!interrupt.interrupted) {
    try {
      out.memory = await memoryBreakdown(bare.proc.pid, pool, lookup.endpoint, cfg);
    } catch (err) {
      out.memory = { error: (err as Error).message };
      progress(`memory breakdown failed: ${(err as Error).message}`);
    }
  }

  const status: Record<string, StatusResult> = {};
  out.status = status;
  // The agent with the adapter is the realistic one: every Status also reads the adapter's /proc status.
  const statusRuns: [string, StartedAgent, 'agentClient' | 'ownConnections', number?][] = [
    ['withAdapter_agentClient', withAdapter, 'agentClient'],
    ['withAdapter_ownConnections', withAdapter, 'ownConnections'],
    ['noAdapters_agentClient', bare, 'agentClient'],
    // Reference: the same call with nobody else calling, i.e. service time without queueing.
    ['withAdapter_oneCaller', withAdapter, 'agentClient', 1],
  ];
  for (const [key, agent, mode, n] of statusRuns) {
    if (interrupt.interrupted) break;
    status[key] = await statusLoad(agent, pool, mode, othersOf(agent), cfg, n);
    await sleep(1000);
  }

  // What a client pays per AgentClient: each constructor parses agent.proto again (loadProto is not cached).
  const t0 = performance.now();
  const probeClients = makeCallers('agentClient', cfg.callers, withAdapter, pool.controller);
  const constructMs = performance.now() - t0;
  for (const c of probeClients) c.close();
  out.agentClientConstruction = { clients: cfg.callers, totalMs: Math.round(constructMs), perClientMs: Number((constructMs / cfg.callers).toFixed(2)), note: 'new AgentClient() in this process, synchronous; includes loadProto(\'agent\') (protoLoader.loadSync of proto/agent.proto) in every constructor' };

  const watch: Record<string, WatchResult> = {};
  out.watch = watch;
  const watchRuns: [string, 'agentClient' | 'ownConnections', number][] = [
    ...cfg.watchIntervalsMs.map((ms): [string, 'agentClient', number] => [`agentClient_${ms}ms`, 'agentClient', ms]),
    [`ownConnections_${cfg.watchIntervalsMs[0]}ms`, 'ownConnections', cfg.watchIntervalsMs[0]],
  ];
  for (const [key, mode, intervalMs] of watchRuns) {
    if (interrupt.interrupted) break;
    watch[key] = await watchFanout(withAdapter, pool, mode, intervalMs, othersOf(withAdapter), cfg);
    await sleep(1000);
  }

  // Whether the load phases left memory behind: the loaded agent after a quiet spell.
  await sleep(5000);
  out.afterLoad = {
    note: "the agent with the adapter 5 s after the last phase (Status and WatchStatus load), no GC forced; compare with idleWithAdapter.rss",
    ...memSample(withAdapter.proc.pid),
  };

  if (!interrupt.interrupted) {
    try {
      out.plaintext = await plaintextPass();
    } catch (err) {
      out.plaintext = { error: (err as Error).stack ?? String(err) };
      progress(`plaintext pass failed: ${(err as Error).message}`);
    }
  }
  return out;
}

let result: Record<string, unknown> = {};
const errors: string[] = [];
try {
  result = await main();
} catch (err) {
  errors.push((err as Error).stack ?? String(err));
  progress(`failed: ${(err as Error).stack ?? String(err)}`);
  process.exitCode = 1;
} finally {
  progress('stopping every process');
  await cleanup();
}
for (const a of agents) if (a.proc.daemon.ended?.unexpected) errors.push(`${a.name} exited unexpectedly: ${JSON.stringify(a.proc.daemon.ended)}`);
if (lookup?.proc.daemon.ended?.unexpected) errors.push(`lama lookup exited unexpectedly: ${JSON.stringify(lookup.proc.daemon.ended)}`);
if (plainAgent?.proc.daemon.ended?.unexpected) errors.push(`${plainAgent.name} (plaintext) exited unexpectedly: ${JSON.stringify(plainAgent.proc.daemon.ended)}`);
if (plainLookup?.proc.daemon.ended?.unexpected) errors.push(`lama lookup (plaintext) exited unexpectedly: ${JSON.stringify(plainLookup.proc.daemon.ended)}`);
const plaintext = result.plaintext as { status?: Record<string, StatusResult>; watch?: Record<string, WatchResult>; error?: string } | undefined;
if (plaintext?.error) errors.push(`plaintext pass: ${plaintext.error}`);

const idle = result.idle as IdleResult | undefined;
const idleWithAdapter = result.idleWithAdapter as IdleResult | undefined;
const status = (result.status ?? {}) as Record<string, StatusResult>;
const watch = (result.watch ?? {}) as Record<string, WatchResult>;
const report = {
  benchmark: 'agent',
  startedAt: new Date(started).toISOString(),
  durationS: Math.round((Date.now() - started) / 1000),
  machine: { ...machine, loadAvgAtEnd: loadavg().map((x) => Number(x.toFixed(2))) },
  config: { ...cfg, lookupEndpoint: lookup?.endpoint, agents: agents.map((a) => ({ name: a.name, endpoint: a.endpoint, command: a.command })) },
  method,
  idle,
  idleWithAdapter,
  idleNodeFlagVariants: result.idleNodeFlagVariants,
  memory: result.memory,
  status,
  agentClientConstruction: result.agentClientConstruction,
  watch,
  afterLoad: result.afterLoad,
  plaintext,
  tls: tlsCost(status, watch, plaintext?.status ?? {}, plaintext?.watch ?? {}),
  targets: targets(idle, idleWithAdapter, status, watch),
  interference: interference({
    idle, idleWithAdapter,
    ...Object.fromEntries(Object.entries(status).map(([k, v]) => [`status.${k}`, v])),
    ...Object.fromEntries(Object.entries(watch).map(([k, v]) => [`watch.${k}`, v])),
    ...Object.fromEntries(Object.entries(plaintext?.status ?? {}).map(([k, v]) => [`plaintext.status.${k}`, v])),
    ...Object.fromEntries(Object.entries(plaintext?.watch ?? {}).map(([k, v]) => [`plaintext.watch.${k}`, v])),
  }, cfg.contaminationCores),
  errors,
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
