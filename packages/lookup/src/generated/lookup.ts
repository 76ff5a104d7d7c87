import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { AddAttributesRequest as _lama_lookup_v1_AddAttributesRequest, AddAttributesRequest__Output as _lama_lookup_v1_AddAttributesRequest__Output } from './lama/lookup/v1/AddAttributesRequest.js';
import type { AttributesResponse as _lama_lookup_v1_AttributesResponse, AttributesResponse__Output as _lama_lookup_v1_AttributesResponse__Output } from './lama/lookup/v1/AttributesResponse.js';
import type { CancelRequest as _lama_lookup_v1_CancelRequest, CancelRequest__Output as _lama_lookup_v1_CancelRequest__Output } from './lama/lookup/v1/CancelRequest.js';
import type { CancelResponse as _lama_lookup_v1_CancelResponse, CancelResponse__Output as _lama_lookup_v1_CancelResponse__Output } from './lama/lookup/v1/CancelResponse.js';
import type { DiscoverRequest as _lama_lookup_v1_DiscoverRequest, DiscoverRequest__Output as _lama_lookup_v1_DiscoverRequest__Output } from './lama/lookup/v1/DiscoverRequest.js';
import type { DiscoverResponse as _lama_lookup_v1_DiscoverResponse, DiscoverResponse__Output as _lama_lookup_v1_DiscoverResponse__Output } from './lama/lookup/v1/DiscoverResponse.js';
import type { Entry as _lama_lookup_v1_Entry, Entry__Output as _lama_lookup_v1_Entry__Output } from './lama/lookup/v1/Entry.js';
import type { KeepAliveRequest as _lama_lookup_v1_KeepAliveRequest, KeepAliveRequest__Output as _lama_lookup_v1_KeepAliveRequest__Output } from './lama/lookup/v1/KeepAliveRequest.js';
import type { Lease as _lama_lookup_v1_Lease, Lease__Output as _lama_lookup_v1_Lease__Output } from './lama/lookup/v1/Lease.js';
import type { LookupRequest as _lama_lookup_v1_LookupRequest, LookupRequest__Output as _lama_lookup_v1_LookupRequest__Output } from './lama/lookup/v1/LookupRequest.js';
import type { LookupResponse as _lama_lookup_v1_LookupResponse, LookupResponse__Output as _lama_lookup_v1_LookupResponse__Output } from './lama/lookup/v1/LookupResponse.js';
import type { ModifyAttributesRequest as _lama_lookup_v1_ModifyAttributesRequest, ModifyAttributesRequest__Output as _lama_lookup_v1_ModifyAttributesRequest__Output } from './lama/lookup/v1/ModifyAttributesRequest.js';
import type { RegisterRequest as _lama_lookup_v1_RegisterRequest, RegisterRequest__Output as _lama_lookup_v1_RegisterRequest__Output } from './lama/lookup/v1/RegisterRequest.js';
import type { RegisterResponse as _lama_lookup_v1_RegisterResponse, RegisterResponse__Output as _lama_lookup_v1_RegisterResponse__Output } from './lama/lookup/v1/RegisterResponse.js';
import type { RegistrarClient as _lama_lookup_v1_RegistrarClient, RegistrarDefinition as _lama_lookup_v1_RegistrarDefinition } from './lama/lookup/v1/Registrar.js';
import type { RenewBatchRequest as _lama_lookup_v1_RenewBatchRequest, RenewBatchRequest__Output as _lama_lookup_v1_RenewBatchRequest__Output } from './lama/lookup/v1/RenewBatchRequest.js';
import type { RenewBatchResponse as _lama_lookup_v1_RenewBatchResponse, RenewBatchResponse__Output as _lama_lookup_v1_RenewBatchResponse__Output } from './lama/lookup/v1/RenewBatchResponse.js';
import type { RenewRequest as _lama_lookup_v1_RenewRequest, RenewRequest__Output as _lama_lookup_v1_RenewRequest__Output } from './lama/lookup/v1/RenewRequest.js';
import type { RenewResponse as _lama_lookup_v1_RenewResponse, RenewResponse__Output as _lama_lookup_v1_RenewResponse__Output } from './lama/lookup/v1/RenewResponse.js';
import type { RenewResult as _lama_lookup_v1_RenewResult, RenewResult__Output as _lama_lookup_v1_RenewResult__Output } from './lama/lookup/v1/RenewResult.js';
import type { RevocationList as _lama_lookup_v1_RevocationList, RevocationList__Output as _lama_lookup_v1_RevocationList__Output } from './lama/lookup/v1/RevocationList.js';
import type { RevocationsRequest as _lama_lookup_v1_RevocationsRequest, RevocationsRequest__Output as _lama_lookup_v1_RevocationsRequest__Output } from './lama/lookup/v1/RevocationsRequest.js';
import type { ServiceItem as _lama_lookup_v1_ServiceItem, ServiceItem__Output as _lama_lookup_v1_ServiceItem__Output } from './lama/lookup/v1/ServiceItem.js';
import type { ServiceTemplate as _lama_lookup_v1_ServiceTemplate, ServiceTemplate__Output as _lama_lookup_v1_ServiceTemplate__Output } from './lama/lookup/v1/ServiceTemplate.js';
import type { SetAttributesRequest as _lama_lookup_v1_SetAttributesRequest, SetAttributesRequest__Output as _lama_lookup_v1_SetAttributesRequest__Output } from './lama/lookup/v1/SetAttributesRequest.js';
import type { WatchEvent as _lama_lookup_v1_WatchEvent, WatchEvent__Output as _lama_lookup_v1_WatchEvent__Output } from './lama/lookup/v1/WatchEvent.js';
import type { WatchRequest as _lama_lookup_v1_WatchRequest, WatchRequest__Output as _lama_lookup_v1_WatchRequest__Output } from './lama/lookup/v1/WatchRequest.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  lama: {
    lookup: {
      v1: {
        AddAttributesRequest: MessageTypeDefinition<_lama_lookup_v1_AddAttributesRequest, _lama_lookup_v1_AddAttributesRequest__Output>
        AttributesResponse: MessageTypeDefinition<_lama_lookup_v1_AttributesResponse, _lama_lookup_v1_AttributesResponse__Output>
        CancelRequest: MessageTypeDefinition<_lama_lookup_v1_CancelRequest, _lama_lookup_v1_CancelRequest__Output>
        CancelResponse: MessageTypeDefinition<_lama_lookup_v1_CancelResponse, _lama_lookup_v1_CancelResponse__Output>
        DiscoverRequest: MessageTypeDefinition<_lama_lookup_v1_DiscoverRequest, _lama_lookup_v1_DiscoverRequest__Output>
        DiscoverResponse: MessageTypeDefinition<_lama_lookup_v1_DiscoverResponse, _lama_lookup_v1_DiscoverResponse__Output>
        Entry: MessageTypeDefinition<_lama_lookup_v1_Entry, _lama_lookup_v1_Entry__Output>
        KeepAliveRequest: MessageTypeDefinition<_lama_lookup_v1_KeepAliveRequest, _lama_lookup_v1_KeepAliveRequest__Output>
        Lease: MessageTypeDefinition<_lama_lookup_v1_Lease, _lama_lookup_v1_Lease__Output>
        LookupRequest: MessageTypeDefinition<_lama_lookup_v1_LookupRequest, _lama_lookup_v1_LookupRequest__Output>
        LookupResponse: MessageTypeDefinition<_lama_lookup_v1_LookupResponse, _lama_lookup_v1_LookupResponse__Output>
        ModifyAttributesRequest: MessageTypeDefinition<_lama_lookup_v1_ModifyAttributesRequest, _lama_lookup_v1_ModifyAttributesRequest__Output>
        RegisterRequest: MessageTypeDefinition<_lama_lookup_v1_RegisterRequest, _lama_lookup_v1_RegisterRequest__Output>
        RegisterResponse: MessageTypeDefinition<_lama_lookup_v1_RegisterResponse, _lama_lookup_v1_RegisterResponse__Output>
        Registrar: SubtypeConstructor<typeof grpc.Client, _lama_lookup_v1_RegistrarClient> & { service: _lama_lookup_v1_RegistrarDefinition }
        RemovalReason: EnumTypeDefinition
        RenewBatchRequest: MessageTypeDefinition<_lama_lookup_v1_RenewBatchRequest, _lama_lookup_v1_RenewBatchRequest__Output>
        RenewBatchResponse: MessageTypeDefinition<_lama_lookup_v1_RenewBatchResponse, _lama_lookup_v1_RenewBatchResponse__Output>
        RenewRequest: MessageTypeDefinition<_lama_lookup_v1_RenewRequest, _lama_lookup_v1_RenewRequest__Output>
        RenewResponse: MessageTypeDefinition<_lama_lookup_v1_RenewResponse, _lama_lookup_v1_RenewResponse__Output>
        RenewResult: MessageTypeDefinition<_lama_lookup_v1_RenewResult, _lama_lookup_v1_RenewResult__Output>
        RevocationList: MessageTypeDefinition<_lama_lookup_v1_RevocationList, _lama_lookup_v1_RevocationList__Output>
        RevocationsRequest: MessageTypeDefinition<_lama_lookup_v1_RevocationsRequest, _lama_lookup_v1_RevocationsRequest__Output>
        ServiceItem: MessageTypeDefinition<_lama_lookup_v1_ServiceItem, _lama_lookup_v1_ServiceItem__Output>
        ServiceTemplate: MessageTypeDefinition<_lama_lookup_v1_ServiceTemplate, _lama_lookup_v1_ServiceTemplate__Output>
        SetAttributesRequest: MessageTypeDefinition<_lama_lookup_v1_SetAttributesRequest, _lama_lookup_v1_SetAttributesRequest__Output>
        Transition: EnumTypeDefinition
        WatchEvent: MessageTypeDefinition<_lama_lookup_v1_WatchEvent, _lama_lookup_v1_WatchEvent__Output>
        WatchRequest: MessageTypeDefinition<_lama_lookup_v1_WatchRequest, _lama_lookup_v1_WatchRequest__Output>
      }
    }
  }
}

