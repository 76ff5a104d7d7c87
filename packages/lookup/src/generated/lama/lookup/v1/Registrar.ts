// Original file: proto/lookup.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AddAttributesRequest as _lama_lookup_v1_AddAttributesRequest, AddAttributesRequest__Output as _lama_lookup_v1_AddAttributesRequest__Output } from '../../../lama/lookup/v1/AddAttributesRequest.js';
import type { AttributesResponse as _lama_lookup_v1_AttributesResponse, AttributesResponse__Output as _lama_lookup_v1_AttributesResponse__Output } from '../../../lama/lookup/v1/AttributesResponse.js';
import type { CancelRequest as _lama_lookup_v1_CancelRequest, CancelRequest__Output as _lama_lookup_v1_CancelRequest__Output } from '../../../lama/lookup/v1/CancelRequest.js';
import type { CancelResponse as _lama_lookup_v1_CancelResponse, CancelResponse__Output as _lama_lookup_v1_CancelResponse__Output } from '../../../lama/lookup/v1/CancelResponse.js';
import type { DiscoverRequest as _lama_lookup_v1_DiscoverRequest, DiscoverRequest__Output as _lama_lookup_v1_DiscoverRequest__Output } from '../../../lama/lookup/v1/DiscoverRequest.js';
import type { DiscoverResponse as _lama_lookup_v1_DiscoverResponse, DiscoverResponse__Output as _lama_lookup_v1_DiscoverResponse__Output } from '../../../lama/lookup/v1/DiscoverResponse.js';
import type { KeepAliveRequest as _lama_lookup_v1_KeepAliveRequest, KeepAliveRequest__Output as _lama_lookup_v1_KeepAliveRequest__Output } from '../../../lama/lookup/v1/KeepAliveRequest.js';
import type { LookupRequest as _lama_lookup_v1_LookupRequest, LookupRequest__Output as _lama_lookup_v1_LookupRequest__Output } from '../../../lama/lookup/v1/LookupRequest.js';
import type { LookupResponse as _lama_lookup_v1_LookupResponse, LookupResponse__Output as _lama_lookup_v1_LookupResponse__Output } from '../../../lama/lookup/v1/LookupResponse.js';
import type { ModifyAttributesRequest as _lama_lookup_v1_ModifyAttributesRequest, ModifyAttributesRequest__Output as _lama_lookup_v1_ModifyAttributesRequest__Output } from '../../../lama/lookup/v1/ModifyAttributesRequest.js';
import type { RegisterRequest as _lama_lookup_v1_RegisterRequest, RegisterRequest__Output as _lama_lookup_v1_RegisterRequest__Output } from '../../../lama/lookup/v1/RegisterRequest.js';
import type { RegisterResponse as _lama_lookup_v1_RegisterResponse, RegisterResponse__Output as _lama_lookup_v1_RegisterResponse__Output } from '../../../lama/lookup/v1/RegisterResponse.js';
import type { RenewBatchRequest as _lama_lookup_v1_RenewBatchRequest, RenewBatchRequest__Output as _lama_lookup_v1_RenewBatchRequest__Output } from '../../../lama/lookup/v1/RenewBatchRequest.js';
import type { RenewBatchResponse as _lama_lookup_v1_RenewBatchResponse, RenewBatchResponse__Output as _lama_lookup_v1_RenewBatchResponse__Output } from '../../../lama/lookup/v1/RenewBatchResponse.js';
import type { RenewRequest as _lama_lookup_v1_RenewRequest, RenewRequest__Output as _lama_lookup_v1_RenewRequest__Output } from '../../../lama/lookup/v1/RenewRequest.js';
import type { RenewResponse as _lama_lookup_v1_RenewResponse, RenewResponse__Output as _lama_lookup_v1_RenewResponse__Output } from '../../../lama/lookup/v1/RenewResponse.js';
import type { RenewResult as _lama_lookup_v1_RenewResult, RenewResult__Output as _lama_lookup_v1_RenewResult__Output } from '../../../lama/lookup/v1/RenewResult.js';
import type { RevocationList as _lama_lookup_v1_RevocationList, RevocationList__Output as _lama_lookup_v1_RevocationList__Output } from '../../../lama/lookup/v1/RevocationList.js';
import type { RevocationsRequest as _lama_lookup_v1_RevocationsRequest, RevocationsRequest__Output as _lama_lookup_v1_RevocationsRequest__Output } from '../../../lama/lookup/v1/RevocationsRequest.js';
import type { SetAttributesRequest as _lama_lookup_v1_SetAttributesRequest, SetAttributesRequest__Output as _lama_lookup_v1_SetAttributesRequest__Output } from '../../../lama/lookup/v1/SetAttributesRequest.js';
import type { WatchEvent as _lama_lookup_v1_WatchEvent, WatchEvent__Output as _lama_lookup_v1_WatchEvent__Output } from '../../../lama/lookup/v1/WatchEvent.js';
import type { WatchRequest as _lama_lookup_v1_WatchRequest, WatchRequest__Output as _lama_lookup_v1_WatchRequest__Output } from '../../../lama/lookup/v1/WatchRequest.js';

