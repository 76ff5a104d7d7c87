// Original file: proto/deploy.proto

import type { Long } from '@grpc/proto-loader';

export interface PrepareCacheSnapshotRequest {
  'site'?: (string);
  'version'?: (number);
  'usedSinceMs'?: (number | string | Long);
  'group'?: (string);
  'interface'?: (string);
  'receivers'?: (string)[];
  'rateBitsPerSec'?: (number | string | Long);
  'deadlineMs'?: (number | string | Long);
}

export interface PrepareCacheSnapshotRequest__Output {
  'site': (string);
  'version': (number);
  'usedSinceMs': (number);
  'group': (string);
  'interface': (string);
  'receivers': (string)[];
  'rateBitsPerSec': (number);
  'deadlineMs': (number);
}
