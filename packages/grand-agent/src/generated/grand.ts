import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { Alert as _lama_grand_v1_Alert, Alert__Output as _lama_grand_v1_Alert__Output } from './lama/grand/v1/Alert.js';
import type { AlertList as _lama_grand_v1_AlertList, AlertList__Output as _lama_grand_v1_AlertList__Output } from './lama/grand/v1/AlertList.js';
import type { Decision as _lama_grand_v1_Decision, Decision__Output as _lama_grand_v1_Decision__Output } from './lama/grand/v1/Decision.js';
import type { DecisionList as _lama_grand_v1_DecisionList, DecisionList__Output as _lama_grand_v1_DecisionList__Output } from './lama/grand/v1/DecisionList.js';
import type { GrandClient as _lama_grand_v1_GrandClient, GrandDefinition as _lama_grand_v1_GrandDefinition } from './lama/grand/v1/Grand.js';
import type { ListAlertsRequest as _lama_grand_v1_ListAlertsRequest, ListAlertsRequest__Output as _lama_grand_v1_ListAlertsRequest__Output } from './lama/grand/v1/ListAlertsRequest.js';
import type { ListDecisionsRequest as _lama_grand_v1_ListDecisionsRequest, ListDecisionsRequest__Output as _lama_grand_v1_ListDecisionsRequest__Output } from './lama/grand/v1/ListDecisionsRequest.js';
import type { NodeView as _lama_grand_v1_NodeView, NodeView__Output as _lama_grand_v1_NodeView__Output } from './lama/grand/v1/NodeView.js';
import type { PoolRequest as _lama_grand_v1_PoolRequest, PoolRequest__Output as _lama_grand_v1_PoolRequest__Output } from './lama/grand/v1/PoolRequest.js';
import type { PoolView as _lama_grand_v1_PoolView, PoolView__Output as _lama_grand_v1_PoolView__Output } from './lama/grand/v1/PoolView.js';
import type { ServiceView as _lama_grand_v1_ServiceView, ServiceView__Output as _lama_grand_v1_ServiceView__Output } from './lama/grand/v1/ServiceView.js';
import type { WatchAlertsRequest as _lama_grand_v1_WatchAlertsRequest, WatchAlertsRequest__Output as _lama_grand_v1_WatchAlertsRequest__Output } from './lama/grand/v1/WatchAlertsRequest.js';
import type { WatchDecisionsRequest as _lama_grand_v1_WatchDecisionsRequest, WatchDecisionsRequest__Output as _lama_grand_v1_WatchDecisionsRequest__Output } from './lama/grand/v1/WatchDecisionsRequest.js';
import type { WatchPoolRequest as _lama_grand_v1_WatchPoolRequest, WatchPoolRequest__Output as _lama_grand_v1_WatchPoolRequest__Output } from './lama/grand/v1/WatchPoolRequest.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  lama: {
    grand: {
      v1: {
        Alert: MessageTypeDefinition<_lama_grand_v1_Alert, _lama_grand_v1_Alert__Output>
        AlertList: MessageTypeDefinition<_lama_grand_v1_AlertList, _lama_grand_v1_AlertList__Output>
        Decision: MessageTypeDefinition<_lama_grand_v1_Decision, _lama_grand_v1_Decision__Output>
        DecisionList: MessageTypeDefinition<_lama_grand_v1_DecisionList, _lama_grand_v1_DecisionList__Output>
        Grand: SubtypeConstructor<typeof grpc.Client, _lama_grand_v1_GrandClient> & { service: _lama_grand_v1_GrandDefinition }
        ListAlertsRequest: MessageTypeDefinition<_lama_grand_v1_ListAlertsRequest, _lama_grand_v1_ListAlertsRequest__Output>
        ListDecisionsRequest: MessageTypeDefinition<_lama_grand_v1_ListDecisionsRequest, _lama_grand_v1_ListDecisionsRequest__Output>
        NodeView: MessageTypeDefinition<_lama_grand_v1_NodeView, _lama_grand_v1_NodeView__Output>
        PoolRequest: MessageTypeDefinition<_lama_grand_v1_PoolRequest, _lama_grand_v1_PoolRequest__Output>
        PoolView: MessageTypeDefinition<_lama_grand_v1_PoolView, _lama_grand_v1_PoolView__Output>
        ServiceView: MessageTypeDefinition<_lama_grand_v1_ServiceView, _lama_grand_v1_ServiceView__Output>
        WatchAlertsRequest: MessageTypeDefinition<_lama_grand_v1_WatchAlertsRequest, _lama_grand_v1_WatchAlertsRequest__Output>
        WatchDecisionsRequest: MessageTypeDefinition<_lama_grand_v1_WatchDecisionsRequest, _lama_grand_v1_WatchDecisionsRequest__Output>
        WatchPoolRequest: MessageTypeDefinition<_lama_grand_v1_WatchPoolRequest, _lama_grand_v1_WatchPoolRequest__Output>
      }
    }
  }
}

