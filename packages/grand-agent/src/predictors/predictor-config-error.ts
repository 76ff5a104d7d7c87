import { LamaError } from '@lama/lookup';

/** A predictor spec that breaks a rule; `key` names the offending config key (e.g. `predictor.alpha`). */
export class PredictorConfigError extends LamaError {
  constructor(readonly key: string, message: string) {
    super('ERR_PREDICTOR_CONFIG', `${key}: ${message}`);
  }
}
