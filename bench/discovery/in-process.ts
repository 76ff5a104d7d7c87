import { DiscoveryManager, JoinManager } from '@lama/lookup';
import { cpuSeconds } from '@lama/testkit';
import type { BenchPool } from './pool.js';
import { progress, type Launcher } from './setup.js';
import { summarize, type Summary } from './stats.js';
import { profileWindow } from './window-profile.js';

export interface InProcessResult {
  joiners: number;
  registered: number;
  /** start() -> 'discovered' event. */
  discoveredMs: Summary;
  /** start() -> 'registered' event. */
  registeredMs: Summary;
  /** start() of the first -> 'registered' of the last (null unless all registered). */
  allRegisteredWithinMs: number | null;
  /** Registration attempts that failed (JoinManager 'failed' events) and leases lost, with the first few distinct reasons. */
  failedAttempts: { total: number; lost: number; errors: string[] };
  /** CPU (user + system) from start() until all registered (or the timeout): this process (all n joiners), and the lookup process. */
  cpuMs: { joiners: number; lookup: number };
  /** The joiners' discovery counters, summed (DiscoveryStats: queries sent, messages accepted, rejections by reason). */
  discoveryStats: Record<string, number>;
  /** Lookup services discarded by the joiners, by reason. */
  discarded: Record<string, number>;
}

interface Joiner {
  discovery: DiscoveryManager;
  join: JoinManager;
  discoveredAt?: number;
  registeredAt?: number;
}

/**
 * n DiscoveryManager + JoinManager pairs in this process, started together against the real
 * lookup process: the discovery protocol and the lookup service under n simultaneous joiners,
 * without n node start-ups competing for the CPU. Supplementary to the process numbers.
 */
export async function hundredInProcess(launch: Launcher, pool: BenchPool, lookupPid: number, n: number, leaseMs: number, timeoutMs: number): Promise<InProcessResult> {
  const joiners: Joiner[] = Array.from({ length: n }, (_, i) => {
    const credential = pool.issue(`inproc-${String(i).padStart(3, '0')}`, 'agent');
    const discovery = new DiscoveryManager({ credential, mdns: launch.mdns });
    const join = new JoinManager({ credential, discovery, leaseMs, item: { serviceTypes: ['lama.Service'], attributes: [{ type: 'lama.Name', fields: { name: credential.certificate.name } }] } });
    return { discovery, join };
  });
  let allDone: () => void = () => undefined;
  const done = new Promise<void>((resolve) => { allDone = resolve; });
  let registered = 0;
  const failures: string[] = [];
  let lost = 0;
  const discarded: Record<string, number> = {};
  for (const j of joiners) {
    j.join.on('failed', (_lookup, err) => failures.push(err.message.slice(0, 160)));
    j.join.on('lost', () => lost++);
    j.discovery.events.subscribe((e) => { if (e.type === 'discarded') discarded[e.reason] = (discarded[e.reason] ?? 0) + 1; });
    j.discovery.events.subscribe((e) => { if (e.type === 'discovered') j.discoveredAt ??= Date.now(); });
    j.join.once('registered', () => {
      j.registeredAt = Date.now();
      if (++registered === n) allDone();
    });
  }
  const stopProfile = await profileWindow(`in-process-${n}`);
  const cpu0 = process.cpuUsage();
  const lookupCpu0 = cpuSeconds(lookupPid);
  const t0 = Date.now();
  let timer: NodeJS.Timeout | undefined;
  let cpuMs = { joiners: -1, lookup: -1 };
  try {
    await Promise.all(joiners.map(async (j) => {
      await j.discovery.start();
      await j.join.start();
    }));
    await Promise.race([done, new Promise((r) => { timer = setTimeout(r, timeoutMs); })]);
    const cpu = process.cpuUsage(cpu0);
    cpuMs = { joiners: Math.round((cpu.user + cpu.system) / 1000), lookup: Math.round((cpuSeconds(lookupPid) - lookupCpu0) * 1000) };
  } finally {
    clearTimeout(timer);
    await stopProfile();
    await Promise.all(joiners.map(async (j) => {
      await j.join.stop();
      await j.discovery.stop();
    }));
  }
  const since = (t: number | undefined): number[] => (t === undefined ? [] : [t - t0]);
  const result: InProcessResult = {
    joiners: n,
    registered,
    discoveredMs: summarize(joiners.flatMap((j) => since(j.discoveredAt))),
    registeredMs: summarize(joiners.flatMap((j) => since(j.registeredAt))),
    allRegisteredWithinMs: registered === n ? Math.max(...joiners.map((j) => j.registeredAt ?? 0)) - t0 : null,
    failedAttempts: { total: failures.length, lost, errors: [...new Set(failures)].slice(0, 5) },
    cpuMs,
    discoveryStats: sumStats(joiners.map((j) => j.discovery.stats)),
    discarded,
  };
  progress(`${n} in-process joiners: discovered p99 ${result.discoveredMs.p99} ms, all registered within ${result.allRegisteredWithinMs} ms; ${failures.length} failed attempts, ${lost} leases lost; CPU ${cpuMs.joiners} ms here, ${cpuMs.lookup} ms in the lookup service`);
  return result;
}

function sumStats(all: Record<string, number>[]): Record<string, number> {
  const sum: Record<string, number> = {};
  for (const stats of all) for (const [k, v] of Object.entries(stats)) sum[k] = (sum[k] ?? 0) + v;
  return sum;
}
