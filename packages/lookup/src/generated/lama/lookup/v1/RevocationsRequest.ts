// Original file: proto/lookup.proto

import type { Long } from '@grpc/proto-loader';

export interface RevocationsRequest {
  'haveVersion'?: (number | string | Long);
}

export interface RevocationsRequest__Output {
  'haveVersion': (number);
}
