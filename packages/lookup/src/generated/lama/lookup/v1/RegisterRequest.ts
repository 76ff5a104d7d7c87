// Original file: proto/lookup.proto

import type { ServiceItem as _lama_lookup_v1_ServiceItem, ServiceItem__Output as _lama_lookup_v1_ServiceItem__Output } from '../../../lama/lookup/v1/ServiceItem.js';
import type { Long } from '@grpc/proto-loader';

export interface RegisterRequest {
  'item'?: (_lama_lookup_v1_ServiceItem | null);
  'leaseMs'?: (number | string | Long);
}

export interface RegisterRequest__Output {
  'item': (_lama_lookup_v1_ServiceItem__Output | null);
  'leaseMs': (number);
}
