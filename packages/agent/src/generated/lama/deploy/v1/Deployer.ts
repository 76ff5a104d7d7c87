// Original file: proto/deploy.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CacheSnapshotReady as _lama_deploy_v1_CacheSnapshotReady, CacheSnapshotReady__Output as _lama_deploy_v1_CacheSnapshotReady__Output } from '../../../lama/deploy/v1/CacheSnapshotReady.js';
import type { DeploymentProgress as _lama_deploy_v1_DeploymentProgress, DeploymentProgress__Output as _lama_deploy_v1_DeploymentProgress__Output } from '../../../lama/deploy/v1/DeploymentProgress.js';
import type { Lifecycle as _lama_deploy_v1_Lifecycle, Lifecycle__Output as _lama_deploy_v1_Lifecycle__Output } from '../../../lama/deploy/v1/Lifecycle.js';
import type { PrepareCacheSnapshotRequest as _lama_deploy_v1_PrepareCacheSnapshotRequest, PrepareCacheSnapshotRequest__Output as _lama_deploy_v1_PrepareCacheSnapshotRequest__Output } from '../../../lama/deploy/v1/PrepareCacheSnapshotRequest.js';
import type { StartCleaningRequest as _lama_deploy_v1_StartCleaningRequest, StartCleaningRequest__Output as _lama_deploy_v1_StartCleaningRequest__Output } from '../../../lama/deploy/v1/StartCleaningRequest.js';
import type { StartDeploymentRequest as _lama_deploy_v1_StartDeploymentRequest, StartDeploymentRequest__Output as _lama_deploy_v1_StartDeploymentRequest__Output } from '../../../lama/deploy/v1/StartDeploymentRequest.js';
import type { WatchDeploymentRequest as _lama_deploy_v1_WatchDeploymentRequest, WatchDeploymentRequest__Output as _lama_deploy_v1_WatchDeploymentRequest__Output } from '../../../lama/deploy/v1/WatchDeploymentRequest.js';

export interface DeployerClient extends grpc.Client {
  PrepareCacheSnapshot(argument: _lama_deploy_v1_PrepareCacheSnapshotRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_deploy_v1_CacheSnapshotReady__Output>): grpc.ClientUnaryCall;
  PrepareCacheSnapshot(argument: _lama_deploy_v1_PrepareCacheSnapshotRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lama_deploy_v1_CacheSnapshotReady__Output>): grpc.ClientUnaryCall;
  PrepareCacheSnapshot(argument: _lama_deploy_v1_PrepareCacheSnapshotRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_deploy_v1_CacheSnapshotReady__Output>): grpc.ClientUnaryCall;
  PrepareCacheSnapshot(argument: _lama_deploy_v1_PrepareCacheSnapshotRequest, callback: grpc.requestCallback<_lama_deploy_v1_CacheSnapshotReady__Output>): grpc.ClientUnaryCall;
  prepareCacheSnapshot(argument: _lama_deploy_v1_PrepareCacheSnapshotRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_deploy_v1_CacheSnapshotReady__Output>): grpc.ClientUnaryCall;
  prepareCacheSnapshot(argument: _lama_deploy_v1_PrepareCacheSnapshotRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lama_deploy_v1_CacheSnapshotReady__Output>): grpc.ClientUnaryCall;
  prepareCacheSnapshot(argument: _lama_deploy_v1_PrepareCacheSnapshotRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_deploy_v1_CacheSnapshotReady__Output>): grpc.ClientUnaryCall;
  prepareCacheSnapshot(argument: _lama_deploy_v1_PrepareCacheSnapshotRequest, callback: grpc.requestCallback<_lama_deploy_v1_CacheSnapshotReady__Output>): grpc.ClientUnaryCall;
  
  StartCleaning(argument: _lama_deploy_v1_StartCleaningRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_deploy_v1_Lifecycle__Output>): grpc.ClientUnaryCall;
  StartCleaning(argument: _lama_deploy_v1_StartCleaningRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lama_deploy_v1_Lifecycle__Output>): grpc.ClientUnaryCall;
  StartCleaning(argument: _lama_deploy_v1_StartCleaningRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_deploy_v1_Lifecycle__Output>): grpc.ClientUnaryCall;
  StartCleaning(argument: _lama_deploy_v1_StartCleaningRequest, callback: grpc.requestCallback<_lama_deploy_v1_Lifecycle__Output>): grpc.ClientUnaryCall;
  startCleaning(argument: _lama_deploy_v1_StartCleaningRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_deploy_v1_Lifecycle__Output>): grpc.ClientUnaryCall;
  startCleaning(argument: _lama_deploy_v1_StartCleaningRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lama_deploy_v1_Lifecycle__Output>): grpc.ClientUnaryCall;
  startCleaning(argument: _lama_deploy_v1_StartCleaningRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_deploy_v1_Lifecycle__Output>): grpc.ClientUnaryCall;
  startCleaning(argument: _lama_deploy_v1_StartCleaningRequest, callback: grpc.requestCallback<_lama_deploy_v1_Lifecycle__Output>): grpc.ClientUnaryCall;
  
