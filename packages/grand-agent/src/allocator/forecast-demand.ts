import type { Predictor } from '../predictors/predictor.js';

/** The two figures a forecasting policy hands Algorithm 1. */
export interface DemandForecast {
  /** The predictor's estimate of the demand now (forecast(0)). */
  level?: number;
  /** Its forecast one lead time ahead. */
  forecast?: number;
}

/**
 * Asks the predictor for the demand now and one allocation lead time ahead. Algorithm 1
 * then compares the larger with its thresholds: a node added now serves only after the
 * lead time, so adds must look that far ahead; a release is immediate but cannot be
 * undone faster than the lead time, so it must be safe both now and then.
 */
export function forecastDemand(predictor: Predictor, leadTimeMs: number): DemandForecast {
  const level = predictor.forecast(0);
  const forecast = predictor.forecast(leadTimeMs);
  return { ...(level !== undefined && { level }), ...(forecast !== undefined && { forecast }) };
}
