// bench/reallocation: the paper's threshold and AR(1) policies, this repo's default (Holt),
// AR(1) on differences and the Kubernetes HPA on the paper's workload, in virtual time.
// One JSON document on stdout; the Fig. 8-style chart goes to bench/results/reallocation.svg
// (and to docs/reallocation.svg with --docs).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ALLOCATOR_DEFAULTS, HOLT_DEFAULTS, HPA_DEFAULTS } from '@lama/grand-agent';
import { repoRoot } from '../lib/paths.js';
import { progress } from '../lib/progress.js';
import { renderChart } from './chart.js';
import { metricsOf, summarise, type RunMetrics } from './metrics.js';
import { ABLATIONS, DEFAULT_POLICY, POLICIES, thresholdVariants, type PolicyDef } from './policies.js';
import { buildScenario, CLUSTER, NOISE, NOISE_WHY, WORKLOAD, type NoiseModel, type Scenario } from './scenario.js';
import { simulate, type RunResult } from './simulate.js';

/** Evaluation seeds. The defaults were tuned on seeds 101-200 only, so these are unseen. */
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const CHART_SEED = 1;

interface Row {
  policy: string;
  aboveCapacityS: number;
  aboveCapacityWorstS: number;
  overNodeS: number;
  overPct: number;
  overPctWorst: number;
  actions: number;
  actionsWorst: number;
  oscillations: number;
  oscillationsWorst: number;
  readdsWithin60s: number;
  unservedMbpsS: number;
}

function row(policy: string, runs: RunMetrics[]): Row {
  const { mean, worst } = summarise(runs);
  return {
    policy,
    aboveCapacityS: mean.secondsAboveCapacity,
    aboveCapacityWorstS: worst.secondsAboveCapacity,
    overNodeS: mean.overNodeSeconds,
    overPct: mean.overPct,
    overPctWorst: worst.overPct,
    actions: mean.scalingActions,
    actionsWorst: worst.scalingActions,
    oscillations: mean.oscillations,
    oscillationsWorst: worst.oscillations,
    readdsWithin60s: mean.readdsWithin60s,
    unservedMbpsS: mean.unservedMbpsSeconds,
  };
}

function runAll(policies: readonly PolicyDef[], scenarios: readonly Scenario[], label: string): { rows: Row[]; perSeed: Record<string, RunMetrics[]>; chartRuns: RunResult[] } {
  const rows: Row[] = [];
  const perSeed: Record<string, RunMetrics[]> = {};
  const chartRuns: RunResult[] = [];
  for (const p of policies) {
    const runs = scenarios.map((sc) => {
      const r = simulate(sc, p.make);
      if (sc.seed === CHART_SEED) chartRuns.push(r);
      return metricsOf(r);
    });
    perSeed[p.name] = runs;
    const r = row(p.name, runs);
    rows.push(r);
    progress(`${label} ${p.name}: ${r.aboveCapacityS} s above capacity (worst ${r.aboveCapacityWorstS}), ${r.overPct} % over the oracle, ${r.actions} actions, ${r.oscillations} oscillations`);
  }
  return { rows, perSeed, chartRuns };
}

const scaled = (k: number): NoiseModel => ({ ...NOISE, nodeSigma: NOISE.nodeSigma * k, commonSigma: NOISE.commonSigma * k, spikeMin: NOISE.spikeMin * k, spikeMax: NOISE.spikeMax * k });

