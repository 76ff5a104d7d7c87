import { Prng } from './prng.js';

/** The paper's workload and the simulated cluster, all in one place so the report can print it. */
export const WORKLOAD = {
  /** Seconds before the first stream arrives (predictors get history; every policy holds 1 node). */
  warmupS: 60,
  /** New streams per second while ramping up, and streams leaving per second while ramping down (300 per minute). */
  rampPerS: 5,
  peakStreams: 3000,
  peakS: 180,
  /** Mean listening time at the peak: listeners leave and others arrive (Poisson), so the peak is not flat. */
  peakSessionS: 1800,
  /** Seconds after the last stream leaves. */
  tailS: 120,
  /** Bandwidth per 128 kbps stream with TCP/IP overhead (the paper: ~132 kbps). */
  mbpsPerStream: 0.132,
} as const;

export const CLUSTER = {
  /** C: one node's link (Mbps). */
  capacityMbps: 100,
  /** A node serves at most this share of its link; beyond it icecast drops connections (the paper: 98 %). */
  servedCeiling: 0.98,
  poolNodes: 8,
  initialServing: 1,
  sampleMs: 2000,
  /** An added node serves after a delay uniform in [min, max] (the paper: allocation overhead within 1 minute). */
  leadTimeMinMs: 30_000,
  leadTimeMaxMs: 60_000,
} as const;

/** Measurement noise on each 2 s per-node sample (multiplicative; see NOISE_WHY). */
export interface NoiseModel {
  /** Per-node, per-sample: TCP bursts and sampling-window jitter, independent across nodes. */
  nodeSigma: number;
  /** Common to all nodes in a sample: the source stream's bitrate and packetisation. */
  commonSigma: number;
  /** Chance per sample of a one-sample spike on all nodes (reconnect storm, backup job). */
  spikeProb: number;
  /** Spike size, uniform in [min, max] of the load. */
  spikeMin: number;
  spikeMax: number;
  /** Chance per sample that the monitor misses a round (every node's sample is NaN). */
  missingProb: number;
}

export const NOISE: NoiseModel = { nodeSigma: 0.08, commonSigma: 0.03, spikeProb: 0.01, spikeMin: 0.2, spikeMax: 0.5, missingProb: 0.01 };

export const NOISE_WHY =
  'Each node reports the bytes it sent in the last 2 s. Over so short a window TCP bursts, ' +
  'retransmissions and where the window edges fall move a node\'s figure by several percent ' +
  'independently of the others (nodeSigma); the source\'s bitrate moves all nodes together ' +
  '(commonSigma); rare one-sample spikes stand for reconnect storms; and a monitor round is sometimes lost.';

/** One seed's world: identical for every policy, so they are compared on the same demand and the same noise. */
export interface Scenario {
  seed: number;
  /** Streams at each second. */
  streams: Int32Array;
  /** True demand at each second, Mbps. */
  demand: Float64Array;
  /** Multiplicative noise factor for sample k on node slot j: noise[k * poolNodes + j]; NaN = missing. */
  noise: Float64Array;
  /** Lead time of the i-th add (any policy's i-th add gets the same one). */
  leadTimesMs: number[];
  durationS: number;
}

/** Builds the workload, noise and lead times of one seed. */
export function buildScenario(seed: number, noise: NoiseModel = NOISE): Scenario {
  const w = WORKLOAD;
  const arrivals = Prng.derive(seed, 1);
  const rampS = w.peakStreams / w.rampPerS;
  const durationS = w.warmupS + 2 * rampS + w.peakS + w.tailS;
  const streams = new Int32Array(durationS);
  let active = 0;
  let phase: 'warmup' | 'up' | 'peak' | 'down' | 'tail' = 'warmup';
  let peakEnd = Infinity;
  for (let t = 0; t < durationS; t++) {
    if (phase === 'warmup' && t >= w.warmupS) phase = 'up';
    if (phase === 'up') {
      active = Math.min(w.peakStreams, active + arrivals.poisson(w.rampPerS));
      if (active >= w.peakStreams) {
        phase = 'peak';
        peakEnd = t + w.peakS;
      }
    } else if (phase === 'peak') {
      const churn = w.peakStreams / w.peakSessionS;
      active = Math.max(0, active + arrivals.poisson(churn) - arrivals.poisson(churn));
      if (t >= peakEnd) phase = 'down';
    } else if (phase === 'down') {
      active = Math.max(0, active - arrivals.poisson(w.rampPerS));
      if (active === 0) phase = 'tail';
    }
    streams[t] = active;
  }
  const demand = Float64Array.from(streams, (s) => s * w.mbpsPerStream);

  const rng = Prng.derive(seed, 2);
  const samples = Math.ceil((durationS * 1000) / CLUSTER.sampleMs) + 1;
  const slots = CLUSTER.poolNodes;
  const factors = new Float64Array(samples * slots);
  for (let k = 0; k < samples; k++) {
    const missing = rng.next() < noise.missingProb;
    const spike = rng.next() < noise.spikeProb ? rng.uniform(noise.spikeMin, noise.spikeMax) : 0;
    const common = noise.commonSigma * rng.normal();
    for (let j = 0; j < slots; j++) {
      const f = (1 + common + noise.nodeSigma * rng.normal()) * (1 + spike);
      factors[k * slots + j] = missing ? NaN : Math.max(0, f);
    }
  }

  const leads = Prng.derive(seed, 3);
  const leadTimesMs = Array.from({ length: 200 }, () => Math.round(leads.uniform(CLUSTER.leadTimeMinMs, CLUSTER.leadTimeMaxMs)));
  return { seed, streams, demand, noise: factors, leadTimesMs, durationS };
}
