// Original file: proto/grand.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { Alert as _lama_grand_v1_Alert, Alert__Output as _lama_grand_v1_Alert__Output } from '../../../lama/grand/v1/Alert.js';
import type { AlertList as _lama_grand_v1_AlertList, AlertList__Output as _lama_grand_v1_AlertList__Output } from '../../../lama/grand/v1/AlertList.js';
import type { CleanRequest as _lama_grand_v1_CleanRequest, CleanRequest__Output as _lama_grand_v1_CleanRequest__Output } from '../../../lama/grand/v1/CleanRequest.js';
import type { Decision as _lama_grand_v1_Decision, Decision__Output as _lama_grand_v1_Decision__Output } from '../../../lama/grand/v1/Decision.js';
import type { DecisionList as _lama_grand_v1_DecisionList, DecisionList__Output as _lama_grand_v1_DecisionList__Output } from '../../../lama/grand/v1/DecisionList.js';
import type { DeployRequest as _lama_grand_v1_DeployRequest, DeployRequest__Output as _lama_grand_v1_DeployRequest__Output } from '../../../lama/grand/v1/DeployRequest.js';
import type { Deployment as _lama_grand_v1_Deployment, Deployment__Output as _lama_grand_v1_Deployment__Output } from '../../../lama/grand/v1/Deployment.js';
import type { DeploymentList as _lama_grand_v1_DeploymentList, DeploymentList__Output as _lama_grand_v1_DeploymentList__Output } from '../../../lama/grand/v1/DeploymentList.js';
import type { ListAlertsRequest as _lama_grand_v1_ListAlertsRequest, ListAlertsRequest__Output as _lama_grand_v1_ListAlertsRequest__Output } from '../../../lama/grand/v1/ListAlertsRequest.js';
import type { ListDecisionsRequest as _lama_grand_v1_ListDecisionsRequest, ListDecisionsRequest__Output as _lama_grand_v1_ListDecisionsRequest__Output } from '../../../lama/grand/v1/ListDecisionsRequest.js';
import type { ListDeploymentsRequest as _lama_grand_v1_ListDeploymentsRequest, ListDeploymentsRequest__Output as _lama_grand_v1_ListDeploymentsRequest__Output } from '../../../lama/grand/v1/ListDeploymentsRequest.js';
import type { PoolRequest as _lama_grand_v1_PoolRequest, PoolRequest__Output as _lama_grand_v1_PoolRequest__Output } from '../../../lama/grand/v1/PoolRequest.js';
import type { PoolView as _lama_grand_v1_PoolView, PoolView__Output as _lama_grand_v1_PoolView__Output } from '../../../lama/grand/v1/PoolView.js';
import type { WatchAlertsRequest as _lama_grand_v1_WatchAlertsRequest, WatchAlertsRequest__Output as _lama_grand_v1_WatchAlertsRequest__Output } from '../../../lama/grand/v1/WatchAlertsRequest.js';
import type { WatchDecisionsRequest as _lama_grand_v1_WatchDecisionsRequest, WatchDecisionsRequest__Output as _lama_grand_v1_WatchDecisionsRequest__Output } from '../../../lama/grand/v1/WatchDecisionsRequest.js';
import type { WatchDeploymentsRequest as _lama_grand_v1_WatchDeploymentsRequest, WatchDeploymentsRequest__Output as _lama_grand_v1_WatchDeploymentsRequest__Output } from '../../../lama/grand/v1/WatchDeploymentsRequest.js';
import type { WatchPoolRequest as _lama_grand_v1_WatchPoolRequest, WatchPoolRequest__Output as _lama_grand_v1_WatchPoolRequest__Output } from '../../../lama/grand/v1/WatchPoolRequest.js';

