import type { PoolNode } from '@lama/grand-agent';
import { VirtualClock, type Timer } from '@lama/lookup';
import type { Controller } from './controllers.js';
import { CLUSTER, type Scenario } from './scenario.js';

/** One row of the trace, every 2 s sample. */
export interface TracePoint {
  t: number;
  demand: number;
  /** What the monitor measured (NaN when it missed the round). */
  measured: number;
  /** What the policy compared with its thresholds. */
  decided?: number;
  allocated: number;
  serving: number;
  oracle: number;
}

/** A scaling action and when it was taken (seconds). */
export interface Action {
  t: number;
  kind: 'add' | 'release';
  node: string;
}

export interface RunResult {
  policy: string;
  seed: number;
  /** Per-second accounting. */
  secondsAboveCapacity: number;
  /** The seconds in which the demand was above serving capacity (to tell where a policy fell short). */
  aboveCapacityAt: number[];
  /** Mbps·s of demand above serving capacity. */
  unservedMbpsSeconds: number;
  allocatedNodeSeconds: number;
  oracleNodeSeconds: number;
  overNodeSeconds: number;
  /** The same against a stricter-than-needed yardstick: ceil(demand / (0.9 · C)), an oracle that keeps the paper's 10 % headroom. */
  oracle90NodeSeconds: number;
  over90NodeSeconds: number;
  actions: Action[];
  trace: TracePoint[];
}

interface SimNode {
  name: string;
  slot: number;
  state: 'idle' | 'adding' | 'serving';
  timer?: Timer;
  lastSample: number;
}

/**
 * Runs one policy on one seed in virtual time: the world advances every second; every 2 s
 * the monitor samples each serving node (its share of the served load times that sample's
 * noise) and the policy decides; an added node serves after its lead time; a release
 * drains at once. Accounting is per second on the true demand.
 */
export function simulate(scenario: Scenario, makeController: (clock: VirtualClock, scenario: Scenario) => Controller): RunResult {
  const clock = new VirtualClock(0);
  const controller = makeController(clock, scenario);
  const C = CLUSTER.capacityMbps;
  const nodes: SimNode[] = Array.from({ length: CLUSTER.poolNodes }, (_, i) => ({
    name: `node-${i + 1}`,
    slot: i,
    state: i < CLUSTER.initialServing ? 'serving' : 'idle',
    lastSample: 0,
  }));
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const actions: Action[] = [];
  const trace: TracePoint[] = [];
  let adds = 0;
  const aboveCapacityAt: number[] = [];
  const r = { secondsAboveCapacity: 0, unservedMbpsSeconds: 0, allocatedNodeSeconds: 0, oracleNodeSeconds: 0, overNodeSeconds: 0, oracle90NodeSeconds: 0, over90NodeSeconds: 0 };
  const serving = (): number => nodes.filter((n) => n.state === 'serving').length;
  const allocated = (): number => nodes.filter((n) => n.state !== 'idle').length;
  const oracle = (d: number): number => Math.max(1, Math.ceil(d / C));
  const oracle90 = (d: number): number => Math.max(1, Math.ceil(d / (0.9 * C)));

  const sample = (t: number, sampleIndex: number): number => {
    const demand = scenario.demand[t];
    const live = nodes.filter((n) => n.state === 'serving');
    // The dispatcher spreads streams evenly; a node past its ceiling drops what it cannot carry.
    const share = live.length ? Math.min(demand / live.length, CLUSTER.servedCeiling * C) : 0;
    if (Number.isNaN(scenario.noise[sampleIndex * CLUSTER.poolNodes])) return NaN;
    let sum = 0;
    for (const n of live) {
      const f = scenario.noise[sampleIndex * CLUSTER.poolNodes + n.slot];
      n.lastSample = Math.min(C, share * f);
      sum += n.lastSample;
    }
    return sum;
  };

  const decideAt = (t: number, sampleIndex: number): void => {
    const measured = sample(t, sampleIndex);
    const view: PoolNode[] = nodes.map((n) => ({
      name: n.name,
      roles: ['streaming-server'],
      serving: n.state === 'serving',
      // A missed round leaves the monitor with each node's previous figure.
      load: n.state === 'serving' ? n.lastSample : 0,
      capacity: C,
      idle: n.state === 'idle',
      ...(n.state === 'adding' && { pending: 'adding' as const }),
    }));
    const step = controller.tick({ now: clock.now(), nodes: view, sum: measured });
    for (const name of step.add) {
      const n = byName.get(name);
      if (!n || n.state !== 'idle') throw new Error(`${controller.name} added ${name}, which is not idle`);
      const lead = scenario.leadTimesMs[adds++ % scenario.leadTimesMs.length];
      n.state = 'adding';
      n.timer = clock.setTimer(() => {
        n.state = 'serving';
        n.timer = undefined;
      }, lead);
      actions.push({ t, kind: 'add', node: name });
    }
    for (const name of step.release) {
      const n = byName.get(name);
      if (!n || n.state === 'idle') throw new Error(`${controller.name} released ${name}, which is idle`);
      n.timer?.cancel();
      n.timer = undefined;
      n.state = 'idle';
      actions.push({ t, kind: 'release', node: name });
    }
    trace.push({ t, demand: scenario.demand[t], measured, decided: step.demand, allocated: allocated(), serving: serving(), oracle: oracle(scenario.demand[t]) });
  };

  const sampleS = CLUSTER.sampleMs / 1000;
  for (let t = 0; t < scenario.durationS; t++) {
    // Timers due by now (nodes becoming ready) fire first, then this second's sample.
    clock.advance(t * 1000 - clock.now());
    if (t % sampleS === 0) decideAt(t, t / sampleS);
    const d = scenario.demand[t];
    const cap = serving() * C;
    const alloc = allocated();
    if (d > cap) {
      r.secondsAboveCapacity++;
      aboveCapacityAt.push(t);
      r.unservedMbpsSeconds += d - cap;
    }
    r.allocatedNodeSeconds += alloc;
    r.oracleNodeSeconds += oracle(d);
    r.overNodeSeconds += Math.max(0, alloc - oracle(d));
    r.oracle90NodeSeconds += oracle90(d);
    r.over90NodeSeconds += Math.max(0, alloc - oracle90(d));
  }
  return { policy: controller.name, seed: scenario.seed, ...r, aboveCapacityAt, actions, trace };
}
