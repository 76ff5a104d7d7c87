import { expect } from 'chai';
import { VirtualClock } from '@lama/lookup';
import {
  ALLOCATOR_DEFAULTS,
  AllocatorConfigError,
  AllocatorPolicy,
  applyDecision,
  createPredictor,
  decide,
  DecisionLog,
  forecastDemand,
  formatDecision,
  HPA_DEFAULTS,
  HpaPolicy,
  hpaRecommend,
  parseAllocatorConfig,
  type Actuator,
  type AllocatorConfig,
  type Decision,
  type PoolNode,
  type PredictorSpec,
} from '../src/index.js';

const config = (over: Partial<AllocatorConfig> = {}): AllocatorConfig => ({
  ...ALLOCATOR_DEFAULTS,
  role: 'streaming-server',
  metric: 'netTxMbps',
  maxNodes: 8,
  ...over,
});

const serving = (name: string, load: number, over: Partial<PoolNode> = {}): PoolNode => ({ name, serving: true, load, idle: false, roles: ['streaming-server'], ...over });
const idle = (name: string, over: Partial<PoolNode> = {}): PoolNode => ({ name, serving: false, load: 0, idle: true, roles: ['streaming-server'], ...over });

/** A pool of `n` serving nodes carrying `perNode` each, and `spare` idle ones. */
function pool(n: number, perNode: number, spare = 3): PoolNode[] {
  return [
    ...Array.from({ length: n }, (_, i) => serving(`s${i + 1}`, perNode)),
    ...Array.from({ length: spare }, (_, i) => idle(`i${i + 1}`)),
  ];
}

