/**
 * The Kubernetes Horizontal Pod Autoscaler's algorithm with its defaults, as a baseline for
 * Algorithm 1 (kubernetes/pkg/controller/podautoscaler: replica_calculator.go for the
 * recommendation, horizontal.go for stabilisation and rate limits). Nodes play pods.
 */
export interface HpaConfig {
  /**
   * Target utilisation per node. 0.8 by default: its tolerance band [0.72, 0.88] sits where
   * Algorithm 1's 0.9 / 0.8 thresholds keep a pool, so both run at comparable utilisation.
   */
  targetUtilization: number;
  /** No change while |utilisation / target − 1| ≤ tolerance (the default 0.1). */
  tolerance: number;
  /** A scale-down goes only as low as the highest recommendation of this window (the default 5 min). */
  scaleDownStabilizationMs: number;
  /** How often the controller runs (the default 15 s). */
  syncPeriodMs: number;
  capacityPerNode: number;
  minReplicas: number;
  maxReplicas: number;
}

/** Kubernetes defaults, with a target comparable to Algorithm 1 (see targetUtilization). */
export const HPA_DEFAULTS: HpaConfig = {
  targetUtilization: 0.8,
  tolerance: 0.1,
  scaleDownStabilizationMs: 300_000,
  syncPeriodMs: 15_000,
  capacityPerNode: 100,
  minReplicas: 1,
  maxReplicas: 16,
};

/** What the controller sees at a sync. */
export interface HpaInput {
  now: number;
  /** Nodes serving (ready pods) and nodes started but not yet serving (unready pods). */
  ready: number;
  unready: number;
  /** Σ of the metric over the ready nodes (the metrics pipeline's average over its window). */
  usage: number;
}

/** The replica calculator's answer. */
export interface HpaRecommendation {
  current: number;
  recommendation: number;
  /** Utilisation of the ready nodes over the target. */
  usageRatio: number;
  reason: string;
}

/** The replica calculator for a utilisation target: desired = ceil(ratio × nodes), with the tolerance and the unready-pod rule. */
export function hpaRecommend(input: HpaInput, config: HpaConfig): HpaRecommendation {
  const current = input.ready + input.unready;
  if (input.ready === 0) return { current, recommendation: current, usageRatio: NaN, reason: 'no ready node to measure' };
  const C = config.capacityPerNode;
  const usageRatio = input.usage / (input.ready * C) / config.targetUtilization;
  const within = (r: number): boolean => Math.abs(r - 1) <= config.tolerance;
  if (input.unready === 0 || usageRatio < 1) {
    // Scaling down ignores unready pods, and without any the ready pods are all there is.
    if (within(usageRatio)) return { current, recommendation: current, usageRatio, reason: 'within tolerance' };
    return { current, recommendation: Math.ceil(usageRatio * input.ready), usageRatio, reason: `ratio ${usageRatio.toFixed(3)}` };
  }
  // Scaling up with unready pods: count them at zero use so capacity already on its way is not ordered twice.
  const newRatio = input.usage / (current * C) / config.targetUtilization;
  if (within(newRatio) || newRatio < 1) return { current, recommendation: current, usageRatio, reason: `ratio ${newRatio.toFixed(3)} counting unready nodes at 0` };
  const recommendation = Math.ceil(newRatio * current);
  return { current, recommendation: Math.max(recommendation, current), usageRatio, reason: `ratio ${newRatio.toFixed(3)} counting unready nodes at 0` };
}

/** The controller's answer at one sync. */
export interface HpaDecision extends HpaRecommendation {
  at: number;
  /** After stabilisation, rate limits and min/max. */
  desired: number;
}

/** The HPA controller: the replica calculator, then the default behaviour (scale-down stabilisation, rate limits, bounds). */
export class HpaPolicy {
  private history: { at: number; recommendation: number }[] = [];

  constructor(readonly config: HpaConfig = HPA_DEFAULTS) {}

  /** One sync: returns the replica count to move to. */
  step(input: HpaInput): HpaDecision {
    const r = hpaRecommend(input, this.config);
    const cutoff = input.now - this.config.scaleDownStabilizationMs;
    this.history = this.history.filter((h) => h.at > cutoff);
    // Default behaviour: scale-up stabilisation 0 s (the newest recommendation alone),
    // scale-down stabilisation over the window (the highest recommendation in it).
    const down = Math.max(r.recommendation, ...this.history.map((h) => h.recommendation));
    this.history.push({ at: input.now, recommendation: r.recommendation });
    let desired = r.current;
    if (desired < r.recommendation) desired = r.recommendation;
    if (desired > down) desired = down;
    // Default rate limits per 15 s: up by max(4 pods, 100 %), down by 100 %.
    desired = Math.min(desired, Math.max(r.current + 4, 2 * r.current));
    desired = Math.min(this.config.maxReplicas, Math.max(this.config.minReplicas, desired));
    return { ...r, at: input.now, desired };
  }
}
