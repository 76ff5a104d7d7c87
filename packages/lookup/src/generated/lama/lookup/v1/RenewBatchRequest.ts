// Original file: proto/lookup.proto

import type { RenewRequest as _lama_lookup_v1_RenewRequest, RenewRequest__Output as _lama_lookup_v1_RenewRequest__Output } from '../../../lama/lookup/v1/RenewRequest.js';

export interface RenewBatchRequest {
  'renewals'?: (_lama_lookup_v1_RenewRequest)[];
}

export interface RenewBatchRequest__Output {
  'renewals': (_lama_lookup_v1_RenewRequest__Output)[];
}