export interface RegistrarClient extends grpc.Client {
  AddAttributes(argument: _lama_lookup_v1_AddAttributesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_lookup_v1_AttributesResponse__Output>): grpc.ClientUnaryCall;
  AddAttributes(argument: _lama_lookup_v1_AddAttributesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lama_lookup_v1_AttributesResponse__Output>): grpc.ClientUnaryCall;
  AddAttributes(argument: _lama_lookup_v1_AddAttributesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_lookup_v1_AttributesResponse__Output>): grpc.ClientUnaryCall;
  AddAttributes(argument: _lama_lookup_v1_AddAttributesRequest, callback: grpc.requestCallback<_lama_lookup_v1_AttributesResponse__Output>): grpc.ClientUnaryCall;
  addAttributes(argument: _lama_lookup_v1_AddAttributesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_lookup_v1_AttributesResponse__Output>): grpc.ClientUnaryCall;
  addAttributes(argument: _lama_lookup_v1_AddAttributesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lama_lookup_v1_AttributesResponse__Output>): grpc.ClientUnaryCall;
  addAttributes(argument: _lama_lookup_v1_AddAttributesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_lookup_v1_AttributesResponse__Output>): grpc.ClientUnaryCall;
  addAttributes(argument: _lama_lookup_v1_AddAttributesRequest, callback: grpc.requestCallback<_lama_lookup_v1_AttributesResponse__Output>): grpc.ClientUnaryCall;
  
