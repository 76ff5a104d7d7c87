import { acceptable, type Predictor } from './predictor.js';

/**
 * The paper's reactive policy has no model: the "forecast" is the latest sum, whatever the
 * horizon. Gaps do not matter to it; it keeps the last value it saw.
 */
export function thresholdPredictor(): Predictor {
  let latestT: number | undefined;
  let last: number | undefined;
  return {
    name: 'threshold',
    observe(t, value) {
      if (!acceptable(latestT, t, value)) return;
      latestT = t;
      last = value;
    },
    forecast: () => last,
  };
}
