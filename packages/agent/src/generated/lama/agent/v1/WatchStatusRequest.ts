// Original file: proto/agent.proto

import type { Long } from '@grpc/proto-loader';

export interface WatchStatusRequest {
  'intervalMs'?: (number | string | Long);
}

export interface WatchStatusRequest__Output {
  'intervalMs': (number);
}
