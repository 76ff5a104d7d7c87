import {
  ALLOCATOR_DEFAULTS,
  AllocatorPolicy,
  createPredictor,
  forecastDemand,
  HPA_DEFAULTS,
  HpaPolicy,
  type AllocatorConfig,
  type PoolNode,
  type PredictorSpec,
} from '@lama/grand-agent';
import type { Clock } from '@lama/lookup';
import { CLUSTER } from './scenario.js';

/** What the simulated monitor hands a controller every 2 s. */
export interface View {
  now: number;
  nodes: PoolNode[];
  /** Σ of the serving nodes' samples; NaN when the monitor missed this round. */
  sum: number;
}

/** What a controller wants done, and the figures it decided on (for the chart). */
export interface Step {
  add: string[];
  release: string[];
  /** The demand it compared with the thresholds (its forecast, or the sum). */
  demand?: number;
}

/** A scaling policy under test. */
export interface Controller {
  readonly name: string;
  tick(view: View): Step;
}

/** How a policy turns its predictor into Algorithm 1's input. */
export type ForecastUse =
  | { kind: 'sum' }
  /** The paper: the forecast a fixed horizon ahead replaces the sum. */
  | { kind: 'fixed'; horizonMs: number }
  /** This repo's default: max(level now, forecast one lead time ahead), see forecastDemand. */
  | { kind: 'lead' };

export interface Algorithm1Spec {
  name: string;
  predictor: PredictorSpec;
  use: ForecastUse;
  config: Partial<AllocatorConfig>;
}

/** The pool-wide parts of the allocator config every policy shares. */
export const POOL_CONFIG = { role: 'streaming-server', metric: 'netTxMbps', capacityPerNode: CLUSTER.capacityMbps, minNodes: 1, maxNodes: CLUSTER.poolNodes } as const;

/** The paper's policies run as the paper ran them: no cooldowns, an add on the first decision above the bound. */
export const PAPER_CONFIG: Partial<AllocatorConfig> = { cooldownAddMs: 0, cooldownReleaseMs: 0, addConfirmMs: 0, leadTimeMs: 20_000 };

/** Algorithm 1 with a predictor, through AllocatorPolicy on the simulation's clock. */
export function algorithm1Controller(spec: Algorithm1Spec, clock: Clock): Controller {
  const config: AllocatorConfig = { ...ALLOCATOR_DEFAULTS, ...POOL_CONFIG, ...spec.config };
  const predictor = createPredictor(spec.predictor);
  const policy = new AllocatorPolicy(config, { clock, service: 'live-audio', logSize: 2000 });
  return {
    name: spec.name,
    tick(view) {
      predictor.observe(view.now, view.sum);
      let input: { forecast?: number; level?: number } = {};
      if (spec.use.kind === 'fixed') {
        const f = predictor.forecast(spec.use.horizonMs);
        if (f !== undefined) input = { forecast: f };
      } else if (spec.use.kind === 'lead') {
        input = forecastDemand(predictor, config.leadTimeMs);
      }
      const d = policy.step({ nodes: view.nodes, ...input });
      return {
        add: d.action === 'add' && d.node ? [d.node] : [],
        release: d.action === 'release' && d.node ? [d.node] : [],
        demand: d.inputs.demand,
      };
    },
  };
}

/** The Kubernetes HPA: runs every sync period on the mean of the samples since the last sync. */
export function hpaController(name: string): Controller {
  const hpa = new HpaPolicy({ ...HPA_DEFAULTS, capacityPerNode: CLUSTER.capacityMbps, minReplicas: POOL_CONFIG.minNodes, maxReplicas: POOL_CONFIG.maxNodes });
  let window: number[] = [];
  let nextSync: number | undefined;
  let lastUsage: number | undefined;
  return {
    name,
    tick(view) {
      // metrics-server reports a rate over its scrape window: the mean of our samples in it.
      if (Number.isFinite(view.sum)) window.push(view.sum);
      nextSync ??= view.now + HPA_DEFAULTS.syncPeriodMs;
      if (view.now < nextSync) return { add: [], release: [], demand: lastUsage };
      nextSync += HPA_DEFAULTS.syncPeriodMs;
      if (window.length === 0) return { add: [], release: [], demand: lastUsage };
      const usage = window.reduce((a, b) => a + b, 0) / window.length;
      window = [];
      lastUsage = usage;
      const ready = view.nodes.filter((n) => n.serving).length;
      const unready = view.nodes.filter((n) => n.pending === 'adding').length;
      const d = hpa.step({ now: view.now, ready, unready, usage });
      const current = ready + unready;
      const step: Step = { add: [], release: [], demand: usage };
      if (d.desired > current) {
        step.add = view.nodes.filter((n) => n.idle).slice(0, d.desired - current).map((n) => n.name);
      } else if (d.desired < current) {
        // Kubernetes deletes unready pods first, then the least loaded ones here.
        const order = [
          ...view.nodes.filter((n) => n.pending === 'adding'),
          ...view.nodes.filter((n) => n.serving).sort((a, b) => a.load - b.load),
        ];
        step.release = order.slice(0, current - d.desired).map((n) => n.name);
      }
      return step;
    },
  };
}

/**
 * Not a real policy: Algorithm 1 fed the true peak demand of the next lead time, with no
 * noise. It shows how close to the oracle Algorithm 1's thresholds allow at best.
 */
export function perfectForesightController(name: string, demand: Float64Array, config: Partial<AllocatorConfig>, clock: Clock): Controller {
  const cfg: AllocatorConfig = { ...ALLOCATOR_DEFAULTS, ...POOL_CONFIG, cooldownAddMs: 0, cooldownReleaseMs: 0, addConfirmMs: 0, ...config };
  const policy = new AllocatorPolicy(cfg, { clock, logSize: 10 });
  return {
    name,
    tick(view) {
      const t = Math.round(view.now / 1000);
      let peak = 0;
      for (let s = t; s <= Math.min(demand.length - 1, t + cfg.leadTimeMs / 1000); s++) peak = Math.max(peak, demand[s]);
      const d = policy.step({ nodes: view.nodes, forecast: peak });
      return { add: d.action === 'add' && d.node ? [d.node] : [], release: d.action === 'release' && d.node ? [d.node] : [], demand: peak };
    },
  };
}
