// Original file: proto/deploy.proto

import type { CacheSession as _lama_deploy_v1_CacheSession, CacheSession__Output as _lama_deploy_v1_CacheSession__Output } from '../../../lama/deploy/v1/CacheSession.js';
import type { Long } from '@grpc/proto-loader';

export interface CacheSnapshotReady {
  'session'?: (_lama_deploy_v1_CacheSession | null);
  'files'?: (number | string | Long);
  'bytes'?: (number | string | Long);
}

export interface CacheSnapshotReady__Output {
  'session': (_lama_deploy_v1_CacheSession__Output | null);
  'files': (number);
  'bytes': (number);
}
