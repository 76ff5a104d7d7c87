// Original file: proto/deploy.proto


export interface StepTiming {
  'step'?: (string);
  'seconds'?: (number | string);
  'cpuSeconds'?: (number | string);
}

export interface StepTiming__Output {
  'step': (string);
  'seconds': (number);
  'cpuSeconds': (number);
}
