// Original file: proto/grand.proto

import type { Long } from '@grpc/proto-loader';

export interface ListDecisionsRequest {
  'service'?: (string);
  'actionsOnly'?: (boolean);
  'sinceMs'?: (number | string | Long);
}

export interface ListDecisionsRequest__Output {
  'service': (string);
  'actionsOnly': (boolean);
  'sinceMs': (number);
}
