// The demand predictors: one interface, one factory from the config.
export { acceptable, periods, type Predictor } from './predictor.js';
export { thresholdPredictor } from './threshold-predictor.js';
export { ar1Predictor, type Ar1Options } from './ar1-predictor.js';
export { ar1DiffPredictor, type Ar1DiffOptions } from './ar1-diff-predictor.js';
export { holtPredictor, HOLT_DEFAULTS, type HoltOptions } from './holt-predictor.js';
export { createPredictor, parsePredictorSpec, DEFAULT_PREDICTOR, type PredictorSpec, type PredictorKind } from './create-predictor.js';
export { PredictorConfigError } from './predictor-config-error.js';
export { SampleWindow, fitAr1, iterateAr1, type Sample } from './sample-window.js';
