import { seededRandom } from '@lama/testkit';
import type { NetLab } from '../lib/netlab.js';
import { registeredAtBoth, type SoakPool } from './pool.js';

/** The faults the soak causes. */
export type FaultKind = 'kill' | 'partition' | 'lookup-restart' | 'grand-restart';
const KINDS: FaultKind[] = ['kill', 'partition', 'lookup-restart', 'grand-restart'];

/** One planned fault: what, and on which agent (kill and partition). */
export interface PlannedFault {
  kind: FaultKind;
  target: string;
}

/** The fault sequence of a seed: each kind equally likely, kill and partition victims among the streaming agents. */
export function planFaults(seed: number, count: number, streaming: string[]): PlannedFault[] {
  const random = seededRandom(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)] as T;
  return Array.from({ length: count }, () => {
    const kind = pick(KINDS);
    return { kind, target: kind === 'kill' || kind === 'partition' ? pick(streaming) : kind === 'lookup-restart' ? 'lookup' : 'grand' };
  });
}

/** What one fault did: when, how long the pool took to have the victim back, or what went wrong. */
export interface FaultRecord extends PlannedFault {
  at: string;
  atMs: number;
  /** Seconds from the fault until the victim was back: re-registered with both lookup services (agents), or every agent registered again with it (lookups). */
  backAfterS?: number;
  problem?: string;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const seconds = (fromMs: number): number => Math.round((Date.now() - fromMs) / 100) / 10;

/** Causes one fault and waits for the pool to have its victim back (bounded); never throws, a failure is recorded. */
export async function applyFault(f: PlannedFault, pool: SoakPool, lab: NetLab, leaseMs: number): Promise<FaultRecord> {
  const atMs = Date.now();
  const rec: FaultRecord = { ...f, at: new Date(atMs).toISOString(), atMs };
  try {
    const agents = pool.daemons.filter((d) => d.kind === 'agent');
    switch (f.kind) {
      case 'kill': {
        await pool.current(f.target).stop('SIGKILL', 1000);
        // Dead for twice its lease, like the partition: its expiry is alerted before it returns.
        await sleep(2 * leaseMs);
        await registeredAtBoth(pool.daemon(f.target).start(), 30_000);
        break;
      }
      case 'partition': {
        const d = pool.daemon(f.target);
        lab.setLink(d.ns, false);
        await sleep(2 * leaseMs);
        lab.setLink(d.ns, true);
        // Any registration since the cut is the re-registration (none can happen while cut off); counting
        // from the link's return instead missed one that came while `ip` itself was slow under load.
        await registeredAtBoth(pool.current(f.target), 30_000, atMs);
        break;
      }
      case 'lookup-restart':
      case 'grand-restart': {
        const d = pool.daemon(f.target);
        await pool.current(f.target).stop('SIGKILL', 1000);
        const p = d.start();
        await p.waitForLog((l) => l.msg === (f.kind === 'grand-restart' ? 'grand agent running' : 'lookup service listening'), 30_000);
        // Every agent learns of the loss at its next renewal and registers with the new incarnation.
        const end = Date.now() + 30_000;
        while (!agents.every((a) => pool.current(a.name).logs.some((l) => l.msg === 'registered' && l.lookup === f.target && Number(l.time) >= atMs))) {
          if (Date.now() > end) throw new Error(`not every agent registered with the restarted ${f.target} within 30 s`);
          await sleep(200);
        }
        break;
      }
    }
    rec.backAfterS = seconds(atMs);
  } catch (err) {
    rec.problem = (err as Error).message;
  }
  return rec;
}
