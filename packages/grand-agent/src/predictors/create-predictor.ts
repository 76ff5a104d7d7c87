import { ar1DiffPredictor, type Ar1DiffOptions } from './ar1-diff-predictor.js';
import { ar1Predictor, type Ar1Options } from './ar1-predictor.js';
import { holtPredictor, type HoltOptions } from './holt-predictor.js';
import type { Predictor } from './predictor.js';
import { PredictorConfigError } from './predictor-config-error.js';
import { thresholdPredictor } from './threshold-predictor.js';

/** A predictor as written in a service's config: `{ kind, ...options }`. */
export type PredictorSpec =
  | { kind: 'threshold' }
  | ({ kind: 'ar1' } & Ar1Options)
  | ({ kind: 'ar1-diff' } & Ar1DiffOptions)
  | ({ kind: 'holt' } & HoltOptions);

/** The kinds createPredictor knows. */
export type PredictorKind = PredictorSpec['kind'];

/** The default for a service that names no predictor: Holt, the winner of bench/reallocation. */
export const DEFAULT_PREDICTOR: PredictorSpec = { kind: 'holt' };

type Rule = (v: number) => boolean;
const positive: Rule = (v) => v > 0;
const unit: Rule = (v) => v > 0 && v <= 1;
const count: Rule = (v) => Number.isInteger(v) && v >= 1;
const RULES: Record<PredictorKind, Record<string, [Rule, string]>> = {
  threshold: {},
  ar1: {
    historyMs: [positive, 'a positive number of ms'],
    sampleMs: [positive, 'a positive number of ms'],
    minPairs: [count, 'an integer ≥ 1'],
  },
  'ar1-diff': {
    historyMs: [positive, 'a positive number of ms'],
    sampleMs: [positive, 'a positive number of ms'],
    minPairs: [count, 'an integer ≥ 1'],
  },
  holt: {
    alpha: [unit, 'a number in (0, 1]'],
    beta: [unit, 'a number in (0, 1]'],
    damping: [unit, 'a number in (0, 1]'],
    sampleMs: [positive, 'a positive number of ms'],
    minSamples: [count, 'an integer ≥ 1'],
  },
};

/** Checks an untrusted config object and returns it as a PredictorSpec; errors name the key (under `path`). */
export function parsePredictorSpec(raw: unknown, path = 'predictor'): PredictorSpec {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new PredictorConfigError(path, `expected an object like { kind: 'holt' }, got ${JSON.stringify(raw)}`);
  }
  const obj = raw as Record<string, unknown>;
  const kind = obj.kind;
  if (typeof kind !== 'string' || !Object.hasOwn(RULES, kind)) {
    throw new PredictorConfigError(`${path}.kind`, `must be one of ${Object.keys(RULES).join(', ')}; got ${JSON.stringify(kind)}`);
  }
  const rules = RULES[kind as PredictorKind];
  for (const [key, value] of Object.entries(obj)) {
    if (key === 'kind') continue;
    const rule = rules[key];
    if (!rule) {
      const known = Object.keys(rules);
      throw new PredictorConfigError(`${path}.${key}`, `unknown option for kind '${kind}'${known.length ? ` (known: ${known.join(', ')})` : ' (it takes none)'}`);
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || !rule[0](value)) {
      throw new PredictorConfigError(`${path}.${key}`, `must be ${rule[1]}; got ${JSON.stringify(value)}`);
    }
  }
  return obj as PredictorSpec;
}

/** Builds the predictor a config names, validating it first. */
export function createPredictor(spec: unknown = DEFAULT_PREDICTOR, path = 'predictor'): Predictor {
  const s = parsePredictorSpec(spec, path);
  switch (s.kind) {
    case 'threshold':
      return thresholdPredictor();
    case 'ar1':
      return ar1Predictor(options(s));
    case 'ar1-diff':
      return ar1DiffPredictor(options(s));
    case 'holt':
      return holtPredictor(options(s));
  }
}

function options<T extends { kind: string }>(spec: T): Omit<T, 'kind'> {
  const { kind: _kind, ...rest } = spec;
  return rest;
}
