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
import { ABLATIONS, DEFAULT_POLICY, POLICIES, ROUND2_CANDIDATE, thresholdVariants, type PolicyDef } from './policies.js';
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
  overPct90: number;
  overPct90Worst: number;
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
    overPct90: mean.overPct90,
    overPct90Worst: worst.overPct90,
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
    sensitivity[`noise x${k}`] = runAll([...POLICIES, ROUND2_CANDIDATE], sc, `noise x${k}`).rows;
  }

  const by = (name: string): Row => {
    const r = main.rows.find((x) => x.policy === name);
    if (!r) throw new Error(`no row ${name}`);
    return r;
  };
  const def = by(DEFAULT_POLICY);
  const thr = by('threshold');
  const abl = (name: string): Row | undefined => ablations.rows.find((x) => x.policy === name);
  const thrRow = (name: string): Row | undefined => thresholds.rows.find((x) => x.policy === name);
  const perfect = abl('perfect foresight 0.9 / 0.8');
  const leadFloor = abl('perfect foresight 1 / 0.99');
  const loose = ['holt 0.95 / 0.85', 'holt 0.95 / 0.9', 'holt 0.97 / 0.92', 'holt 1 / 0.9'].map((n) => thrRow(n)).filter((r): r is Row => r !== undefined);
  const noisy = Object.entries(sensitivity).map(([k, rows]) => {
    const r = rows.find((x) => x.policy === DEFAULT_POLICY);
    return { noise: k, aboveCapacityS: r?.aboveCapacityS, aboveCapacityWorstS: r?.aboveCapacityWorstS, actions: r?.actions, overPct: r?.overPct };
  });
  const targets = {
    policy: DEFAULT_POLICY,
    seeds: SEEDS,
    a: {
      target: 'zero seconds with demand above serving capacity (every seed)',
      measured: { meanS: def.aboveCapacityS, worstSeedS: def.aboveCapacityWorstS, noiseSensitivity: noisy },
      met: def.aboveCapacityWorstS === 0,
    },
    b: {
      target: "at most half the threshold policy's scaling actions",
      measured: { actions: def.actions, actionsWorstSeed: def.actionsWorst, thresholdActions: thr.actions, ratio: Number((def.actions / thr.actions).toFixed(3)) },
      met: def.actions <= thr.actions / 2,
      note: `Four adds and four releases (1 → 5 → 1 nodes) is the least any policy takes that keeps 5 nodes at the ~396 Mbps peak: ${thr.actions / 2} needs that on nearly every seed. Perfect foresight at 0.9 / 0.8 takes ${perfect?.actions}.`,
    },
    c: {
      target: 'node-seconds within 15 % of the oracle (ceil(true demand / 100 Mbps) each second)',
      measured: { overPct: def.overPct, overPctWorstSeed: def.overPctWorst },
      met: def.overPctWorst <= 15,
      floor: {
        paperThresholdsPerfectForesight: { overPct: perfect?.overPct, overPctWorst: perfect?.overPctWorst },
        leadTimeOnlyPerfectForesight: { thresholds: '1 / 0.99', overPct: leadFloor?.overPct, overPctWorst: leadFloor?.overPctWorst },
        looserThresholdsWithTheDefaultPredictor: loose.map((r) => ({ policy: r.policy, overPct: r.overPct, overPctWorst: r.overPctWorst, aboveCapacityS: r.aboveCapacityS, aboveCapacityWorstS: r.aboveCapacityWorstS })),
      },
      note:
        `Not reachable with the paper's thresholds: Algorithm 1 at 0.9 / 0.8 fed perfect foresight is ${perfect?.overPct} % over. ` +
        `The 60 s lead time alone costs ${leadFloor?.overPct} % (perfect foresight, no headroom). ` +
        'Looser thresholds get closer but let the demand exceed serving capacity: on the tuning seeds (101-200) every setting from 0.95 / 0.85 to 1 / 0.9 did on 2-15 % of seeds at noise x1 and more at x2 (see method.tuning), so the default keeps 0.9 / 0.8. ' +
        `On a second yardstick (NOT the target's oracle: ceil(demand / 90 Mbps), which keeps the paper's headroom) the default is ${def.overPct90} % over (worst seed ${def.overPct90Worst} %).`,
    },
  };

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
        overPct: 'overNodeS / Σ oracle · 1 s × 100 (the issue\'s target (c) is on this one)',
        overPct90: 'a second yardstick, NOT the oracle of target (c): the same figure against ceil(true demand / 90 Mbps), an oracle that keeps the paper\'s 10 % headroom',
        actions: 'node adds + node releases (an HPA step by k nodes counts k)',
        oscillations: 'adds undone by a release within 60 s',
        readdsWithin60s: 'releases undone by an add within 60 s',
        unservedMbpsS: 'Σ (demand − serving capacity)⁺ · 1 s',
      },
      seeds: SEEDS,
      tuning:
        'Tuned only on seeds 101-200 (bench/reallocation/tune.ts refuses the evaluation seeds), at noise x1 and x2: among settings with no second above capacity on any of those 200 runs, the fewest actions at x1, from a plateau rather than the single best. ' +
        'Round 1 (cooldowns on 101-110, alpha/beta/damping on 101-200 x1) gave Holt 0.1 / 0.05, the default (on 101-200: 9.16 actions vs the threshold policy\'s 16.54; 0 s above capacity at x1, 1 s on each of 2 seeds at x2). ' +
        'Round 2 swept alpha 0.04-0.2, beta 0.02-0.2, damping 0.98-1, add cooldown 20-40 s and a persistence rule (addConfirmMs 0-16 s) at 0.9 / 0.8: Holt 0.05 / 0.1 with 4 s of persistence gave 8.78 actions (8.5-8.8 for its neighbours), 0 s above capacity at x1 and x2; no setting at 0.9 / 0.8 reached half the threshold policy\'s actions (8.27) without a second above capacity. ' +
        'That pick was then run once on the evaluation seeds (ablation "round-2 candidate"): 9.8 actions like round 1 there, and 5 s above capacity on one seed at noise x2 where round 1 has none, so it was not adopted and the default stays round 1\'s; addConfirmMs stays an option, 0 by default. ' +
        'Looser thresholds (upper 0.95-1, lower 0.85-0.94; also, in a prototype not kept, with a release persistence rule of 10-20 s) reach 8.0-8.4 actions and 15-20 % over, but every one had seconds above capacity: 0.95 / 0.85 on 2 seeds at x1, 0.95 / 0.9 on 2 (x1) and 5 (x2), 0.97 / 0.92 on 5-15 (x1) and 12-29 (x2): the first nodes of the ramp come too late, and at x2 a narrow band releases a node mid-ramp. The thresholds stay the paper\'s.',
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
