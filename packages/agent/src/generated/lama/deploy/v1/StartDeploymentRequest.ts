// Original file: proto/deploy.proto

import type { CacheSession as _lama_deploy_v1_CacheSession, CacheSession__Output as _lama_deploy_v1_CacheSession__Output } from '../../../lama/deploy/v1/CacheSession.js';

export interface StartDeploymentRequest {
  'deploymentId'?: (string);
  'site'?: (string);
  'version'?: (number);
  'storeUrl'?: (string);
  'cache'?: (_lama_deploy_v1_CacheSession | null);
}

export interface StartDeploymentRequest__Output {
  'deploymentId': (string);
  'site': (string);
  'version': (number);
  'storeUrl': (string);
  'cache': (_lama_deploy_v1_CacheSession__Output | null);
}
