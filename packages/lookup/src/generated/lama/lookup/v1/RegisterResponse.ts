// Original file: proto/lookup.proto

import type { Lease as _lama_lookup_v1_Lease, Lease__Output as _lama_lookup_v1_Lease__Output } from '../../../lama/lookup/v1/Lease.js';

export interface RegisterResponse {
  'serviceId'?: (string);
  'lease'?: (_lama_lookup_v1_Lease | null);
}

export interface RegisterResponse__Output {
  'serviceId': (string);
  'lease': (_lama_lookup_v1_Lease__Output | null);
}