describe('allocator', () => {
  describe('decide (Algorithm 1)', () => {
    it('adds an idle capable node when the sum exceeds 0.9 · N · C, and logs its inputs', () => {
      const nodes = [serving('a', 95), serving('b', 92), idle('web', { roles: ['web-server'] }), idle('small', { capacity: 50 }), idle('big', { capacity: 100 })];
      const d = decide({ now: 0, nodes, config: config() });
      expect(d.action).to.equal('add');
      // 'web' lacks the role; 'big' has more capacity than 'small'.
      expect(d.node).to.equal('big');
      expect(d.inputs).to.include({ sum: 187, demand: 187, n: 2, capacity: 100, total: 200, upper: 0.9, lower: 0.8, upperBound: 180 });
      expect(d.reason).to.match(/sum 187 > 0\.9 × 200 = 180/);
    });

    it('releases the least-utilised serving node when the rest carry the load under 0.8 · (N − 1) · C', () => {
      const nodes = [serving('a', 40), serving('b', 25), serving('c', 30), idle('i1')];
      const d = decide({ now: 0, nodes, config: config() });
      expect(d.action).to.equal('release');
      expect(d.node).to.equal('b');
      expect(d.inputs.lowerBound).to.equal(160);
    });

    it('uses utilisation, not load, to pick the victim on mixed capacities', () => {
      const nodes = [serving('big', 30, { capacity: 200 }), serving('small', 20, { capacity: 50 }), serving('c', 20)];
      const d = decide({ now: 0, nodes, config: config() });
      expect(d.action).to.equal('release');
      expect(d.node).to.equal('big');
    });

    it('holds between the thresholds', () => {
      const d = decide({ now: 0, nodes: pool(3, 80), config: config() });
      expect(d.action).to.equal('hold');
      expect(d.reason).to.match(/within \[160, 270\]/);
    });

    it('compares the forecast, not the sum, when given one; max(level, forecast) with a level', () => {
      expect(decide({ now: 0, nodes: pool(2, 50), forecast: 190, config: config() }).action).to.equal('add');
      expect(decide({ now: 0, nodes: pool(2, 95), forecast: 150, config: config() }).action).to.equal('hold');
      // A falling forecast alone would release; the level now says the load is still there.
      const d = decide({ now: 0, nodes: pool(3, 60), forecast: 120, level: 175, config: config() });
      expect(d.action).to.equal('hold');
      expect(d.inputs).to.include({ forecast: 120, level: 175, demand: 175 });
    });

    it('counts a node being added in N, so one shortfall is not ordered twice', () => {
      const nodes = [serving('a', 95), serving('b', 95), idle('c', { idle: false, pending: 'adding' }), idle('d')];
      const d = decide({ now: 0, nodes, config: config() });
      expect(d.inputs).to.include({ n: 3, adding: 1, total: 300 });
      expect(d.action).to.equal('hold');
    });

    it('does not release against a node that is still being added', () => {
      // Two serving nodes at 60: 120 < 0.8 · (300 − 100) would release if the adding node counted.
      const nodes = [serving('a', 60), serving('b', 60), idle('c', { idle: false, pending: 'adding' })];
      const d = decide({ now: 0, nodes, config: config() });
      expect(d.inputs.lowerBound).to.equal(80);
      expect(d.action).to.equal('hold');
    });

    it('respects maxNodes and minNodes, and enforces them ahead of the thresholds and the cooldowns', () => {
      expect(decide({ now: 0, nodes: pool(2, 99), config: config({ maxNodes: 2 }) }).reason).to.match(/N = 2 is maxNodes/);
      expect(decide({ now: 0, nodes: pool(2, 1), config: config({ minNodes: 2 }) }).reason).to.match(/N = 2 is minNodes/);
      const below = decide({ now: 0, nodes: pool(1, 1), config: config({ minNodes: 2 }), lastAddAt: 0 });
      expect(below.action).to.equal('add');
      expect(below.reason).to.match(/below minNodes/);
      const above = decide({ now: 0, nodes: pool(3, 80), config: config({ maxNodes: 2 }), lastAddAt: 0 });
      expect(above.action).to.equal('release');
    });

    it('holds, with a reason, when no idle node has the role', () => {
      const d = decide({ now: 0, nodes: [serving('a', 99), idle('w', { roles: ['web-server'] })], config: config() });
      expect(d.action).to.equal('hold');
      expect(d.reason).to.match(/no idle node has role streaming-server/);
    });

    it('holds during a partition and still logs the inputs', () => {
      const d = decide({ now: 5, nodes: pool(2, 99), config: config(), holdReason: 'partition: 5 leases expired within 2 s' });
      expect(d.action).to.equal('hold');
      expect(d.reason).to.equal('hold: partition: 5 leases expired within 2 s');
      expect(d.inputs).to.include({ sum: 198, n: 2, holdReason: 'partition: 5 leases expired within 2 s' });
    });

    it('ignores a node whose load is not a number in the sum', () => {
      const d = decide({ now: 0, nodes: [serving('a', NaN), serving('b', 50)], config: config() });
      expect(d.inputs.sum).to.equal(50);
    });
  });

  describe('AllocatorPolicy on a virtual clock', () => {
    it('applies the add cooldown, then adds again once it has passed', () => {
      const clock = new VirtualClock(0);
      const p = new AllocatorPolicy(config({ cooldownAddMs: 20_000 }), { clock });
      expect(p.step({ nodes: pool(1, 95) }).action).to.equal('add');
      clock.advance(10_000);
      const held = p.step({ nodes: pool(2, 95) });
      expect(held.action).to.equal('hold');
      expect(held.reason).to.match(/adds cool down for 10 s more/);
      clock.advance(10_000);
      expect(p.step({ nodes: pool(2, 95) }).action).to.equal('add');
    });

    it('never undoes an add within the release cooldown, and spaces releases', () => {
      const clock = new VirtualClock(0);
      const p = new AllocatorPolicy(config({ cooldownReleaseMs: 90_000 }), { clock });
      expect(p.step({ nodes: pool(2, 95) }).action).to.equal('add');
      clock.advance(30_000);
      // The load vanished: a release is due, but the add was 30 s ago.
      expect(p.step({ nodes: pool(3, 10) }).reason).to.match(/releases cool down for 60 s more/);
      clock.advance(60_000);
      expect(p.step({ nodes: pool(3, 10) }).action).to.equal('release');
      clock.advance(2000);
      expect(p.step({ nodes: pool(2, 10) }).action).to.equal('hold');
      clock.advance(88_000);
      expect(p.step({ nodes: pool(2, 10) }).action).to.equal('release');
    });

    it('with addConfirmMs adds only once the demand has stayed above the bound that long', () => {
      const clock = new VirtualClock(0);
      const p = new AllocatorPolicy(config({ addConfirmMs: 4000, cooldownAddMs: 0 }), { clock });
      const first = p.step({ nodes: pool(2, 95) });
      expect(first.action).to.equal('hold');
      expect(first.reason).to.match(/> 0\.9 × 200 = 180, but only for 0 s of the 4 s it must last/);
      clock.advance(2000);
      expect(p.step({ nodes: pool(2, 95) }).reason).to.match(/only for 2 s of the 4 s/);
      clock.advance(2000);
      const added = p.step({ nodes: pool(2, 95) });
      expect(added.action).to.equal('add');
      // The run ends with the add: the next shortfall is timed afresh.
      clock.advance(2000);
      const nodes = [...pool(2, 95, 0), idle('i1', { pending: 'adding' }), idle('i2')];
      expect(p.step({ nodes, forecast: 290 }).reason).to.match(/only for 0 s of the 4 s/);
    });

    it('with addConfirmMs a dip below the bound restarts the count, and a forecast that grazes it orders nothing', () => {
      const clock = new VirtualClock(0);
      const p = new AllocatorPolicy(config({ addConfirmMs: 4000, cooldownAddMs: 0 }), { clock });
      const actions: string[] = [];
      for (const f of [185, 185, 170, 185, 185, 170, 185, 185, 185]) {
        actions.push(p.step({ nodes: pool(2, 85), forecast: f }).action);
        clock.advance(2000);
      }
      expect(actions).to.deep.equal(['hold', 'hold', 'hold', 'hold', 'hold', 'hold', 'hold', 'hold', 'add']);
    });

    it('addConfirmMs does not delay minNodes, a replacement, or a release', () => {
      const clock = new VirtualClock(0);
      const p = new AllocatorPolicy(config({ addConfirmMs: 60_000, minNodes: 2, cooldownReleaseMs: 0 }), { clock });
      expect(p.step({ nodes: pool(1, 10) }).action).to.equal('add');
      expect(p.step({ nodes: pool(2, 10), replacing: 's9' }).action).to.equal('add');
      expect(p.step({ nodes: pool(4, 10) }).action).to.equal('release');
    });

    it('in a dry run logs what it would do, as a hold that names the node', async () => {
      const clock = new VirtualClock(1_000_000);
      const p = new AllocatorPolicy(config({ dryRun: true }), { clock, service: 'radio' });
      const d = p.step({ nodes: pool(1, 95) });
      expect(d).to.include({ action: 'hold', dryRun: true, intended: 'add', node: 'i1', service: 'radio', at: 1_000_000 });
      expect(d.reason).to.match(/^dry run, would add i1: sum 95 > 0\.9 × 100 = 90/);
      expect(p.log.actions()).to.have.length(1);
      const calls: string[] = [];
      await applyDecision(d, recorder(calls), { RelayFrom: 'http://src:8000/live' });
      expect(calls).to.deep.equal([]);
    });

    it('keeps a bounded log of every decision with its time and inputs', () => {
      const clock = new VirtualClock(0);
      const p = new AllocatorPolicy(config(), { clock, logSize: 3 });
      for (let i = 0; i < 5; i++) {
        p.step({ nodes: pool(2, 50 + i) });
        clock.advance(2000);
      }
      const entries = p.log.entries();
      expect(entries.map((d) => d.at)).to.deep.equal([4000, 6000, 8000]);
      expect(entries.map((d) => d.inputs.sum)).to.deep.equal([104, 106, 108]);
      expect(p.log.total).to.equal(5);
      expect(p.log.entries(6000)).to.have.length(2);
      expect(JSON.parse(JSON.stringify(p.log))).to.have.length(3);
    });

    it('ticks every periodMs on the clock until cancelled', () => {
      const clock = new VirtualClock(0);
      const p = new AllocatorPolicy(config({ periodMs: 2000 }), { clock });
      const at: number[] = [];
      const timer = p.every(() => at.push(clock.now()));
      clock.advance(7000);
      timer.cancel();
      clock.advance(10_000);
      expect(at).to.deep.equal([2000, 4000, 6000]);
    });
  });

  describe('predictor + policy on virtual time', () => {
    /**
     * Runs a pool in virtual time: every 2 s the serving nodes share `demand(t)` (plus
     * `noise`), the predictor is fed their sum and the policy decides; an add serves after
     * leadMs. Returns the decisions that acted.
     */
    function run(spec: PredictorSpec, demand: (t: number) => number, opts: { seconds: number; leadMs?: number; useForecast: boolean; noise?: (t: number) => number; missing?: (t: number) => boolean }): Decision[] {
      const clock = new VirtualClock(0);
      const cfg = config({ cooldownAddMs: opts.useForecast ? ALLOCATOR_DEFAULTS.cooldownAddMs : 0, cooldownReleaseMs: opts.useForecast ? ALLOCATOR_DEFAULTS.cooldownReleaseMs : 0 });
      const policy = new AllocatorPolicy(cfg, { clock });
      const predictor = createPredictor(spec);
      const nodes: PoolNode[] = pool(1, 0, 7);
      const timer = policy.every(() => {
        const t = clock.now();
        const live = nodes.filter((n) => n.serving);
        for (const n of live) n.load = Math.min(100, demand(t) / live.length) * (opts.noise?.(t) ?? 1);
        const sum = opts.missing?.(t) ? NaN : live.reduce((s, n) => s + n.load, 0);
        predictor.observe(t, sum);
        const d = policy.step({ nodes, ...(opts.useForecast ? forecastDemand(predictor, cfg.leadTimeMs) : {}) });
        const node = nodes.find((n) => n.name === d.node);
        if (d.action === 'add' && node) {
          Object.assign(node, { idle: false, pending: 'adding' });
          clock.setTimer(() => Object.assign(node, { serving: true, pending: undefined }), opts.leadMs ?? 40_000);
        } else if (d.action === 'release' && node) {
          Object.assign(node, { serving: false, idle: true, load: 0 });
        }
      });
      clock.advance(opts.seconds * 1000);
      timer.cancel();
      return policy.log.actions();
    }

    it('a single spike makes the threshold policy add, but not the default (Holt)', () => {
      const demand = (t: number): number => (t === 120_000 ? 120 : 60);
      const threshold = run({ kind: 'threshold' }, demand, { seconds: 200, useForecast: false });
      expect(threshold.map((d) => [d.at, d.action])).to.deep.include([120_000, 'add']);
      const holt = run({ kind: 'holt' }, demand, { seconds: 200, useForecast: true });
      expect(holt).to.deep.equal([]);
    });

    it('on a noisy ramp the default adds ahead of the demand, without cycling', () => {
      // 0.66 Mbps/s (300 streams/min at 132 kbps) with 8 % multiplicative noise.
      let s = 1;
      const noise = (): number => {
        s = (s * 16807) % 2147483647;
        return 1 + 0.08 * ((s / 2147483647) * 2 - 1) * Math.sqrt(3);
      };
      const demand = (t: number): number => Math.min(290, 0.66 * (t / 1000));
      const actions = run({ kind: 'holt' }, demand, { seconds: 700, useForecast: true, noise, leadMs: 60_000 });
      expect(actions.every((d) => d.action === 'add')).to.equal(true);
      expect(actions).to.have.length(3);
      // Each add comes before the demand reaches the capacity of the nodes already there, by more than the lead time.
      actions.forEach((d, i) => {
        const reachesCapacity = ((i + 1) * 100) / 0.66;
        expect(d.at / 1000).to.be.below(reachesCapacity - 60);
      });
    });

    it('keeps deciding through missing samples, about as early as without them', () => {
      const demand = (t: number): number => Math.min(220, 0.66 * (t / 1000));
      const missing = (t: number): boolean => Math.floor(t / 2000) % 4 === 1;
      const full = run({ kind: 'holt' }, demand, { seconds: 500, useForecast: true, leadMs: 40_000 });
      const gappy = run({ kind: 'holt' }, demand, { seconds: 500, useForecast: true, missing, leadMs: 40_000 });
      expect(gappy.map((d) => d.action)).to.deep.equal(['add', 'add']);
      gappy.forEach((d, i) => {
        expect(Math.abs(d.at - full[i].at)).to.be.at.most(10_000);
        expect(d.at / 1000).to.be.below(((i + 1) * 100) / 0.66 - 40);
      });
    });
  });

  describe('applyDecision', () => {
    it('adds in order: Set the server parameters, Start, then join the dispatcher', async () => {
      const calls: string[] = [];
      const d = decide({ now: 0, nodes: pool(1, 95), config: config() });
      await applyDecision(d, recorder(calls), { RelayFrom: 'http://src:8000/live' });
      expect(calls).to.deep.equal(['set i1 {"RelayFrom":"http://src:8000/live"}', 'start i1', 'addToDispatcher i1']);
    });

    it('releases in order: drain from the dispatcher, then Stop', async () => {
      const calls: string[] = [];
      const d = decide({ now: 0, nodes: [serving('a', 30), serving('b', 10)], config: config() });
      await applyDecision(d, recorder(calls), {});
      expect(calls).to.deep.equal(['drainFromDispatcher b', 'stop b']);
    });

    it('with a site: deploys first on an add, cleans last on a release; a failed deployment stops the add before Set', async () => {
      const calls: string[] = [];
      const sited: Actuator = { ...recorder(calls), deploy: async (node) => void calls.push(`deploy ${node}`), clean: async (node) => void calls.push(`clean ${node}`) };
      await applyDecision(decide({ now: 0, nodes: pool(1, 95), config: config() }), sited, { RelayFrom: 'x' });
      await applyDecision(decide({ now: 0, nodes: [serving('a', 30), serving('b', 10)], config: config() }), sited, {});
      expect(calls).to.deep.equal(['deploy i1', 'set i1 {"RelayFrom":"x"}', 'start i1', 'addToDispatcher i1', 'drainFromDispatcher b', 'stop b', 'clean b']);
      calls.length = 0;
      const err = await applyDecision(decide({ now: 0, nodes: pool(1, 95), config: config() }), { ...sited, deploy: () => Promise.reject(new Error('deployment d-1 failed')) }, {}).catch((e: unknown) => e);
      expect((err as Error).message).to.equal('deployment d-1 failed');
      expect(calls).to.deep.equal([]);
    });

    it('stops at the first failing step', async () => {
      const calls: string[] = [];
      const failing: Actuator = { ...recorder(calls), start: () => Promise.reject(new Error('adapter refused')) };
      const d = decide({ now: 0, nodes: pool(1, 95), config: config() });
      let error: unknown;
      await applyDecision(d, failing, { RelayFrom: 'x' }).catch((err: unknown) => {
        error = err;
      });
      expect((error as Error).message).to.equal('adapter refused');
      expect(calls).to.deep.equal(['set i1 {"RelayFrom":"x"}']);
    });
  });

  describe('config, log and format', () => {
    it('parseAllocatorConfig fills defaults and names the bad key', () => {
      const c = parseAllocatorConfig({ role: 'streaming-server', metric: 'netTxMbps', serverParams: { RelayFrom: 'http://src:8000/live' } });
      expect(c).to.include({ upper: 0.9, lower: 0.8, periodMs: 2000, leadTimeMs: 60_000, dryRun: false });
      const key = (raw: unknown): string => {
        try {
          parseAllocatorConfig(raw, 'services.radio.allocator');
        } catch (err) {
          expect(err).to.be.instanceOf(AllocatorConfigError);
          return (err as AllocatorConfigError).key;
        }
        throw new Error('no error');
      };
      const base = { role: 'r', metric: 'm' };
      expect(key({ metric: 'm' })).to.equal('services.radio.allocator.role');
      expect(key({ ...base, upper: 1.2 })).to.equal('services.radio.allocator.upper');
      expect(key({ ...base, lower: 0.95 })).to.equal('services.radio.allocator.lower');
      expect(key({ ...base, minNodes: 3, maxNodes: 2 })).to.equal('services.radio.allocator.maxNodes');
      expect(key({ ...base, cooldownAddMs: -1 })).to.equal('services.radio.allocator.cooldownAddMs');
      expect(key({ ...base, addConfirmMs: -1 })).to.equal('services.radio.allocator.addConfirmMs');
      expect(parseAllocatorConfig({ ...base, addConfirmMs: 4000 }).addConfirmMs).to.equal(4000);
      expect(c.addConfirmMs).to.equal(0);
      expect(key({ ...base, dryRun: 'yes' })).to.equal('services.radio.allocator.dryRun');
      expect(key({ ...base, serverParams: { RelayFrom: 3 } })).to.equal('services.radio.allocator.serverParams');
      expect(key({ ...base, uper: 0.9 })).to.equal('services.radio.allocator.uper');
    });

    it('DecisionLog drops the oldest beyond its capacity', () => {
      const log = new DecisionLog(2);
      for (const at of [1, 2, 3]) log.push(decide({ now: at, nodes: pool(1, 10), config: config() }));
      expect(log.entries().map((d) => d.at)).to.deep.equal([2, 3]);
      expect(() => new DecisionLog(0)).to.throw(RangeError);
    });

    it('formatDecision shows the action, the node and the figures it was decided on', () => {
      const d = decide({ now: Date.UTC(2026, 0, 1), nodes: pool(2, 95), forecast: 200, config: config() });
      const line = formatDecision(d);
      expect(line).to.match(/^2026-01-01T00:00:00\.000Z streaming-server add i1 \| sum 190 forecast 200 demand 200 N 2 \(\+0\) C 100 bounds \[80, 180\] \| forecast 200 > 0\.9 × 200 = 180$/);
    });
  });

  describe('Kubernetes HPA reference', () => {
    const cfg = { ...HPA_DEFAULTS, capacityPerNode: 100, maxReplicas: 10 };

    it('desired = ceil(N · utilisation / target), with no change inside the tolerance', () => {
      expect(hpaRecommend({ now: 0, ready: 4, unready: 0, usage: 4 * 85 }, cfg).recommendation).to.equal(4); // ratio 1.0625
      expect(hpaRecommend({ now: 0, ready: 4, unready: 0, usage: 4 * 95 }, cfg).recommendation).to.equal(5); // ratio 1.1875 → ceil(4.75)
      expect(hpaRecommend({ now: 0, ready: 4, unready: 0, usage: 4 * 40 }, cfg).recommendation).to.equal(2); // ratio 0.5
    });

    it('counts unready nodes at zero when scaling up, so capacity on its way is not ordered again', () => {
      const r = hpaRecommend({ now: 0, ready: 2, unready: 1, usage: 190 }, cfg);
      // Ready-only ratio 1.19; with the starting node at 0, 190 / 300 / 0.8 = 0.79: no change.
      expect(r.recommendation).to.equal(3);
    });

    it('scales down only to the highest recommendation of the last 5 minutes', () => {
      const hpa = new HpaPolicy(cfg);
      expect(hpa.step({ now: 0, ready: 4, unready: 0, usage: 4 * 80 }).desired).to.equal(4);
      expect(hpa.step({ now: 15_000, ready: 4, unready: 0, usage: 4 * 30 }).desired).to.equal(4);
      expect(hpa.step({ now: 299_000, ready: 4, unready: 0, usage: 4 * 30 }).desired).to.equal(4);
      // The 4 recommended at t = 0 has left the window.
      expect(hpa.step({ now: 301_000, ready: 4, unready: 0, usage: 4 * 30 }).desired).to.equal(2);
    });

    it('scales up at once, within the default rate limit and maxReplicas', () => {
      const hpa = new HpaPolicy(cfg);
      expect(hpa.step({ now: 0, ready: 2, unready: 0, usage: 2 * 100 }).desired).to.equal(3);
      expect(new HpaPolicy(cfg).step({ now: 0, ready: 1, unready: 0, usage: 100 * 8 }).desired).to.equal(5);
      expect(new HpaPolicy({ ...cfg, maxReplicas: 3 }).step({ now: 0, ready: 2, unready: 0, usage: 400 }).desired).to.equal(3);
    });
  });
});

/** An Actuator that records its calls. */
function recorder(calls: string[]): Actuator {
  return {
    set: async (node, params) => void calls.push(`set ${node} ${JSON.stringify(params)}`),
    start: async (node) => void calls.push(`start ${node}`),
    addToDispatcher: async (node) => void calls.push(`addToDispatcher ${node}`),
    drainFromDispatcher: async (node) => void calls.push(`drainFromDispatcher ${node}`),
    stop: async (node) => void calls.push(`stop ${node}`),
  };
}
