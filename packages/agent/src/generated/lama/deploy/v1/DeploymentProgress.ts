// Original file: proto/deploy.proto

import type { Lifecycle as _lama_deploy_v1_Lifecycle, Lifecycle__Output as _lama_deploy_v1_Lifecycle__Output } from '../../../lama/deploy/v1/Lifecycle.js';
import type { StepTiming as _lama_deploy_v1_StepTiming, StepTiming__Output as _lama_deploy_v1_StepTiming__Output } from '../../../lama/deploy/v1/StepTiming.js';
import type { Long } from '@grpc/proto-loader';

export interface DeploymentProgress {
  'lifecycle'?: (_lama_deploy_v1_Lifecycle | null);
  'step'?: (string);
  'files'?: (number | string | Long);
  'bytes'?: (number | string | Long);
  'seconds'?: (number | string);
  'steps'?: (_lama_deploy_v1_StepTiming)[];
  'filesFromCacheSource'?: (number | string | Long);
  'filesFromStore'?: (number | string | Long);
}

export interface DeploymentProgress__Output {
  'lifecycle': (_lama_deploy_v1_Lifecycle__Output | null);
  'step': (string);
  'files': (number);
  'bytes': (number);
  'seconds': (number);
  'steps': (_lama_deploy_v1_StepTiming__Output)[];
  'filesFromCacheSource': (number);
  'filesFromStore': (number);
}
