// Original file: proto/grand.proto

import type { Decision as _lama_grand_v1_Decision, Decision__Output as _lama_grand_v1_Decision__Output } from '../../../lama/grand/v1/Decision.js';

export interface DecisionList {
  'decisions'?: (_lama_grand_v1_Decision)[];
}

export interface DecisionList__Output {
  'decisions': (_lama_grand_v1_Decision__Output)[];
}
