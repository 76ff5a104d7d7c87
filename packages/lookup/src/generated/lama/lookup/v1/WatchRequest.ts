// Original file: proto/lookup.proto

import type { ServiceTemplate as _lama_lookup_v1_ServiceTemplate, ServiceTemplate__Output as _lama_lookup_v1_ServiceTemplate__Output } from '../../../lama/lookup/v1/ServiceTemplate.js';
import type { Transition as _lama_lookup_v1_Transition, Transition__Output as _lama_lookup_v1_Transition__Output } from '../../../lama/lookup/v1/Transition.js';
import type { Long } from '@grpc/proto-loader';

export interface WatchRequest {
  'template'?: (_lama_lookup_v1_ServiceTemplate | null);
  'transitions'?: (_lama_lookup_v1_Transition)[];
  'resumeAfterRevision'?: (number | string | Long);
  'resumeRegistrarId'?: (string);
  'leaseRenewals'?: (boolean);
}

export interface WatchRequest__Output {
  'template': (_lama_lookup_v1_ServiceTemplate__Output | null);
  'transitions': (_lama_lookup_v1_Transition__Output)[];
  'resumeAfterRevision': (number);
  'resumeRegistrarId': (string);
  'leaseRenewals': (boolean);
}
