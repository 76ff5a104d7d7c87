// Original file: proto/lookup.proto

import type { Long } from '@grpc/proto-loader';

export interface RenewResponse {
  'durationMs'?: (number | string | Long);
}

export interface RenewResponse__Output {
  'durationMs': (number);
}
