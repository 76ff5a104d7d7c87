// Original file: proto/agent.proto

import type { Long } from '@grpc/proto-loader';

export interface Memory {
  'totalBytes'?: (number | string | Long);
  'availableBytes'?: (number | string | Long);
  'usedBytes'?: (number | string | Long);
}

export interface Memory__Output {
  'totalBytes': (number);
  'availableBytes': (number);
  'usedBytes': (number);
}
