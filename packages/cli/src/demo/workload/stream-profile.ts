import { WorkloadOptionsError } from './workload-errors.js';

/**
 * The LAMA paper's synthetic streaming workload (section 5): new streams arrive at a steady
 * rate up to a peak, the peak is held, then streams leave at the same rate. Durations are in
 * the paper's time; timeScale plays it faster.
 */
export interface StreamProfileOptions {
  /** New listeners per minute on the way up, and listeners leaving per minute on the way down (the paper: 300). */
  rampPerMinute: number;
  /** Concurrent listeners at the peak (the paper: 3000). */
  peak: number;
  /** How long the peak is held, ms (the paper: 3 minutes). */
  holdMs: number;
  /** Time at `base` before the ramp starts, ms (default 0). */
  warmupMs?: number;
  /** Listeners before the ramp and after the descent (default 0). */
  base?: number;
  /** The profile runs this many times faster than t: 10 plays the paper's 23 minutes in 2.3 (default 1). */
  timeScale?: number;
  /** Seeded noise on top of the shape (default none). */
  noise?: StreamNoiseOptions;
}

/** Multiplicative noise that is a pure function of time: the same seed gives the same wiggles. */
export interface StreamNoiseOptions {
  seed: number;
  /** Largest relative change, e.g. 0.1 for ±10 % (0 to 1). */
  amplitude: number;
  /** The noise holds each value this long, in profile time (default 10 s, the paper's trace sampling). */
  periodMs?: number;
}

/** The paper's workload: 300 streams per minute up to 3000, held 3 minutes, down at 300 per minute. */
export const PAPER_STREAM_WORKLOAD: Readonly<StreamProfileOptions> = Object.freeze({ rampPerMinute: 300, peak: 3000, holdMs: 180_000 });

export type StreamPhase = 'warmup' | 'ramp-up' | 'peak' | 'ramp-down' | 'done';

/** A profile: call it with t (ms since the workload began, wall time) for the target listener count. */
export interface StreamProfile {
  (t: number): number;
  /** Which part of the shape t falls in. */
  phaseAt(t: number): StreamPhase;
  /** Wall time from the start until the descent reaches base. */
  readonly durationMs: number;
  /** The checked options, defaults filled in. */
  readonly options: Readonly<Required<Omit<StreamProfileOptions, 'noise'>>> & { noise?: Readonly<Required<StreamNoiseOptions>> };
}

function check(key: string, v: unknown, min: number, max = Number.MAX_SAFE_INTEGER, integer = false): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
    throw new WorkloadOptionsError(key, `must be ${integer ? 'an integer' : 'a number'} from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ''} (got ${String(v)})`);
  }
  return v;
}

/** Mixes a seed and a label into 32 well-spread bits: one seed gives independent streams (workload, noise, lead times). */
export function mixSeed(seed: number, label: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(label + 1, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h >>> 0;
}

/** A uniform value in [-1, 1) for one (seed, slot) pair: a hash, so no state is kept. */
function hashNoise(seed: number, slot: number): number {
  let h = Math.imul(mixSeed(seed, slot), 0x846ca68b);
  h ^= h >>> 16;
  return ((h >>> 0) / 4294967296) * 2 - 1;
}

/** Builds the profile (a pure function of t) from checked options. */
export function streamProfile(options: StreamProfileOptions): StreamProfile {
  const rate = check('rampPerMinute', options.rampPerMinute, Number.MIN_VALUE);
  const base = check('base', options.base ?? 0, 0, Number.MAX_SAFE_INTEGER, true);
  const peak = check('peak', options.peak, base, Number.MAX_SAFE_INTEGER, true);
  const holdMs = check('holdMs', options.holdMs, 0);
  const warmupMs = check('warmupMs', options.warmupMs ?? 0, 0);
  const timeScale = check('timeScale', options.timeScale ?? 1, Number.MIN_VALUE);
  const noise = options.noise && {
    seed: check('noise.seed', options.noise.seed, -(2 ** 31), 2 ** 32 - 1, true),
    amplitude: check('noise.amplitude', options.noise.amplitude, 0, 1),
    periodMs: check('noise.periodMs', options.noise.periodMs ?? 10_000, 1),
  };

  // Profile time (ms) at which each phase ends.
  const rampMs = ((peak - base) / rate) * 60_000;
  const upEnd = warmupMs + rampMs;
  const holdEnd = upEnd + holdMs;
  const downEnd = holdEnd + rampMs;

  const phaseOf = (p: number): StreamPhase => (p < warmupMs ? 'warmup' : p < upEnd ? 'ramp-up' : p < holdEnd ? 'peak' : p < downEnd ? 'ramp-down' : 'done');

  // Whole listeners after ms at the ramp rate; the epsilon keeps 60 from coming out 59.999.
  const arrived = (ms: number): number => Math.floor((ms * rate) / 60_000 + 1e-9);

  const shape = (p: number): number => {
    switch (phaseOf(p)) {
      case 'warmup': return base;
      case 'ramp-up': return base + arrived(p - warmupMs);
      case 'peak': return peak;
      case 'ramp-down': return peak - arrived(p - holdEnd);
      default: return base;
    }
  };

  const profile = ((t: number): number => {
    const p = Math.max(0, t) * timeScale;
    const n = shape(p);
    if (!noise || noise.amplitude === 0 || n === 0) return n;
    return Math.max(0, Math.round(n * (1 + noise.amplitude * hashNoise(noise.seed, Math.floor(p / noise.periodMs)))));
  }) as StreamProfile;
  profile.phaseAt = (t: number) => phaseOf(Math.max(0, t) * timeScale);
  Object.defineProperty(profile, 'durationMs', { value: downEnd / timeScale, enumerable: true });
  Object.defineProperty(profile, 'options', { value: Object.freeze({ rampPerMinute: rate, peak, holdMs, warmupMs, base, timeScale, ...(noise ? { noise } : {}) }), enumerable: true });
  return profile;
}
