// Original file: proto/grand.proto

import type { StepTiming as _lama_deploy_v1_StepTiming, StepTiming__Output as _lama_deploy_v1_StepTiming__Output } from '@lama/agent/deploy-wire';
import type { Long } from '@grpc/proto-loader';

export interface NodeDeployment {
  'node'?: (string);
  'state'?: (string);
  'reason'?: (string);
  'step'?: (string);
  'steps'?: (_lama_deploy_v1_StepTiming)[];
  'files'?: (number | string | Long);
  'bytes'?: (number | string | Long);
  'filesFromCacheSource'?: (number | string | Long);
  'filesFromStore'?: (number | string | Long);
  'seconds'?: (number | string);
  'cleanup'?: (string);
}

export interface NodeDeployment__Output {
  'node': (string);
  'state': (string);
  'reason': (string);
  'step': (string);
  'steps': (_lama_deploy_v1_StepTiming__Output)[];
  'files': (number);
  'bytes': (number);
  'filesFromCacheSource': (number);
  'filesFromStore': (number);
  'seconds': (number);
  'cleanup': (string);
}
