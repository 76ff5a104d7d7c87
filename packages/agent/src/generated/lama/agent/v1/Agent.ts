// Original file: proto/agent.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AdapterRequest as _lama_agent_v1_AdapterRequest, AdapterRequest__Output as _lama_agent_v1_AdapterRequest__Output } from '../../../lama/agent/v1/AdapterRequest.js';
import type { AdapterStatus as _lama_agent_v1_AdapterStatus, AdapterStatus__Output as _lama_agent_v1_AdapterStatus__Output } from '../../../lama/agent/v1/AdapterStatus.js';
import type { NodeStatus as _lama_agent_v1_NodeStatus, NodeStatus__Output as _lama_agent_v1_NodeStatus__Output } from '../../../lama/agent/v1/NodeStatus.js';
import type { SetRequest as _lama_agent_v1_SetRequest, SetRequest__Output as _lama_agent_v1_SetRequest__Output } from '../../../lama/agent/v1/SetRequest.js';
import type { StatusRequest as _lama_agent_v1_StatusRequest, StatusRequest__Output as _lama_agent_v1_StatusRequest__Output } from '../../../lama/agent/v1/StatusRequest.js';
import type { WatchStatusRequest as _lama_agent_v1_WatchStatusRequest, WatchStatusRequest__Output as _lama_agent_v1_WatchStatusRequest__Output } from '../../../lama/agent/v1/WatchStatusRequest.js';

export interface AgentClient extends grpc.Client {
  Set(argument: _lama_agent_v1_SetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_agent_v1_AdapterStatus__Output>): grpc.ClientUnaryCall;
  Set(argument: _lama_agent_v1_SetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lama_agent_v1_AdapterStatus__Output>): grpc.ClientUnaryCall;
  Set(argument: _lama_agent_v1_SetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_agent_v1_AdapterStatus__Output>): grpc.ClientUnaryCall;
  Set(argument: _lama_agent_v1_SetRequest, callback: grpc.requestCallback<_lama_agent_v1_AdapterStatus__Output>): grpc.ClientUnaryCall;
  set(argument: _lama_agent_v1_SetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_agent_v1_AdapterStatus__Output>): grpc.ClientUnaryCall;
  set(argument: _lama_agent_v1_SetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lama_agent_v1_AdapterStatus__Output>): grpc.ClientUnaryCall;
  set(argument: _lama_agent_v1_SetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_agent_v1_AdapterStatus__Output>): grpc.ClientUnaryCall;
  set(argument: _lama_agent_v1_SetRequest, callback: grpc.requestCallback<_lama_agent_v1_AdapterStatus__Output>): grpc.ClientUnaryCall;
  
  Start(argument: _lama_agent_v1_AdapterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_agent_v1_AdapterStatus__Output>): grpc.ClientUnaryCall;
  Start(argument: _lama_agent_v1_AdapterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lama_agent_v1_AdapterStatus__Output>): grpc.ClientUnaryCall;
  Start(argument: _lama_agent_v1_AdapterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_agent_v1_AdapterStatus__Output>): grpc.ClientUnaryCall;
  Start(argument: _lama_agent_v1_AdapterRequest, callback: grpc.requestCallback<_lama_agent_v1_AdapterStatus__Output>): grpc.ClientUnaryCall;
  start(argument: _lama_agent_v1_AdapterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_agent_v1_AdapterStatus__Output>): grpc.ClientUnaryCall;
  start(argument: _lama_agent_v1_AdapterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lama_agent_v1_AdapterStatus__Output>): grpc.ClientUnaryCall;
  start(argument: _lama_agent_v1_AdapterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_agent_v1_AdapterStatus__Output>): grpc.ClientUnaryCall;
  start(argument: _lama_agent_v1_AdapterRequest, callback: grpc.requestCallback<_lama_agent_v1_AdapterStatus__Output>): grpc.ClientUnaryCall;
  
