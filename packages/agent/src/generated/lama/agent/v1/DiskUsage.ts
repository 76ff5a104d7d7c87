// Original file: proto/agent.proto

import type { Long } from '@grpc/proto-loader';

export interface DiskUsage {
  'path'?: (string);
  'totalBytes'?: (number | string | Long);
  'usedBytes'?: (number | string | Long);
  'freeBytes'?: (number | string | Long);
}

export interface DiskUsage__Output {
  'path': (string);
  'totalBytes': (number);
  'usedBytes': (number);
  'freeBytes': (number);
}
