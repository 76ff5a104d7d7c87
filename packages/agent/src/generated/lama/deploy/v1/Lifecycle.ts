// Original file: proto/deploy.proto

import type { LifecycleState as _lama_deploy_v1_LifecycleState, LifecycleState__Output as _lama_deploy_v1_LifecycleState__Output } from '../../../lama/deploy/v1/LifecycleState.js';
import type { Long } from '@grpc/proto-loader';

export interface Lifecycle {
  'state'?: (_lama_deploy_v1_LifecycleState);
  'site'?: (string);
  'version'?: (number);
  'reason'?: (string);
  'deploymentId'?: (string);
  'sinceMs'?: (number | string | Long);
}

export interface Lifecycle__Output {
  'state': (_lama_deploy_v1_LifecycleState__Output);
  'site': (string);
  'version': (number);
  'reason': (string);
  'deploymentId': (string);
  'sinceMs': (number);
}