  Status(argument: _lama_agent_v1_StatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_agent_v1_NodeStatus__Output>): grpc.ClientUnaryCall;
  Status(argument: _lama_agent_v1_StatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lama_agent_v1_NodeStatus__Output>): grpc.ClientUnaryCall;
  Status(argument: _lama_agent_v1_StatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_agent_v1_NodeStatus__Output>): grpc.ClientUnaryCall;
  Status(argument: _lama_agent_v1_StatusRequest, callback: grpc.requestCallback<_lama_agent_v1_NodeStatus__Output>): grpc.ClientUnaryCall;
  status(argument: _lama_agent_v1_StatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_agent_v1_NodeStatus__Output>): grpc.ClientUnaryCall;
  status(argument: _lama_agent_v1_StatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lama_agent_v1_NodeStatus__Output>): grpc.ClientUnaryCall;
  status(argument: _lama_agent_v1_StatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_agent_v1_NodeStatus__Output>): grpc.ClientUnaryCall;
  status(argument: _lama_agent_v1_StatusRequest, callback: grpc.requestCallback<_lama_agent_v1_NodeStatus__Output>): grpc.ClientUnaryCall;
  
  Stop(argument: _lama_agent_v1_AdapterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_agent_v1_AdapterStatus__Output>): grpc.ClientUnaryCall;
  Stop(argument: _lama_agent_v1_AdapterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lama_agent_v1_AdapterStatus__Output>): grpc.ClientUnaryCall;
  Stop(argument: _lama_agent_v1_AdapterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_agent_v1_AdapterStatus__Output>): grpc.ClientUnaryCall;
  Stop(argument: _lama_agent_v1_AdapterRequest, callback: grpc.requestCallback<_lama_agent_v1_AdapterStatus__Output>): grpc.ClientUnaryCall;
  stop(argument: _lama_agent_v1_AdapterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_agent_v1_AdapterStatus__Output>): grpc.ClientUnaryCall;
  stop(argument: _lama_agent_v1_AdapterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lama_agent_v1_AdapterStatus__Output>): grpc.ClientUnaryCall;
  stop(argument: _lama_agent_v1_AdapterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_agent_v1_AdapterStatus__Output>): grpc.ClientUnaryCall;
  stop(argument: _lama_agent_v1_AdapterRequest, callback: grpc.requestCallback<_lama_agent_v1_AdapterStatus__Output>): grpc.ClientUnaryCall;
  
  WatchStatus(argument: _lama_agent_v1_WatchStatusRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_lama_agent_v1_NodeStatus__Output>;
  WatchStatus(argument: _lama_agent_v1_WatchStatusRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_lama_agent_v1_NodeStatus__Output>;
  watchStatus(argument: _lama_agent_v1_WatchStatusRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_lama_agent_v1_NodeStatus__Output>;
  watchStatus(argument: _lama_agent_v1_WatchStatusRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_lama_agent_v1_NodeStatus__Output>;
  
}

export interface AgentHandlers extends grpc.UntypedServiceImplementation {
  Set: grpc.handleUnaryCall<_lama_agent_v1_SetRequest__Output, _lama_agent_v1_AdapterStatus>;
  
  Start: grpc.handleUnaryCall<_lama_agent_v1_AdapterRequest__Output, _lama_agent_v1_AdapterStatus>;
  
  Status: grpc.handleUnaryCall<_lama_agent_v1_StatusRequest__Output, _lama_agent_v1_NodeStatus>;
  
  Stop: grpc.handleUnaryCall<_lama_agent_v1_AdapterRequest__Output, _lama_agent_v1_AdapterStatus>;
  
  WatchStatus: grpc.handleServerStreamingCall<_lama_agent_v1_WatchStatusRequest__Output, _lama_agent_v1_NodeStatus>;
  
}

export interface AgentDefinition extends grpc.ServiceDefinition {
  Set: MethodDefinition<_lama_agent_v1_SetRequest, _lama_agent_v1_AdapterStatus, _lama_agent_v1_SetRequest__Output, _lama_agent_v1_AdapterStatus__Output>
  Start: MethodDefinition<_lama_agent_v1_AdapterRequest, _lama_agent_v1_AdapterStatus, _lama_agent_v1_AdapterRequest__Output, _lama_agent_v1_AdapterStatus__Output>
  Status: MethodDefinition<_lama_agent_v1_StatusRequest, _lama_agent_v1_NodeStatus, _lama_agent_v1_StatusRequest__Output, _lama_agent_v1_NodeStatus__Output>
  Stop: MethodDefinition<_lama_agent_v1_AdapterRequest, _lama_agent_v1_AdapterStatus, _lama_agent_v1_AdapterRequest__Output, _lama_agent_v1_AdapterStatus__Output>
  WatchStatus: MethodDefinition<_lama_agent_v1_WatchStatusRequest, _lama_agent_v1_NodeStatus, _lama_agent_v1_WatchStatusRequest__Output, _lama_agent_v1_NodeStatus__Output>
}
