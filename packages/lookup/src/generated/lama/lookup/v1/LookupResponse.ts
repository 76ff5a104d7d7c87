// Original file: proto/lookup.proto

import type { ServiceItem as _lama_lookup_v1_ServiceItem, ServiceItem__Output as _lama_lookup_v1_ServiceItem__Output } from '../../../lama/lookup/v1/ServiceItem.js';
import type { Long } from '@grpc/proto-loader';

export interface LookupResponse {
  'items'?: (_lama_lookup_v1_ServiceItem)[];
  'total'?: (number);
  'leaseRemainingMs'?: (number | string | Long)[];
}

export interface LookupResponse__Output {
  'items': (_lama_lookup_v1_ServiceItem__Output)[];
  'total': (number);
  'leaseRemainingMs': (number)[];
}
