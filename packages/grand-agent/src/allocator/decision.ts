import type { AllocatorConfig } from './config.js';

/** One node as the allocator sees it at decision time. */
export interface PoolNode {
  name: string;
  /** Roles the node can take; capable of this service when absent or containing config.role. */
  roles?: readonly string[];
  /** In the dispatcher and carrying this service's load. */
  serving: boolean;
  /** Latest sample of config.metric on this node. */
  load: number;
  /** What this node carries at 100 %; config.capacityPerNode when absent. */
  capacity?: number;
  /** Given to no service: free to be added. */
  idle: boolean;
  /** An add or release under way: an adding node already counts in N, a releasing one no longer does. */
  pending?: 'adding' | 'releasing';
}

/** What Algorithm 1 is given each period. */
export interface DecideInput {
  now: number;
  nodes: readonly PoolNode[];
  /** The demand forecast for the allocation's horizon; without it the current sum is the demand (the paper's threshold policy). */
  forecast?: number;
  /** The current demand as the predictor estimates it (smoothed); when given, demand = max(level, forecast). */
  level?: number;
  config: AllocatorConfig;
  /** Set while reallocation must hold (e.g. a suspected partition): decide, log, but do nothing. */
  holdReason?: string;
  /** When the last add / release was decided, for the cooldowns. */
  lastAddAt?: number;
  lastReleaseAt?: number;
  /**
   * When the demand first went above the upper bound in the run of decisions that ends with
   * this one; undefined when the previous decision was not above it. For addConfirmMs.
   */
  aboveSince?: number;
  /** A serving node failed: add one in its place now (past the add cooldown; not past maxNodes or a hold). */
  replacing?: string;
}

/** The figures a decision was made on, logged with it. */
export interface DecisionInputs {
  role: string;
  metric: string;
  /** Σ load over the serving nodes. */
  sum: number;
  forecast?: number;
  level?: number;
  /** What was compared with the thresholds: max(level, forecast), else forecast, else sum. */
  demand: number;
  /** N: serving nodes plus nodes being added, minus nodes being released. */
  n: number;
  serving: number;
  adding: number;
  /** C per node. */
  capacity: number;
  /** N · C (Σ of the counted nodes' capacities, nodes being added included). */
  total: number;
  /** Σ capacity of the nodes serving now (nodes being added excluded). */
  servingCapacity: number;
  upper: number;
  lower: number;
  /** upper · N · C: an add above this. */
  upperBound: number;
  /**
   * lower · (serving capacity − C of the release candidate): a release below this; undefined
   * with no candidate. Only serving nodes count here: a node still being added carries nothing
   * yet, so releasing against it could leave the demand on too few servers.
   */
  lowerBound?: number;
  minNodes: number;
  maxNodes: number;
  holdReason?: string;
}

/** What Algorithm 1 decided, and why. */
export interface Decision {
  at: number;
  /** The service (pool) this decision is for, when the policy knows it. */
  service?: string;
  action: 'add' | 'release' | 'hold';
  /** The node to add or release (for a dry run: the one that would have been). */
  node?: string;
  reason: string;
  /** Set on a dry run: action is 'hold' and `intended` says what would have been done. */
  dryRun?: true;
  intended?: 'add' | 'release';
  inputs: DecisionInputs;
  /** Set once carried out: 'done' or 'failed: why'. */
  outcome?: string;
  /**
   * How long carrying it out took (ms): for an add, the real lead time until the node serves
   * (its deployment included, for a service with a site), which leadTimeMs only assumes.
   */
  tookMs?: number;
  /** The deployment (add) or cleaning (release) that carrying it out started, by id. */
  deployment?: string;
}
