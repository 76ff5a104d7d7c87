// Original file: proto/lookup.proto

import type { Long } from '@grpc/proto-loader';

export interface KeepAliveRequest {
  'leaseId'?: (string);
  'durationMs'?: (number | string | Long);
}

export interface KeepAliveRequest__Output {
  'leaseId': (string);
  'durationMs': (number);
}
