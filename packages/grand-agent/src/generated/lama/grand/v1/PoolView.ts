// Original file: proto/grand.proto

import type { NodeView as _lama_grand_v1_NodeView, NodeView__Output as _lama_grand_v1_NodeView__Output } from '../../../lama/grand/v1/NodeView.js';
import type { ServiceView as _lama_grand_v1_ServiceView, ServiceView__Output as _lama_grand_v1_ServiceView__Output } from '../../../lama/grand/v1/ServiceView.js';
import type { Long } from '@grpc/proto-loader';

export interface PoolView {
  'grand'?: (string);
  'atMs'?: (number | string | Long);
  'nodes'?: (_lama_grand_v1_NodeView)[];
  'services'?: (_lama_grand_v1_ServiceView)[];
  'lookups'?: (string)[];
}

export interface PoolView__Output {
  'grand': (string);
  'atMs': (number);
  'nodes': (_lama_grand_v1_NodeView__Output)[];
  'services': (_lama_grand_v1_ServiceView__Output)[];
  'lookups': (string)[];
}
