// bench/reallocation/tune: sweeps the default policy's knobs on TUNING seeds only (never the
// evaluation seeds of index.ts), so the figures index.ts reports are on unseen worlds.
//   node bench/dist/reallocation/tune.js [--seeds 101-200] [--noise 1,2] [--grid '{"upper":[0.9,0.95]}']
// Prints one JSON document: every setting with its figures, best first (no second above
// capacity on any tuning seed at any noise level, then the fewest actions, then the least over).
import type { AllocatorConfig, HoltOptions } from '@lama/grand-agent';
import { progress } from '../lib/progress.js';
import { algorithm1Controller, PAPER_CONFIG } from './controllers.js';
import { metricsOf, summarise } from './metrics.js';
import { buildScenario, NOISE, type NoiseModel } from './scenario.js';
import { simulate } from './simulate.js';

/** Evaluation seeds of index.ts: refused here, so tuning cannot peek at them. */
const EVALUATION = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

type Knobs = Partial<Pick<AllocatorConfig, 'upper' | 'lower' | 'cooldownAddMs' | 'cooldownReleaseMs' | 'leadTimeMs' | 'addConfirmMs'>> & Partial<Pick<HoltOptions, 'alpha' | 'beta' | 'damping'>>;
const HOLT_KEYS = new Set(['alpha', 'beta', 'damping']);

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

function seedsOf(spec: string): number[] {
  const out: number[] = [];
  for (const part of spec.split(',')) {
    const [a, b] = part.split('-').map(Number);
    for (let s = a; s <= (b ?? a); s++) out.push(s);
  }
  const peeking = out.filter((s) => EVALUATION.has(s));
  if (peeking.length) throw new Error(`seeds ${peeking.join(', ')} are evaluation seeds: tune on others`);
  return out;
}

function product(grid: Record<string, number[]>): Knobs[] {
  let out: Knobs[] = [{}];
  for (const [k, vs] of Object.entries(grid)) out = out.flatMap((o) => vs.map((v) => ({ ...o, [k]: v })));
  return out;
}

const scaled = (k: number): NoiseModel => ({ ...NOISE, nodeSigma: NOISE.nodeSigma * k, commonSigma: NOISE.commonSigma * k, spikeMin: NOISE.spikeMin * k, spikeMax: NOISE.spikeMax * k });

function main(): void {
  const seeds = seedsOf(arg('seeds', '101-200'));
  const noises = arg('noise', '1').split(',').map(Number);
  const grid = JSON.parse(arg('grid', '{}')) as Record<string, number[]>;
  const worlds = noises.map((k) => ({ k, scenarios: seeds.map((s) => buildScenario(s, scaled(k))) }));
  const thresholdActions = worlds.map(({ k, scenarios }) => {
    const runs = scenarios.map((sc) => metricsOf(simulate(sc, (clock) => algorithm1Controller({ name: 'threshold', predictor: { kind: 'threshold' }, use: { kind: 'sum' }, config: PAPER_CONFIG }, clock))));
    return { noise: k, actions: summarise(runs).mean.scalingActions };
  });
  const settings = product(grid);
  progress(`${settings.length} settings × ${seeds.length} seeds × noise ${noises.join(', ')}`);
  const results = settings.map((knobs, i) => {
    const holt = Object.fromEntries(Object.entries(knobs).filter(([k]) => HOLT_KEYS.has(k)));
    const config = Object.fromEntries(Object.entries(knobs).filter(([k]) => !HOLT_KEYS.has(k)));
    const perNoise = worlds.map(({ k, scenarios }) => {
      const runs = scenarios.map((sc) => metricsOf(simulate(sc, (clock) => algorithm1Controller({ name: 'tune', predictor: { kind: 'holt', ...holt }, use: { kind: 'lead' }, config }, clock))));
      const { mean, worst } = summarise(runs);
      return {
        noise: k,
        seedsAbove: runs.filter((r) => r.secondsAboveCapacity > 0).length,
        aboveS: mean.secondsAboveCapacity,
        aboveWorstS: worst.secondsAboveCapacity,
        overPct: mean.overPct,
        overPctWorst: worst.overPct,
        actions: mean.scalingActions,
        actionsWorst: worst.scalingActions,
        oscillations: mean.oscillations,
      };
    });
    if ((i + 1) % 20 === 0) progress(`${i + 1} / ${settings.length}`);
    return { knobs, perNoise, seedsAbove: perNoise.reduce((s, p) => s + p.seedsAbove, 0) };
  });
  results.sort((a, b) => a.seedsAbove - b.seedsAbove || a.perNoise[0].actions - b.perNoise[0].actions || a.perNoise[0].overPct - b.perNoise[0].overPct);
  process.stdout.write(JSON.stringify({ seeds: arg('seeds', '101-200'), noise: noises, thresholdActions, results }, null, 1) + '\n');
}

main();
