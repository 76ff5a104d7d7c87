// Original file: proto/grand.proto

import type { Long } from '@grpc/proto-loader';

export interface ListAlertsRequest {
  'afterId'?: (number | string | Long);
}

export interface ListAlertsRequest__Output {
  'afterId': (number);
}
