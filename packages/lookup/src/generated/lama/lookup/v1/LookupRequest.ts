// Original file: proto/lookup.proto

import type { ServiceTemplate as _lama_lookup_v1_ServiceTemplate, ServiceTemplate__Output as _lama_lookup_v1_ServiceTemplate__Output } from '../../../lama/lookup/v1/ServiceTemplate.js';

export interface LookupRequest {
  'template'?: (_lama_lookup_v1_ServiceTemplate | null);
  'maxMatches'?: (number);
}

export interface LookupRequest__Output {
  'template': (_lama_lookup_v1_ServiceTemplate__Output | null);
  'maxMatches': (number);
}