  Cancel(argument: _lama_lookup_v1_CancelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_lookup_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  Cancel(argument: _lama_lookup_v1_CancelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lama_lookup_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  Cancel(argument: _lama_lookup_v1_CancelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_lookup_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  Cancel(argument: _lama_lookup_v1_CancelRequest, callback: grpc.requestCallback<_lama_lookup_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  cancel(argument: _lama_lookup_v1_CancelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_lookup_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  cancel(argument: _lama_lookup_v1_CancelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lama_lookup_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  cancel(argument: _lama_lookup_v1_CancelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_lookup_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  cancel(argument: _lama_lookup_v1_CancelRequest, callback: grpc.requestCallback<_lama_lookup_v1_CancelResponse__Output>): grpc.ClientUnaryCall;
  
  Discover(argument: _lama_lookup_v1_DiscoverRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_lookup_v1_DiscoverResponse__Output>): grpc.ClientUnaryCall;
  Discover(argument: _lama_lookup_v1_DiscoverRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lama_lookup_v1_DiscoverResponse__Output>): grpc.ClientUnaryCall;
  Discover(argument: _lama_lookup_v1_DiscoverRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_lookup_v1_DiscoverResponse__Output>): grpc.ClientUnaryCall;
  Discover(argument: _lama_lookup_v1_DiscoverRequest, callback: grpc.requestCallback<_lama_lookup_v1_DiscoverResponse__Output>): grpc.ClientUnaryCall;
  discover(argument: _lama_lookup_v1_DiscoverRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_lookup_v1_DiscoverResponse__Output>): grpc.ClientUnaryCall;
  discover(argument: _lama_lookup_v1_DiscoverRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lama_lookup_v1_DiscoverResponse__Output>): grpc.ClientUnaryCall;
  discover(argument: _lama_lookup_v1_DiscoverRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_lookup_v1_DiscoverResponse__Output>): grpc.ClientUnaryCall;
  discover(argument: _lama_lookup_v1_DiscoverRequest, callback: grpc.requestCallback<_lama_lookup_v1_DiscoverResponse__Output>): grpc.ClientUnaryCall;
  
  KeepAlive(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_lama_lookup_v1_KeepAliveRequest, _lama_lookup_v1_RenewResult__Output>;
  KeepAlive(options?: grpc.CallOptions): grpc.ClientDuplexStream<_lama_lookup_v1_KeepAliveRequest, _lama_lookup_v1_RenewResult__Output>;
  keepAlive(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_lama_lookup_v1_KeepAliveRequest, _lama_lookup_v1_RenewResult__Output>;
  keepAlive(options?: grpc.CallOptions): grpc.ClientDuplexStream<_lama_lookup_v1_KeepAliveRequest, _lama_lookup_v1_RenewResult__Output>;
  
  Lookup(argument: _lama_lookup_v1_LookupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_lookup_v1_LookupResponse__Output>): grpc.ClientUnaryCall;
  Lookup(argument: _lama_lookup_v1_LookupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lama_lookup_v1_LookupResponse__Output>): grpc.ClientUnaryCall;
  Lookup(argument: _lama_lookup_v1_LookupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_lookup_v1_LookupResponse__Output>): grpc.ClientUnaryCall;
  Lookup(argument: _lama_lookup_v1_LookupRequest, callback: grpc.requestCallback<_lama_lookup_v1_LookupResponse__Output>): grpc.ClientUnaryCall;
  lookup(argument: _lama_lookup_v1_LookupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_lookup_v1_LookupResponse__Output>): grpc.ClientUnaryCall;
  lookup(argument: _lama_lookup_v1_LookupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lama_lookup_v1_LookupResponse__Output>): grpc.ClientUnaryCall;
  lookup(argument: _lama_lookup_v1_LookupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_lookup_v1_LookupResponse__Output>): grpc.ClientUnaryCall;
  lookup(argument: _lama_lookup_v1_LookupRequest, callback: grpc.requestCallback<_lama_lookup_v1_LookupResponse__Output>): grpc.ClientUnaryCall;
  
  ModifyAttributes(argument: _lama_lookup_v1_ModifyAttributesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_lookup_v1_AttributesResponse__Output>): grpc.ClientUnaryCall;
  ModifyAttributes(argument: _lama_lookup_v1_ModifyAttributesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lama_lookup_v1_AttributesResponse__Output>): grpc.ClientUnaryCall;
  ModifyAttributes(argument: _lama_lookup_v1_ModifyAttributesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_lookup_v1_AttributesResponse__Output>): grpc.ClientUnaryCall;
  ModifyAttributes(argument: _lama_lookup_v1_ModifyAttributesRequest, callback: grpc.requestCallback<_lama_lookup_v1_AttributesResponse__Output>): grpc.ClientUnaryCall;
  modifyAttributes(argument: _lama_lookup_v1_ModifyAttributesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_lookup_v1_AttributesResponse__Output>): grpc.ClientUnaryCall;
  modifyAttributes(argument: _lama_lookup_v1_ModifyAttributesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lama_lookup_v1_AttributesResponse__Output>): grpc.ClientUnaryCall;
  modifyAttributes(argument: _lama_lookup_v1_ModifyAttributesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_lookup_v1_AttributesResponse__Output>): grpc.ClientUnaryCall;
  modifyAttributes(argument: _lama_lookup_v1_ModifyAttributesRequest, callback: grpc.requestCallback<_lama_lookup_v1_AttributesResponse__Output>): grpc.ClientUnaryCall;
  
  PublishRevocations(argument: _lama_lookup_v1_RevocationList, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_lookup_v1_RevocationList__Output>): grpc.ClientUnaryCall;
  PublishRevocations(argument: _lama_lookup_v1_RevocationList, metadata: grpc.Metadata, callback: grpc.requestCallback<_lama_lookup_v1_RevocationList__Output>): grpc.ClientUnaryCall;
  PublishRevocations(argument: _lama_lookup_v1_RevocationList, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_lookup_v1_RevocationList__Output>): grpc.ClientUnaryCall;
  PublishRevocations(argument: _lama_lookup_v1_RevocationList, callback: grpc.requestCallback<_lama_lookup_v1_RevocationList__Output>): grpc.ClientUnaryCall;
  publishRevocations(argument: _lama_lookup_v1_RevocationList, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_lookup_v1_RevocationList__Output>): grpc.ClientUnaryCall;
  publishRevocations(argument: _lama_lookup_v1_RevocationList, metadata: grpc.Metadata, callback: grpc.requestCallback<_lama_lookup_v1_RevocationList__Output>): grpc.ClientUnaryCall;
  publishRevocations(argument: _lama_lookup_v1_RevocationList, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_lookup_v1_RevocationList__Output>): grpc.ClientUnaryCall;
  publishRevocations(argument: _lama_lookup_v1_RevocationList, callback: grpc.requestCallback<_lama_lookup_v1_RevocationList__Output>): grpc.ClientUnaryCall;
  
  Register(argument: _lama_lookup_v1_RegisterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_lookup_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  Register(argument: _lama_lookup_v1_RegisterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lama_lookup_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  Register(argument: _lama_lookup_v1_RegisterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_lookup_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  Register(argument: _lama_lookup_v1_RegisterRequest, callback: grpc.requestCallback<_lama_lookup_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  register(argument: _lama_lookup_v1_RegisterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_lookup_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  register(argument: _lama_lookup_v1_RegisterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lama_lookup_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  register(argument: _lama_lookup_v1_RegisterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_lookup_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  register(argument: _lama_lookup_v1_RegisterRequest, callback: grpc.requestCallback<_lama_lookup_v1_RegisterResponse__Output>): grpc.ClientUnaryCall;
  
  Renew(argument: _lama_lookup_v1_RenewRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_lookup_v1_RenewResponse__Output>): grpc.ClientUnaryCall;
  Renew(argument: _lama_lookup_v1_RenewRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lama_lookup_v1_RenewResponse__Output>): grpc.ClientUnaryCall;
  Renew(argument: _lama_lookup_v1_RenewRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_lookup_v1_RenewResponse__Output>): grpc.ClientUnaryCall;
  Renew(argument: _lama_lookup_v1_RenewRequest, callback: grpc.requestCallback<_lama_lookup_v1_RenewResponse__Output>): grpc.ClientUnaryCall;
  renew(argument: _lama_lookup_v1_RenewRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_lookup_v1_RenewResponse__Output>): grpc.ClientUnaryCall;
  renew(argument: _lama_lookup_v1_RenewRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lama_lookup_v1_RenewResponse__Output>): grpc.ClientUnaryCall;
  renew(argument: _lama_lookup_v1_RenewRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_lookup_v1_RenewResponse__Output>): grpc.ClientUnaryCall;
  renew(argument: _lama_lookup_v1_RenewRequest, callback: grpc.requestCallback<_lama_lookup_v1_RenewResponse__Output>): grpc.ClientUnaryCall;
  
  RenewBatch(argument: _lama_lookup_v1_RenewBatchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_lookup_v1_RenewBatchResponse__Output>): grpc.ClientUnaryCall;
  RenewBatch(argument: _lama_lookup_v1_RenewBatchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lama_lookup_v1_RenewBatchResponse__Output>): grpc.ClientUnaryCall;
  RenewBatch(argument: _lama_lookup_v1_RenewBatchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_lookup_v1_RenewBatchResponse__Output>): grpc.ClientUnaryCall;
  RenewBatch(argument: _lama_lookup_v1_RenewBatchRequest, callback: grpc.requestCallback<_lama_lookup_v1_RenewBatchResponse__Output>): grpc.ClientUnaryCall;
  renewBatch(argument: _lama_lookup_v1_RenewBatchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_lookup_v1_RenewBatchResponse__Output>): grpc.ClientUnaryCall;
  renewBatch(argument: _lama_lookup_v1_RenewBatchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lama_lookup_v1_RenewBatchResponse__Output>): grpc.ClientUnaryCall;
  renewBatch(argument: _lama_lookup_v1_RenewBatchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_lookup_v1_RenewBatchResponse__Output>): grpc.ClientUnaryCall;
  renewBatch(argument: _lama_lookup_v1_RenewBatchRequest, callback: grpc.requestCallback<_lama_lookup_v1_RenewBatchResponse__Output>): grpc.ClientUnaryCall;
  
  Revocations(argument: _lama_lookup_v1_RevocationsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_lookup_v1_RevocationList__Output>): grpc.ClientUnaryCall;
  Revocations(argument: _lama_lookup_v1_RevocationsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lama_lookup_v1_RevocationList__Output>): grpc.ClientUnaryCall;
  Revocations(argument: _lama_lookup_v1_RevocationsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_lookup_v1_RevocationList__Output>): grpc.ClientUnaryCall;
  Revocations(argument: _lama_lookup_v1_RevocationsRequest, callback: grpc.requestCallback<_lama_lookup_v1_RevocationList__Output>): grpc.ClientUnaryCall;
  revocations(argument: _lama_lookup_v1_RevocationsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_lookup_v1_RevocationList__Output>): grpc.ClientUnaryCall;
  revocations(argument: _lama_lookup_v1_RevocationsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lama_lookup_v1_RevocationList__Output>): grpc.ClientUnaryCall;
  revocations(argument: _lama_lookup_v1_RevocationsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_lookup_v1_RevocationList__Output>): grpc.ClientUnaryCall;
  revocations(argument: _lama_lookup_v1_RevocationsRequest, callback: grpc.requestCallback<_lama_lookup_v1_RevocationList__Output>): grpc.ClientUnaryCall;
  
  SetAttributes(argument: _lama_lookup_v1_SetAttributesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_lookup_v1_AttributesResponse__Output>): grpc.ClientUnaryCall;
  SetAttributes(argument: _lama_lookup_v1_SetAttributesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lama_lookup_v1_AttributesResponse__Output>): grpc.ClientUnaryCall;
  SetAttributes(argument: _lama_lookup_v1_SetAttributesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_lookup_v1_AttributesResponse__Output>): grpc.ClientUnaryCall;
  SetAttributes(argument: _lama_lookup_v1_SetAttributesRequest, callback: grpc.requestCallback<_lama_lookup_v1_AttributesResponse__Output>): grpc.ClientUnaryCall;
  setAttributes(argument: _lama_lookup_v1_SetAttributesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_lookup_v1_AttributesResponse__Output>): grpc.ClientUnaryCall;
  setAttributes(argument: _lama_lookup_v1_SetAttributesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_lama_lookup_v1_AttributesResponse__Output>): grpc.ClientUnaryCall;
  setAttributes(argument: _lama_lookup_v1_SetAttributesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_lama_lookup_v1_AttributesResponse__Output>): grpc.ClientUnaryCall;
  setAttributes(argument: _lama_lookup_v1_SetAttributesRequest, callback: grpc.requestCallback<_lama_lookup_v1_AttributesResponse__Output>): grpc.ClientUnaryCall;
  
  Watch(argument: _lama_lookup_v1_WatchRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_lama_lookup_v1_WatchEvent__Output>;
  Watch(argument: _lama_lookup_v1_WatchRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_lama_lookup_v1_WatchEvent__Output>;
  watch(argument: _lama_lookup_v1_WatchRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_lama_lookup_v1_WatchEvent__Output>;
  watch(argument: _lama_lookup_v1_WatchRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_lama_lookup_v1_WatchEvent__Output>;
  
}

export interface RegistrarHandlers extends grpc.UntypedServiceImplementation {
  AddAttributes: grpc.handleUnaryCall<_lama_lookup_v1_AddAttributesRequest__Output, _lama_lookup_v1_AttributesResponse>;
  
  Cancel: grpc.handleUnaryCall<_lama_lookup_v1_CancelRequest__Output, _lama_lookup_v1_CancelResponse>;
  
  Discover: grpc.handleUnaryCall<_lama_lookup_v1_DiscoverRequest__Output, _lama_lookup_v1_DiscoverResponse>;
  
  KeepAlive: grpc.handleBidiStreamingCall<_lama_lookup_v1_KeepAliveRequest__Output, _lama_lookup_v1_RenewResult>;
  
  Lookup: grpc.handleUnaryCall<_lama_lookup_v1_LookupRequest__Output, _lama_lookup_v1_LookupResponse>;
  
  ModifyAttributes: grpc.handleUnaryCall<_lama_lookup_v1_ModifyAttributesRequest__Output, _lama_lookup_v1_AttributesResponse>;
  
  PublishRevocations: grpc.handleUnaryCall<_lama_lookup_v1_RevocationList__Output, _lama_lookup_v1_RevocationList>;
  
  Register: grpc.handleUnaryCall<_lama_lookup_v1_RegisterRequest__Output, _lama_lookup_v1_RegisterResponse>;
  
  Renew: grpc.handleUnaryCall<_lama_lookup_v1_RenewRequest__Output, _lama_lookup_v1_RenewResponse>;
  
  RenewBatch: grpc.handleUnaryCall<_lama_lookup_v1_RenewBatchRequest__Output, _lama_lookup_v1_RenewBatchResponse>;
  
  Revocations: grpc.handleUnaryCall<_lama_lookup_v1_RevocationsRequest__Output, _lama_lookup_v1_RevocationList>;
  
  SetAttributes: grpc.handleUnaryCall<_lama_lookup_v1_SetAttributesRequest__Output, _lama_lookup_v1_AttributesResponse>;
  
  Watch: grpc.handleServerStreamingCall<_lama_lookup_v1_WatchRequest__Output, _lama_lookup_v1_WatchEvent>;
  
}

export interface RegistrarDefinition extends grpc.ServiceDefinition {
  AddAttributes: MethodDefinition<_lama_lookup_v1_AddAttributesRequest, _lama_lookup_v1_AttributesResponse, _lama_lookup_v1_AddAttributesRequest__Output, _lama_lookup_v1_AttributesResponse__Output>
  Cancel: MethodDefinition<_lama_lookup_v1_CancelRequest, _lama_lookup_v1_CancelResponse, _lama_lookup_v1_CancelRequest__Output, _lama_lookup_v1_CancelResponse__Output>
  Discover: MethodDefinition<_lama_lookup_v1_DiscoverRequest, _lama_lookup_v1_DiscoverResponse, _lama_lookup_v1_DiscoverRequest__Output, _lama_lookup_v1_DiscoverResponse__Output>
  KeepAlive: MethodDefinition<_lama_lookup_v1_KeepAliveRequest, _lama_lookup_v1_RenewResult, _lama_lookup_v1_KeepAliveRequest__Output, _lama_lookup_v1_RenewResult__Output>
  Lookup: MethodDefinition<_lama_lookup_v1_LookupRequest, _lama_lookup_v1_LookupResponse, _lama_lookup_v1_LookupRequest__Output, _lama_lookup_v1_LookupResponse__Output>
  ModifyAttributes: MethodDefinition<_lama_lookup_v1_ModifyAttributesRequest, _lama_lookup_v1_AttributesResponse, _lama_lookup_v1_ModifyAttributesRequest__Output, _lama_lookup_v1_AttributesResponse__Output>
  PublishRevocations: MethodDefinition<_lama_lookup_v1_RevocationList, _lama_lookup_v1_RevocationList, _lama_lookup_v1_RevocationList__Output, _lama_lookup_v1_RevocationList__Output>
  Register: MethodDefinition<_lama_lookup_v1_RegisterRequest, _lama_lookup_v1_RegisterResponse, _lama_lookup_v1_RegisterRequest__Output, _lama_lookup_v1_RegisterResponse__Output>
  Renew: MethodDefinition<_lama_lookup_v1_RenewRequest, _lama_lookup_v1_RenewResponse, _lama_lookup_v1_RenewRequest__Output, _lama_lookup_v1_RenewResponse__Output>
  RenewBatch: MethodDefinition<_lama_lookup_v1_RenewBatchRequest, _lama_lookup_v1_RenewBatchResponse, _lama_lookup_v1_RenewBatchRequest__Output, _lama_lookup_v1_RenewBatchResponse__Output>
  Revocations: MethodDefinition<_lama_lookup_v1_RevocationsRequest, _lama_lookup_v1_RevocationList, _lama_lookup_v1_RevocationsRequest__Output, _lama_lookup_v1_RevocationList__Output>
  SetAttributes: MethodDefinition<_lama_lookup_v1_SetAttributesRequest, _lama_lookup_v1_AttributesResponse, _lama_lookup_v1_SetAttributesRequest__Output, _lama_lookup_v1_AttributesResponse__Output>
  Watch: MethodDefinition<_lama_lookup_v1_WatchRequest, _lama_lookup_v1_WatchEvent, _lama_lookup_v1_WatchRequest__Output, _lama_lookup_v1_WatchEvent__Output>
}
