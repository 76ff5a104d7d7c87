// Original file: proto/grand.proto

import type { Long } from '@grpc/proto-loader';

export interface WatchAlertsRequest {
  'afterId'?: (number | string | Long);
}

export interface WatchAlertsRequest__Output {
  'afterId': (number);
}
