// Original file: proto/lookup.proto

import type { ServiceItem as _lama_lookup_v1_ServiceItem, ServiceItem__Output as _lama_lookup_v1_ServiceItem__Output } from '../../../lama/lookup/v1/ServiceItem.js';

export interface LookupResponse {
  'items'?: (_lama_lookup_v1_ServiceItem)[];
  'total'?: (number);
}

export interface LookupResponse__Output {
  'items': (_lama_lookup_v1_ServiceItem__Output)[];
  'total': (number);
}
