// Original file: proto/grand.proto

import type { Long } from '@grpc/proto-loader';

export interface WatchDecisionsRequest {
  'sinceMs'?: (number | string | Long);
}

export interface WatchDecisionsRequest__Output {
  'sinceMs': (number);
}