  StartDeployment(argument: _lama_deploy_v1_StartDeploymentRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_deploy_v1_Lifecycle__Output>): grpc.ClientUnaryCall;
  StartDeployment(argument: _lama_deploy_v1_StartDeploymentRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lama_deploy_v1_Lifecycle__Output>): grpc.ClientUnaryCall;
  StartDeployment(argument: _lama_deploy_v1_StartDeploymentRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_deploy_v1_Lifecycle__Output>): grpc.ClientUnaryCall;
  StartDeployment(argument: _lama_deploy_v1_StartDeploymentRequest, callback: grpc.requestCallback<_lama_deploy_v1_Lifecycle__Output>): grpc.ClientUnaryCall;
  startDeployment(argument: _lama_deploy_v1_StartDeploymentRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_deploy_v1_Lifecycle__Output>): grpc.ClientUnaryCall;
  startDeployment(argument: _lama_deploy_v1_StartDeploymentRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lama_deploy_v1_Lifecycle__Output>): grpc.ClientUnaryCall;
  startDeployment(argument: _lama_deploy_v1_StartDeploymentRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_deploy_v1_Lifecycle__Output>): grpc.ClientUnaryCall;
  startDeployment(argument: _lama_deploy_v1_StartDeploymentRequest, callback: grpc.requestCallback<_lama_deploy_v1_Lifecycle__Output>): grpc.ClientUnaryCall;
  
  WatchDeployment(argument: _lama_deploy_v1_WatchDeploymentRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_lama_deploy_v1_DeploymentProgress__Output>;
  WatchDeployment(argument: _lama_deploy_v1_WatchDeploymentRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_lama_deploy_v1_DeploymentProgress__Output>;
  watchDeployment(argument: _lama_deploy_v1_WatchDeploymentRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_lama_deploy_v1_DeploymentProgress__Output>;
  watchDeployment(argument: _lama_deploy_v1_WatchDeploymentRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_lama_deploy_v1_DeploymentProgress__Output>;
  
}

export interface DeployerHandlers extends grpc.UntypedServiceImplementation {
  PrepareCacheSnapshot: grpc.handleUnaryCall<_lama_deploy_v1_PrepareCacheSnapshotRequest__Output, _lama_deploy_v1_CacheSnapshotReady>;
  
  StartCleaning: grpc.handleUnaryCall<_lama_deploy_v1_StartCleaningRequest__Output, _lama_deploy_v1_Lifecycle>;
  
  StartDeployment: grpc.handleUnaryCall<_lama_deploy_v1_StartDeploymentRequest__Output, _lama_deploy_v1_Lifecycle>;
  
  WatchDeployment: grpc.handleServerStreamingCall<_lama_deploy_v1_WatchDeploymentRequest__Output, _lama_deploy_v1_DeploymentProgress>;
  
}

export interface DeployerDefinition extends grpc.ServiceDefinition {
  PrepareCacheSnapshot: MethodDefinition<_lama_deploy_v1_PrepareCacheSnapshotRequest, _lama_deploy_v1_CacheSnapshotReady, _lama_deploy_v1_PrepareCacheSnapshotRequest__Output, _lama_deploy_v1_CacheSnapshotReady__Output>
  StartCleaning: MethodDefinition<_lama_deploy_v1_StartCleaningRequest, _lama_deploy_v1_Lifecycle, _lama_deploy_v1_StartCleaningRequest__Output, _lama_deploy_v1_Lifecycle__Output>
  StartDeployment: MethodDefinition<_lama_deploy_v1_StartDeploymentRequest, _lama_deploy_v1_Lifecycle, _lama_deploy_v1_StartDeploymentRequest__Output, _lama_deploy_v1_Lifecycle__Output>
  WatchDeployment: MethodDefinition<_lama_deploy_v1_WatchDeploymentRequest, _lama_deploy_v1_DeploymentProgress, _lama_deploy_v1_WatchDeploymentRequest__Output, _lama_deploy_v1_DeploymentProgress__Output>
}
