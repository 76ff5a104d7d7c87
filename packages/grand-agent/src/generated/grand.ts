import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { CacheSession as _lama_deploy_v1_CacheSession, CacheSession__Output as _lama_deploy_v1_CacheSession__Output } from '@lama/agent/deploy-wire';
import type { CacheSnapshotReady as _lama_deploy_v1_CacheSnapshotReady, CacheSnapshotReady__Output as _lama_deploy_v1_CacheSnapshotReady__Output } from '@lama/agent/deploy-wire';
import type { DeployerClient as _lama_deploy_v1_DeployerClient, DeployerDefinition as _lama_deploy_v1_DeployerDefinition } from '@lama/agent/deploy-wire';
import type { DeploymentProgress as _lama_deploy_v1_DeploymentProgress, DeploymentProgress__Output as _lama_deploy_v1_DeploymentProgress__Output } from '@lama/agent/deploy-wire';
import type { Lifecycle as _lama_deploy_v1_Lifecycle, Lifecycle__Output as _lama_deploy_v1_Lifecycle__Output } from '@lama/agent/deploy-wire';
import type { PrepareCacheSnapshotRequest as _lama_deploy_v1_PrepareCacheSnapshotRequest, PrepareCacheSnapshotRequest__Output as _lama_deploy_v1_PrepareCacheSnapshotRequest__Output } from '@lama/agent/deploy-wire';
import type { StartCleaningRequest as _lama_deploy_v1_StartCleaningRequest, StartCleaningRequest__Output as _lama_deploy_v1_StartCleaningRequest__Output } from '@lama/agent/deploy-wire';
import type { StartDeploymentRequest as _lama_deploy_v1_StartDeploymentRequest, StartDeploymentRequest__Output as _lama_deploy_v1_StartDeploymentRequest__Output } from '@lama/agent/deploy-wire';
import type { StepTiming as _lama_deploy_v1_StepTiming, StepTiming__Output as _lama_deploy_v1_StepTiming__Output } from '@lama/agent/deploy-wire';
import type { WatchDeploymentRequest as _lama_deploy_v1_WatchDeploymentRequest, WatchDeploymentRequest__Output as _lama_deploy_v1_WatchDeploymentRequest__Output } from '@lama/agent/deploy-wire';
import type { Alert as _lama_grand_v1_Alert, Alert__Output as _lama_grand_v1_Alert__Output } from './lama/grand/v1/Alert.js';
import type { AlertList as _lama_grand_v1_AlertList, AlertList__Output as _lama_grand_v1_AlertList__Output } from './lama/grand/v1/AlertList.js';
import type { CleanRequest as _lama_grand_v1_CleanRequest, CleanRequest__Output as _lama_grand_v1_CleanRequest__Output } from './lama/grand/v1/CleanRequest.js';
import type { Decision as _lama_grand_v1_Decision, Decision__Output as _lama_grand_v1_Decision__Output } from './lama/grand/v1/Decision.js';
import type { DecisionList as _lama_grand_v1_DecisionList, DecisionList__Output as _lama_grand_v1_DecisionList__Output } from './lama/grand/v1/DecisionList.js';
import type { DeployRequest as _lama_grand_v1_DeployRequest, DeployRequest__Output as _lama_grand_v1_DeployRequest__Output } from './lama/grand/v1/DeployRequest.js';
import type { Deployment as _lama_grand_v1_Deployment, Deployment__Output as _lama_grand_v1_Deployment__Output } from './lama/grand/v1/Deployment.js';
import type { DeploymentList as _lama_grand_v1_DeploymentList, DeploymentList__Output as _lama_grand_v1_DeploymentList__Output } from './lama/grand/v1/DeploymentList.js';
import type { GrandClient as _lama_grand_v1_GrandClient, GrandDefinition as _lama_grand_v1_GrandDefinition } from './lama/grand/v1/Grand.js';
import type { ListAlertsRequest as _lama_grand_v1_ListAlertsRequest, ListAlertsRequest__Output as _lama_grand_v1_ListAlertsRequest__Output } from './lama/grand/v1/ListAlertsRequest.js';
import type { ListDecisionsRequest as _lama_grand_v1_ListDecisionsRequest, ListDecisionsRequest__Output as _lama_grand_v1_ListDecisionsRequest__Output } from './lama/grand/v1/ListDecisionsRequest.js';
import type { ListDeploymentsRequest as _lama_grand_v1_ListDeploymentsRequest, ListDeploymentsRequest__Output as _lama_grand_v1_ListDeploymentsRequest__Output } from './lama/grand/v1/ListDeploymentsRequest.js';
import type { NodeDeployment as _lama_grand_v1_NodeDeployment, NodeDeployment__Output as _lama_grand_v1_NodeDeployment__Output } from './lama/grand/v1/NodeDeployment.js';
import type { NodeView as _lama_grand_v1_NodeView, NodeView__Output as _lama_grand_v1_NodeView__Output } from './lama/grand/v1/NodeView.js';
import type { PoolRequest as _lama_grand_v1_PoolRequest, PoolRequest__Output as _lama_grand_v1_PoolRequest__Output } from './lama/grand/v1/PoolRequest.js';
import type { PoolView as _lama_grand_v1_PoolView, PoolView__Output as _lama_grand_v1_PoolView__Output } from './lama/grand/v1/PoolView.js';
import type { ServiceView as _lama_grand_v1_ServiceView, ServiceView__Output as _lama_grand_v1_ServiceView__Output } from './lama/grand/v1/ServiceView.js';
import type { WatchAlertsRequest as _lama_grand_v1_WatchAlertsRequest, WatchAlertsRequest__Output as _lama_grand_v1_WatchAlertsRequest__Output } from './lama/grand/v1/WatchAlertsRequest.js';
import type { WatchDecisionsRequest as _lama_grand_v1_WatchDecisionsRequest, WatchDecisionsRequest__Output as _lama_grand_v1_WatchDecisionsRequest__Output } from './lama/grand/v1/WatchDecisionsRequest.js';
import type { WatchDeploymentsRequest as _lama_grand_v1_WatchDeploymentsRequest, WatchDeploymentsRequest__Output as _lama_grand_v1_WatchDeploymentsRequest__Output } from './lama/grand/v1/WatchDeploymentsRequest.js';
import type { WatchPoolRequest as _lama_grand_v1_WatchPoolRequest, WatchPoolRequest__Output as _lama_grand_v1_WatchPoolRequest__Output } from './lama/grand/v1/WatchPoolRequest.js';

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
    grand: {
      v1: {
        Alert: MessageTypeDefinition<_lama_grand_v1_Alert, _lama_grand_v1_Alert__Output>
        AlertList: MessageTypeDefinition<_lama_grand_v1_AlertList, _lama_grand_v1_AlertList__Output>
        CleanRequest: MessageTypeDefinition<_lama_grand_v1_CleanRequest, _lama_grand_v1_CleanRequest__Output>
        Decision: MessageTypeDefinition<_lama_grand_v1_Decision, _lama_grand_v1_Decision__Output>
        DecisionList: MessageTypeDefinition<_lama_grand_v1_DecisionList, _lama_grand_v1_DecisionList__Output>
        DeployRequest: MessageTypeDefinition<_lama_grand_v1_DeployRequest, _lama_grand_v1_DeployRequest__Output>
        Deployment: MessageTypeDefinition<_lama_grand_v1_Deployment, _lama_grand_v1_Deployment__Output>
        DeploymentList: MessageTypeDefinition<_lama_grand_v1_DeploymentList, _lama_grand_v1_DeploymentList__Output>
        Grand: SubtypeConstructor<typeof grpc.Client, _lama_grand_v1_GrandClient> & { service: _lama_grand_v1_GrandDefinition }
        ListAlertsRequest: MessageTypeDefinition<_lama_grand_v1_ListAlertsRequest, _lama_grand_v1_ListAlertsRequest__Output>
        ListDecisionsRequest: MessageTypeDefinition<_lama_grand_v1_ListDecisionsRequest, _lama_grand_v1_ListDecisionsRequest__Output>
        ListDeploymentsRequest: MessageTypeDefinition<_lama_grand_v1_ListDeploymentsRequest, _lama_grand_v1_ListDeploymentsRequest__Output>
        NodeDeployment: MessageTypeDefinition<_lama_grand_v1_NodeDeployment, _lama_grand_v1_NodeDeployment__Output>
        NodeView: MessageTypeDefinition<_lama_grand_v1_NodeView, _lama_grand_v1_NodeView__Output>
        PoolRequest: MessageTypeDefinition<_lama_grand_v1_PoolRequest, _lama_grand_v1_PoolRequest__Output>
        PoolView: MessageTypeDefinition<_lama_grand_v1_PoolView, _lama_grand_v1_PoolView__Output>
        ServiceView: MessageTypeDefinition<_lama_grand_v1_ServiceView, _lama_grand_v1_ServiceView__Output>
        WatchAlertsRequest: MessageTypeDefinition<_lama_grand_v1_WatchAlertsRequest, _lama_grand_v1_WatchAlertsRequest__Output>
        WatchDecisionsRequest: MessageTypeDefinition<_lama_grand_v1_WatchDecisionsRequest, _lama_grand_v1_WatchDecisionsRequest__Output>
        WatchDeploymentsRequest: MessageTypeDefinition<_lama_grand_v1_WatchDeploymentsRequest, _lama_grand_v1_WatchDeploymentsRequest__Output>
        WatchPoolRequest: MessageTypeDefinition<_lama_grand_v1_WatchPoolRequest, _lama_grand_v1_WatchPoolRequest__Output>
      }
    }
  }
}