export interface GrandClient extends grpc.Client {
  Clean(argument: _lama_grand_v1_CleanRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_lama_grand_v1_Deployment__Output>;
  Clean(argument: _lama_grand_v1_CleanRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_lama_grand_v1_Deployment__Output>;
  clean(argument: _lama_grand_v1_CleanRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_lama_grand_v1_Deployment__Output>;
  clean(argument: _lama_grand_v1_CleanRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_lama_grand_v1_Deployment__Output>;
  
  Deploy(argument: _lama_grand_v1_DeployRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_lama_grand_v1_Deployment__Output>;
  Deploy(argument: _lama_grand_v1_DeployRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_lama_grand_v1_Deployment__Output>;
  deploy(argument: _lama_grand_v1_DeployRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_lama_grand_v1_Deployment__Output>;
  deploy(argument: _lama_grand_v1_DeployRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_lama_grand_v1_Deployment__Output>;
  
  ListAlerts(argument: _lama_grand_v1_ListAlertsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_grand_v1_AlertList__Output>): grpc.ClientUnaryCall;
  ListAlerts(argument: _lama_grand_v1_ListAlertsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lama_grand_v1_AlertList__Output>): grpc.ClientUnaryCall;
  ListAlerts(argument: _lama_grand_v1_ListAlertsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_grand_v1_AlertList__Output>): grpc.ClientUnaryCall;
  ListAlerts(argument: _lama_grand_v1_ListAlertsRequest, callback: grpc.requestCallback<_lama_grand_v1_AlertList__Output>): grpc.ClientUnaryCall;
  listAlerts(argument: _lama_grand_v1_ListAlertsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_grand_v1_AlertList__Output>): grpc.ClientUnaryCall;
  listAlerts(argument: _lama_grand_v1_ListAlertsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lama_grand_v1_AlertList__Output>): grpc.ClientUnaryCall;
  listAlerts(argument: _lama_grand_v1_ListAlertsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_grand_v1_AlertList__Output>): grpc.ClientUnaryCall;
  listAlerts(argument: _lama_grand_v1_ListAlertsRequest, callback: grpc.requestCallback<_lama_grand_v1_AlertList__Output>): grpc.ClientUnaryCall;
  
  ListDecisions(argument: _lama_grand_v1_ListDecisionsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_grand_v1_DecisionList__Output>): grpc.ClientUnaryCall;
  ListDecisions(argument: _lama_grand_v1_ListDecisionsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lama_grand_v1_DecisionList__Output>): grpc.ClientUnaryCall;
  ListDecisions(argument: _lama_grand_v1_ListDecisionsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_grand_v1_DecisionList__Output>): grpc.ClientUnaryCall;
  ListDecisions(argument: _lama_grand_v1_ListDecisionsRequest, callback: grpc.requestCallback<_lama_grand_v1_DecisionList__Output>): grpc.ClientUnaryCall;
  listDecisions(argument: _lama_grand_v1_ListDecisionsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_grand_v1_DecisionList__Output>): grpc.ClientUnaryCall;
  listDecisions(argument: _lama_grand_v1_ListDecisionsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lama_grand_v1_DecisionList__Output>): grpc.ClientUnaryCall;
  listDecisions(argument: _lama_grand_v1_ListDecisionsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_grand_v1_DecisionList__Output>): grpc.ClientUnaryCall;
  listDecisions(argument: _lama_grand_v1_ListDecisionsRequest, callback: grpc.requestCallback<_lama_grand_v1_DecisionList__Output>): grpc.ClientUnaryCall;
  
  ListDeployments(argument: _lama_grand_v1_ListDeploymentsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_grand_v1_DeploymentList__Output>): grpc.ClientUnaryCall;
  ListDeployments(argument: _lama_grand_v1_ListDeploymentsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lama_grand_v1_DeploymentList__Output>): grpc.ClientUnaryCall;
  ListDeployments(argument: _lama_grand_v1_ListDeploymentsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_grand_v1_DeploymentList__Output>): grpc.ClientUnaryCall;
  ListDeployments(argument: _lama_grand_v1_ListDeploymentsRequest, callback: grpc.requestCallback<_lama_grand_v1_DeploymentList__Output>): grpc.ClientUnaryCall;
  listDeployments(argument: _lama_grand_v1_ListDeploymentsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_grand_v1_DeploymentList__Output>): grpc.ClientUnaryCall;
  listDeployments(argument: _lama_grand_v1_ListDeploymentsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lama_grand_v1_DeploymentList__Output>): grpc.ClientUnaryCall;
  listDeployments(argument: _lama_grand_v1_ListDeploymentsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_grand_v1_DeploymentList__Output>): grpc.ClientUnaryCall;
  listDeployments(argument: _lama_grand_v1_ListDeploymentsRequest, callback: grpc.requestCallback<_lama_grand_v1_DeploymentList__Output>): grpc.ClientUnaryCall;
  
  Pool(argument: _lama_grand_v1_PoolRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_grand_v1_PoolView__Output>): grpc.ClientUnaryCall;
  Pool(argument: _lama_grand_v1_PoolRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lama_grand_v1_PoolView__Output>): grpc.ClientUnaryCall;
  Pool(argument: _lama_grand_v1_PoolRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_grand_v1_PoolView__Output>): grpc.ClientUnaryCall;
  Pool(argument: _lama_grand_v1_PoolRequest, callback: grpc.requestCallback<_lama_grand_v1_PoolView__Output>): grpc.ClientUnaryCall;
  pool(argument: _lama_grand_v1_PoolRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_grand_v1_PoolView__Output>): grpc.ClientUnaryCall;
  pool(argument: _lama_grand_v1_PoolRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lama_grand_v1_PoolView__Output>): grpc.ClientUnaryCall;
  pool(argument: _lama_grand_v1_PoolRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_grand_v1_PoolView__Output>): grpc.ClientUnaryCall;
  pool(argument: _lama_grand_v1_PoolRequest, callback: grpc.requestCallback<_lama_grand_v1_PoolView__Output>): grpc.ClientUnaryCall;
  
  WatchAlerts(argument: _lama_grand_v1_WatchAlertsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_lama_grand_v1_Alert__Output>;
  WatchAlerts(argument: _lama_grand_v1_WatchAlertsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_lama_grand_v1_Alert__Output>;
  watchAlerts(argument: _lama_grand_v1_WatchAlertsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_lama_grand_v1_Alert__Output>;
  watchAlerts(argument: _lama_grand_v1_WatchAlertsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_lama_grand_v1_Alert__Output>;
  
  WatchDecisions(argument: _lama_grand_v1_WatchDecisionsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_lama_grand_v1_Decision__Output>;
  WatchDecisions(argument: _lama_grand_v1_WatchDecisionsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_lama_grand_v1_Decision__Output>;
  watchDecisions(argument: _lama_grand_v1_WatchDecisionsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_lama_grand_v1_Decision__Output>;
  watchDecisions(argument: _lama_grand_v1_WatchDecisionsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_lama_grand_v1_Decision__Output>;
  
  WatchDeployments(argument: _lama_grand_v1_WatchDeploymentsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_lama_grand_v1_Deployment__Output>;
  WatchDeployments(argument: _lama_grand_v1_WatchDeploymentsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_lama_grand_v1_Deployment__Output>;
  watchDeployments(argument: _lama_grand_v1_WatchDeploymentsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_lama_grand_v1_Deployment__Output>;
  watchDeployments(argument: _lama_grand_v1_WatchDeploymentsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_lama_grand_v1_Deployment__Output>;
  
  WatchPool(argument: _lama_grand_v1_WatchPoolRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_lama_grand_v1_PoolView__Output>;
  WatchPool(argument: _lama_grand_v1_WatchPoolRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_lama_grand_v1_PoolView__Output>;
  watchPool(argument: _lama_grand_v1_WatchPoolRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_lama_grand_v1_PoolView__Output>;
  watchPool(argument: _lama_grand_v1_WatchPoolRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_lama_grand_v1_PoolView__Output>;
  
}

export interface GrandHandlers extends grpc.UntypedServiceImplementation {
  Clean: grpc.handleServerStreamingCall<_lama_grand_v1_CleanRequest__Output, _lama_grand_v1_Deployment>;
  
  Deploy: grpc.handleServerStreamingCall<_lama_grand_v1_DeployRequest__Output, _lama_grand_v1_Deployment>;
  
  ListAlerts: grpc.handleUnaryCall<_lama_grand_v1_ListAlertsRequest__Output, _lama_grand_v1_AlertList>;
  
  ListDecisions: grpc.handleUnaryCall<_lama_grand_v1_ListDecisionsRequest__Output, _lama_grand_v1_DecisionList>;
  
  ListDeployments: grpc.handleUnaryCall<_lama_grand_v1_ListDeploymentsRequest__Output, _lama_grand_v1_DeploymentList>;
  
  Pool: grpc.handleUnaryCall<_lama_grand_v1_PoolRequest__Output, _lama_grand_v1_PoolView>;
  
  WatchAlerts: grpc.handleServerStreamingCall<_lama_grand_v1_WatchAlertsRequest__Output, _lama_grand_v1_Alert>;
  
  WatchDecisions: grpc.handleServerStreamingCall<_lama_grand_v1_WatchDecisionsRequest__Output, _lama_grand_v1_Decision>;
  
  WatchDeployments: grpc.handleServerStreamingCall<_lama_grand_v1_WatchDeploymentsRequest__Output, _lama_grand_v1_Deployment>;
  
  WatchPool: grpc.handleServerStreamingCall<_lama_grand_v1_WatchPoolRequest__Output, _lama_grand_v1_PoolView>;
  
}

export interface GrandDefinition extends grpc.ServiceDefinition {
  Clean: MethodDefinition<_lama_grand_v1_CleanRequest, _lama_grand_v1_Deployment, _lama_grand_v1_CleanRequest__Output, _lama_grand_v1_Deployment__Output>
  Deploy: MethodDefinition<_lama_grand_v1_DeployRequest, _lama_grand_v1_Deployment, _lama_grand_v1_DeployRequest__Output, _lama_grand_v1_Deployment__Output>
  ListAlerts: MethodDefinition<_lama_grand_v1_ListAlertsRequest, _lama_grand_v1_AlertList, _lama_grand_v1_ListAlertsRequest__Output, _lama_grand_v1_AlertList__Output>
  ListDecisions: MethodDefinition<_lama_grand_v1_ListDecisionsRequest, _lama_grand_v1_DecisionList, _lama_grand_v1_ListDecisionsRequest__Output, _lama_grand_v1_DecisionList__Output>
  ListDeployments: MethodDefinition<_lama_grand_v1_ListDeploymentsRequest, _lama_grand_v1_DeploymentList, _lama_grand_v1_ListDeploymentsRequest__Output, _lama_grand_v1_DeploymentList__Output>
  Pool: MethodDefinition<_lama_grand_v1_PoolRequest, _lama_grand_v1_PoolView, _lama_grand_v1_PoolRequest__Output, _lama_grand_v1_PoolView__Output>
  WatchAlerts: MethodDefinition<_lama_grand_v1_WatchAlertsRequest, _lama_grand_v1_Alert, _lama_grand_v1_WatchAlertsRequest__Output, _lama_grand_v1_Alert__Output>
  WatchDecisions: MethodDefinition<_lama_grand_v1_WatchDecisionsRequest, _lama_grand_v1_Decision, _lama_grand_v1_WatchDecisionsRequest__Output, _lama_grand_v1_Decision__Output>
  WatchDeployments: MethodDefinition<_lama_grand_v1_WatchDeploymentsRequest, _lama_grand_v1_Deployment, _lama_grand_v1_WatchDeploymentsRequest__Output, _lama_grand_v1_Deployment__Output>
  WatchPool: MethodDefinition<_lama_grand_v1_WatchPoolRequest, _lama_grand_v1_PoolView, _lama_grand_v1_WatchPoolRequest__Output, _lama_grand_v1_PoolView__Output>
}
