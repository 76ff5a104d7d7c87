// Original file: proto/agent.proto

import type { Long } from '@grpc/proto-loader';

export interface WatchStatusRequest {
  'intervalMs'?: (number | string | Long);
  'minIntervalMs'?: (number | string | Long);
  'earlyMetrics'?: (string)[];
}

export interface WatchStatusRequest__Output {
  'intervalMs': (number);
  'minIntervalMs': (number);
  'earlyMetrics': (string)[];
}
