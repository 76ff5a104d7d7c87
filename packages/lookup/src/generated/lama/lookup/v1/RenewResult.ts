// Original file: proto/lookup.proto

import type { Long } from '@grpc/proto-loader';

export interface RenewResult {
  'leaseId'?: (string);
  'durationMs'?: (number | string | Long);
  'code'?: (number);
  'message'?: (string);
  'errorCode'?: (string);
}

export interface RenewResult__Output {
  'leaseId': (string);
  'durationMs': (number);
  'code': (number);
  'message': (string);
  'errorCode': (string);
}
