import { DiscoveryManager, JoinManager } from '@lama/lookup';
import type { BenchPool } from './pool.js';
import { progress, type Launcher } from './setup.js';
import { summarize, type Summary } from './stats.js';

export interface InProcessResult {
  joiners: number;
  registered: number;
  /** start() -> 'discovered' event. */
  discoveredMs: Summary;
  /** start() -> 'registered' event. */
  registeredMs: Summary;
  /** start() of the first -> 'registered' of the last (null unless all registered). */
  allRegisteredWithinMs: number | null;
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
export async function hundredInProcess(launch: Launcher, pool: BenchPool, n: number, leaseMs: number, timeoutMs: number): Promise<InProcessResult> {
  const joiners: Joiner[] = Array.from({ length: n }, (_, i) => {
    const credential = pool.issue(`inproc-${String(i).padStart(3, '0')}`, 'agent');
    const discovery = new DiscoveryManager({ credential, mdns: launch.mdns });
    const join = new JoinManager({ credential, discovery, leaseMs, item: { serviceTypes: ['lama.Service'], attributes: [{ type: 'lama.Name', fields: { name: credential.certificate.name } }] } });
    return { discovery, join };
  });
  let allDone: () => void = () => undefined;
  const done = new Promise<void>((resolve) => { allDone = resolve; });
  let registered = 0;
  for (const j of joiners) {
    j.discovery.events.subscribe((e) => { if (e.type === 'discovered') j.discoveredAt ??= Date.now(); });
    j.join.once('registered', () => {
      j.registeredAt = Date.now();
      if (++registered === n) allDone();
    });
  }
  const t0 = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.all(joiners.map(async (j) => {
      await j.discovery.start();
      await j.join.start();
    }));
    await Promise.race([done, new Promise((r) => { timer = setTimeout(r, timeoutMs); })]);
  } finally {
    clearTimeout(timer);
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
  };
  progress(`${n} in-process joiners: discovered p99 ${result.discoveredMs.p99} ms, all registered within ${result.allRegisteredWithinMs} ms`);
  return result;
}
