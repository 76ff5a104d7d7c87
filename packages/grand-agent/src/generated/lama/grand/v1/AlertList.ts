// Original file: proto/grand.proto

import type { Alert as _lama_grand_v1_Alert, Alert__Output as _lama_grand_v1_Alert__Output } from '../../../lama/grand/v1/Alert.js';

export interface AlertList {
  'alerts'?: (_lama_grand_v1_Alert)[];
}

export interface AlertList__Output {
  'alerts': (_lama_grand_v1_Alert__Output)[];
}
