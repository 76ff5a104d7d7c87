// Original file: proto/lookup.proto

import type { RenewResult as _lama_lookup_v1_RenewResult, RenewResult__Output as _lama_lookup_v1_RenewResult__Output } from '../../../lama/lookup/v1/RenewResult.js';

export interface RenewBatchResponse {
  'results'?: (_lama_lookup_v1_RenewResult)[];
}

export interface RenewBatchResponse__Output {
  'results': (_lama_lookup_v1_RenewResult__Output)[];
}
