// Original file: proto/grand.proto

import type { Deployment as _lama_grand_v1_Deployment, Deployment__Output as _lama_grand_v1_Deployment__Output } from '../../../lama/grand/v1/Deployment.js';

export interface DeploymentList {
  'deployments'?: (_lama_grand_v1_Deployment)[];
}

export interface DeploymentList__Output {
  'deployments': (_lama_grand_v1_Deployment__Output)[];
}
