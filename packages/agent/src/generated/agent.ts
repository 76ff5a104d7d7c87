import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

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
  }
}

