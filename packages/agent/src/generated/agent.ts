import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { AdapterRequest as _lama_agent_v1_AdapterRequest, AdapterRequest__Output as _lama_agent_v1_AdapterRequest__Output } from './lama/agent/v1/AdapterRequest.js';
import type { AdapterStatus as _lama_agent_v1_AdapterStatus, AdapterStatus__Output as _lama_agent_v1_AdapterStatus__Output } from './lama/agent/v1/AdapterStatus.js';
import type { AgentClient as _lama_agent_v1_AgentClient, AgentDefinition as _lama_agent_v1_AgentDefinition } from './lama/agent/v1/Agent.js';
import type { DiskUsage as _lama_agent_v1_DiskUsage, DiskUsage__Output as _lama_agent_v1_DiskUsage__Output } from './lama/agent/v1/DiskUsage.js';
import type { InterfaceRate as _lama_agent_v1_InterfaceRate, InterfaceRate__Output as _lama_agent_v1_InterfaceRate__Output } from './lama/agent/v1/InterfaceRate.js';
import type { Memory as _lama_agent_v1_Memory, Memory__Output as _lama_agent_v1_Memory__Output } from './lama/agent/v1/Memory.js';
import type { NodeProblem as _lama_agent_v1_NodeProblem, NodeProblem__Output as _lama_agent_v1_NodeProblem__Output } from './lama/agent/v1/NodeProblem.js';
import type { NodeStatus as _lama_agent_v1_NodeStatus, NodeStatus__Output as _lama_agent_v1_NodeStatus__Output } from './lama/agent/v1/NodeStatus.js';
import type { ParamSpec as _lama_agent_v1_ParamSpec, ParamSpec__Output as _lama_agent_v1_ParamSpec__Output } from './lama/agent/v1/ParamSpec.js';
import type { SetRequest as _lama_agent_v1_SetRequest, SetRequest__Output as _lama_agent_v1_SetRequest__Output } from './lama/agent/v1/SetRequest.js';
import type { StatusRequest as _lama_agent_v1_StatusRequest, StatusRequest__Output as _lama_agent_v1_StatusRequest__Output } from './lama/agent/v1/StatusRequest.js';
import type { WatchStatusRequest as _lama_agent_v1_WatchStatusRequest, WatchStatusRequest__Output as _lama_agent_v1_WatchStatusRequest__Output } from './lama/agent/v1/WatchStatusRequest.js';
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
    agent: {
      v1: {
        AdapterRequest: MessageTypeDefinition<_lama_agent_v1_AdapterRequest, _lama_agent_v1_AdapterRequest__Output>
        AdapterStatus: MessageTypeDefinition<_lama_agent_v1_AdapterStatus, _lama_agent_v1_AdapterStatus__Output>
        Agent: SubtypeConstructor<typeof grpc.Client, _lama_agent_v1_AgentClient> & { service: _lama_agent_v1_AgentDefinition }
        DiskUsage: MessageTypeDefinition<_lama_agent_v1_DiskUsage, _lama_agent_v1_DiskUsage__Output>
        InterfaceRate: MessageTypeDefinition<_lama_agent_v1_InterfaceRate, _lama_agent_v1_InterfaceRate__Output>
        Memory: MessageTypeDefinition<_lama_agent_v1_Memory, _lama_agent_v1_Memory__Output>
        NodeProblem: MessageTypeDefinition<_lama_agent_v1_NodeProblem, _lama_agent_v1_NodeProblem__Output>
        NodeStatus: MessageTypeDefinition<_lama_agent_v1_NodeStatus, _lama_agent_v1_NodeStatus__Output>
        ParamSpec: MessageTypeDefinition<_lama_agent_v1_ParamSpec, _lama_agent_v1_ParamSpec__Output>
        SetRequest: MessageTypeDefinition<_lama_agent_v1_SetRequest, _lama_agent_v1_SetRequest__Output>
        StatusRequest: MessageTypeDefinition<_lama_agent_v1_StatusRequest, _lama_agent_v1_StatusRequest__Output>
        WatchStatusRequest: MessageTypeDefinition<_lama_agent_v1_WatchStatusRequest, _lama_agent_v1_WatchStatusRequest__Output>
      }
    }
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