function main(): void {
  const started = performance.now();
  const docs = process.argv.includes('--docs');
  const scenarios = SEEDS.map((s) => buildScenario(s));
  progress(`workload: ${scenarios[0].durationS} s per run, ${SEEDS.length} seeds, peak demand ${Math.max(...scenarios.map((s) => Math.max(...s.demand))).toFixed(1)} Mbps`);

  const main = runAll(POLICIES, scenarios, 'main');
  const ablations = runAll(ABLATIONS, scenarios, 'ablation');
  const thresholds = runAll(thresholdVariants(), scenarios, 'thresholds');
  const sensitivity: Record<string, Row[]> = {};
  for (const k of [0.5, 2]) {
    const sc = SEEDS.map((s) => buildScenario(s, scaled(k)));
    sensitivity[`noise x${k}`] = runAll(POLICIES, sc, `noise x${k}`).rows;
  }

  const by = (name: string): Row => {
    const r = main.rows.find((x) => x.policy === name);
    if (!r) throw new Error(`no row ${name}`);
    return r;
  };
  const def = by(DEFAULT_POLICY);
  const thr = by('threshold');
  const perfect = ablations.rows.find((r) => r.policy.startsWith('perfect foresight'));
  const targets = [
    { target: 'zero seconds with demand above serving capacity (every seed)', measured: `mean ${def.aboveCapacityS} s, worst seed ${def.aboveCapacityWorstS} s`, met: def.aboveCapacityWorstS === 0 },
    { target: "at most half the threshold policy's scaling actions", measured: `${def.actions} vs ${thr.actions} (ratio ${(def.actions / thr.actions).toFixed(2)}; worst seed ${def.actionsWorst} vs threshold's mean)`, met: def.actions <= thr.actions / 2 },
    {
      target: 'node-seconds within 15 % of the oracle',
      measured: `mean ${def.overPct} % over, worst seed ${def.overPctWorst} %`,
      met: def.overPctWorst <= 15,
      note: `Not reachable with the paper's thresholds: Algorithm 1 at 0.9 / 0.8 fed perfect foresight is ${perfect?.overPct} % over (see ablations); the thresholds table shows what looser margins give.`,
    },
  ];

  const svg = renderChart(
    main.chartRuns,
    CLUSTER.capacityMbps,
    `Dynamic reallocation (in the spirit of the LAMA paper's Fig. 8), seed ${CHART_SEED}`,
    `300 new streams/min up to 3000, 3 min at the peak, down at 300/min; 132 kbps per stream; 100 Mbps per node; 2 s samples; an added node serves after 30-60 s`,
  );
  const chartPath = join(repoRoot, 'bench', 'results', 'reallocation.svg');
  mkdirSync(join(repoRoot, 'bench', 'results'), { recursive: true });
  writeFileSync(chartPath, svg);
  const docsPath = join(repoRoot, 'docs', 'reallocation.svg');
  if (docs) writeFileSync(docsPath, svg);
  progress(`chart: ${chartPath}`);

  const report = {
    benchmark: 'reallocation',
    question: "Which demand predictor should drive Algorithm 1 on the paper's audio-streaming workload, and how does it compare with the paper's threshold and AR(1) policies and with the Kubernetes HPA?",
    method: {
      time: 'virtual (VirtualClock from @lama/lookup): the world advances in 1 s steps; the monitor samples every 2 s and the policy decides on each sample (the HPA every 15 s)',
      workload: { ...WORKLOAD, shape: `${WORKLOAD.warmupS} s idle, then Poisson arrivals at ${WORKLOAD.rampPerS}/s up to ${WORKLOAD.peakStreams} streams, ${WORKLOAD.peakS} s at the peak with Poisson churn, Poisson departures at ${WORKLOAD.rampPerS}/s down to 0, ${WORKLOAD.tailS} s idle` },
      cluster: { ...CLUSTER, dispatcher: 'spreads the streams evenly over the serving nodes; an added node serves after its lead time (the i-th add of every policy gets the same seeded lead time); a release drains at once' },
      noise: { ...NOISE, why: NOISE_WHY },
      oracle: 'max(minNodes = 1, ceil(true demand / 100 Mbps)) every second',
      metrics: {
        aboveCapacityS: 'seconds in which the true demand exceeds serving nodes × 100 Mbps',
        overNodeS: 'Σ (allocated − oracle)⁺ · 1 s, allocated = serving + being added (a node being started is paid for)',
        overPct: 'overNodeS / Σ oracle · 1 s × 100',
        actions: 'node adds + node releases (an HPA step by k nodes counts k)',
        oscillations: 'adds undone by a release within 60 s',
        readdsWithin60s: 'releases undone by an add within 60 s',
        unservedMbpsS: 'Σ (demand − serving capacity)⁺ · 1 s',
      },
      seeds: SEEDS,
      tuning: "Holt's alpha, beta and damping were chosen on other seeds (101-200, noise x1; the cooldowns on 101-110): the setting with no second above capacity on any of them, then the fewest actions. A damped trend (0.995) saved actions there but let the demand exceed capacity on some seeds (see ablations). The thresholds are the paper's.",
      summary: 'each row: mean over seeds, and the worst seed where named *Worst',
      defaults: { allocator: ALLOCATOR_DEFAULTS, holt: HOLT_DEFAULTS, hpa: HPA_DEFAULTS, hpaTargetWhy: 'target utilisation 0.8: with tolerance 0.1 the HPA acts outside [0.72, 0.88], the band Algorithm 1 at 0.9 / 0.8 keeps a pool in, so both run at comparable utilisation' },
    },
    policies: Object.fromEntries([...POLICIES, ...ABLATIONS].map((p) => [p.name, p.description])),
    table: main.rows,
    targets,
    ablations: ablations.rows,
    thresholds: thresholds.rows,
    noiseSensitivity: sensitivity,
    perSeed: main.perSeed,
    chart: { path: relative(repoRoot, chartPath), seed: CHART_SEED, ...(docs && { docsCopy: relative(repoRoot, docsPath) }) },
    elapsedMs: Math.round(performance.now() - started),
  };
  process.stdout.write(JSON.stringify(report, null, 2) + '\n');
}

main();
