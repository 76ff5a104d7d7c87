import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { CacheSession as _lama_deploy_v1_CacheSession, CacheSession__Output as _lama_deploy_v1_CacheSession__Output } from './lama/deploy/v1/CacheSession.js';
import type { CacheSnapshotReady as _lama_deploy_v1_CacheSnapshotReady, CacheSnapshotReady__Output as _lama_deploy_v1_CacheSnapshotReady__Output } from './lama/deploy/v1/CacheSnapshotReady.js';
import type { DeployerClient as _lama_deploy_v1_DeployerClient, DeployerDefinition as _lama_deploy_v1_DeployerDefinition } from './lama/deploy/v1/Deployer.js';
import type { DeploymentProgress as _lama_deploy_v1_DeploymentProgress, DeploymentProgress__Output as _lama_deploy_v1_DeploymentProgress__Output } from './lama/deploy/v1/DeploymentProgress.js';
import type { Lifecycle as _lama_deploy_v1_Lifecycle, Lifecycle__Output as _lama_deploy_v1_Lifecycle__Output } from './lama/deploy/v1/Lifecycle.js';
import type { PrepareCacheSnapshotRequest as _lama_deploy_v1_PrepareCacheSnapshotRequest, PrepareCacheSnapshotRequest__Output as _lama_deploy_v1_PrepareCacheSnapshotRequest__Output } from './lama/deploy/v1/PrepareCacheSnapshotRequest.js';
import type { StartCleaningRequest as _lama_deploy_v1_StartCleaningRequest, StartCleaningRequest__Output as _lama_deploy_v1_StartCleaningRequest__Output } from './lama/deploy/v1/StartCleaningRequest.js';
import type { StartDeploymentRequest as _lama_deploy_v1_StartDeploymentRequest, StartDeploymentRequest__Output as _lama_deploy_v1_StartDeploymentRequest__Output } from './lama/deploy/v1/StartDeploymentRequest.js';
import type { StepTiming as _lama_deploy_v1_StepTiming, StepTiming__Output as _lama_deploy_v1_StepTiming__Output } from './lama/deploy/v1/StepTiming.js';
import type { WatchDeploymentRequest as _lama_deploy_v1_WatchDeploymentRequest, WatchDeploymentRequest__Output as _lama_deploy_v1_WatchDeploymentRequest__Output } from './lama/deploy/v1/WatchDeploymentRequest.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  lama: {
    deploy: {
      v1: {
        CacheSession: MessageTypeDefinition<_lama_deploy_v1_CacheSession, _lama_deploy_v1_CacheSession__Output>
        CacheSnapshotReady: MessageTypeDefinition<_lama_deploy_v1_CacheSnapshotReady, _lama_deploy_v1_CacheSnapshotReady__Output>
        Deployer: SubtypeConstructor<typeof grpc.Client, _lama_deploy_v1_DeployerClient> & { service: _lama_deploy_v1_DeployerDefinition }
        DeploymentProgress: MessageTypeDefinition<_lama_deploy_v1_DeploymentProgress, _lama_deploy_v1_DeploymentProgress__Output>
        Lifecycle: MessageTypeDefinition<_lama_deploy_v1_Lifecycle, _lama_deploy_v1_Lifecycle__Output>
        LifecycleState: EnumTypeDefinition
        PrepareCacheSnapshotRequest: MessageTypeDefinition<_lama_deploy_v1_PrepareCacheSnapshotRequest, _lama_deploy_v1_PrepareCacheSnapshotRequest__Output>
        StartCleaningRequest: MessageTypeDefinition<_lama_deploy_v1_StartCleaningRequest, _lama_deploy_v1_StartCleaningRequest__Output>
        StartDeploymentRequest: MessageTypeDefinition<_lama_deploy_v1_StartDeploymentRequest, _lama_deploy_v1_StartDeploymentRequest__Output>
        StepTiming: MessageTypeDefinition<_lama_deploy_v1_StepTiming, _lama_deploy_v1_StepTiming__Output>
        WatchDeploymentRequest: MessageTypeDefinition<_lama_deploy_v1_WatchDeploymentRequest, _lama_deploy_v1_WatchDeploymentRequest__Output>
      }
    }
  }
}

