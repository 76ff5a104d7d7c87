// Original file: proto/lookup.proto

import type { ServiceItem as _lama_lookup_v1_ServiceItem, ServiceItem__Output as _lama_lookup_v1_ServiceItem__Output } from '../../../lama/lookup/v1/ServiceItem.js';

export interface AttributesResponse {
  'item'?: (_lama_lookup_v1_ServiceItem | null);
}

export interface AttributesResponse__Output {
  'item': (_lama_lookup_v1_ServiceItem__Output | null);
}
