// Original file: proto/lookup.proto

import type { Long } from '@grpc/proto-loader';

export interface RevocationList {
  'version'?: (number | string | Long);
  'list'?: (string);
  'signature'?: (string);
}

export interface RevocationList__Output {
  'version': (number);
  'list': (string);
  'signature': (string);
}
