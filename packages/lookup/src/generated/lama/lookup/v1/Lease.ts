// Original file: proto/lookup.proto

import type { Long } from '@grpc/proto-loader';

export interface Lease {
  'leaseId'?: (string);
  'durationMs'?: (number | string | Long);
}

export interface Lease__Output {
  'leaseId': (string);
  'durationMs': (number);
}
