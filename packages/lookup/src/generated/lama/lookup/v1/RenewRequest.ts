// Original file: proto/lookup.proto

import type { Long } from '@grpc/proto-loader';

export interface RenewRequest {
  'leaseId'?: (string);
  'durationMs'?: (number | string | Long);
}

export interface RenewRequest__Output {
  'leaseId': (string);
  'durationMs': (number);
}
