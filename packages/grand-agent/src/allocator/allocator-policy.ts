import type { Clock, Timer } from '@lama/lookup';
import { decide } from './algorithm1.js';
import type { AllocatorConfig } from './config.js';
import type { Decision, PoolNode } from './decision.js';
import { DecisionLog } from './decision-log.js';

/** What the monitor hands the policy each period. */
export interface PolicyInput {
  nodes: readonly PoolNode[];
  /** Demand forecast for the allocation's horizon (see forecastDemand). */
  forecast?: number;
  /** Smoothed current demand (see forecastDemand). */
  level?: number;
  /** Hold reallocation (e.g. a partition alert is up); the decision is still logged with its inputs. */
  holdReason?: string;
  /** A serving node failed: add one in its place now. */
  replacing?: string;
}

export interface AllocatorPolicyOptions {
  clock: Clock;
  /** The service this policy sizes, stamped on its decisions. */
  service?: string;
  /** Decisions kept for `lama decisions` (a ring buffer). */
  logSize?: number;
}

/**
 * Algorithm 1 with memory: remembers when it last added and released (for the cooldowns),
 * turns decisions into dry-run holds when configured to, and logs every decision with its
 * inputs. It acts on nothing itself: the caller applies what step() returns (applyDecision).
 */
export class AllocatorPolicy {
  readonly log: DecisionLog;
  private lastAddAt: number | undefined;
  private lastReleaseAt: number | undefined;
  private aboveSince: number | undefined;

  constructor(readonly config: AllocatorConfig, private readonly options: AllocatorPolicyOptions) {
    this.log = new DecisionLog(options.logSize);
  }

  /** Decides for this period at clock.now(), records the decision and returns it. */
  step(input: PolicyInput): Decision {
    const now = this.options.clock.now();
    let d = decide({ ...input, now, config: this.config, lastAddAt: this.lastAddAt, lastReleaseAt: this.lastReleaseAt, aboveSince: this.aboveSince });
    // A run above the upper bound ends with the add it leads to (N, and so the bound, moves).
    this.aboveSince = d.inputs.demand > d.inputs.upperBound && d.action !== 'add' ? (this.aboveSince ?? now) : undefined;
    if (this.options.service !== undefined) d = { ...d, service: this.options.service };
    // Cooldowns run in a dry run too, so its log reads like the live run it stands for.
    if (d.action === 'add') this.lastAddAt = now;
    if (d.action === 'release') this.lastReleaseAt = now;
    if (this.config.dryRun && d.action !== 'hold') {
      d = { ...d, action: 'hold', dryRun: true, intended: d.action, reason: `dry run, would ${d.action} ${d.node}: ${d.reason}` };
    }
    this.log.push(d);
    return d;
  }

  /**
   * Calls tick every periodMs on the policy's clock until cancelled; `early()` ticks at once
   * and starts the period again from there (so the predictor's next sample is a period later).
   */
  every(tick: () => void): PeriodTimer {
    let timer: Timer | undefined;
    let cancelled = false;
    const arm = (): void => {
      timer = this.options.clock.setTimer(() => {
        if (cancelled) return;
        arm();
        tick();
      }, this.config.periodMs);
    };
    arm();
    return {
      cancel: () => {
        cancelled = true;
        timer?.cancel();
      },
      early: () => {
        if (cancelled) return;
        timer?.cancel();
        arm();
        tick();
      },
    };
  }
}

/** A period's timer that can also fire early. */
export interface PeriodTimer extends Timer {
  /** Ticks now and restarts the period from now (nothing once cancelled). */
  early(): void;
}
