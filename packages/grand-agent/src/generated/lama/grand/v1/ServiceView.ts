// Original file: proto/grand.proto


export interface ServiceView {
  'name'?: (string);
  'role'?: (string);
  'metric'?: (string);
  'predictor'?: (string);
  'capacityPerNode'?: (number | string);
  'n'?: (number);
  'serving'?: (string)[];
  'sum'?: (number | string);
  'hasForecast'?: (boolean);
  'level'?: (number | string);
  'forecast'?: (number | string);
  'upperBound'?: (number | string);
  'lowerBound'?: (number | string);
  'holdReason'?: (string);
  'dryRun'?: (boolean);
}

export interface ServiceView__Output {
  'name': (string);
  'role': (string);
  'metric': (string);
  'predictor': (string);
  'capacityPerNode': (number);
  'n': (number);
  'serving': (string)[];
  'sum': (number);
  'hasForecast': (boolean);
  'level': (number);
  'forecast': (number);
  'upperBound': (number);
  'lowerBound': (number);
  'holdReason': (string);
  'dryRun': (boolean);
}
