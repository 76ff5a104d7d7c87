// Original file: proto/grand.proto

import type { NodeDeployment as _lama_grand_v1_NodeDeployment, NodeDeployment__Output as _lama_grand_v1_NodeDeployment__Output } from '../../../lama/grand/v1/NodeDeployment.js';
import type { Long } from '@grpc/proto-loader';

export interface Deployment {
  'id'?: (string);
  'kind'?: (string);
  'site'?: (string);
  'version'?: (number);
  'state'?: (string);
  'cacheSource'?: (string);
  'sessionId'?: (string);
  'createdMs'?: (number | string | Long);
  'startedMs'?: (number | string | Long);
  'endedMs'?: (number | string | Long);
  'seconds'?: (number | string);
  'nodes'?: (_lama_grand_v1_NodeDeployment)[];
  'message'?: (string);
  'storeUrl'?: (string);
}

export interface Deployment__Output {
  'id': (string);
  'kind': (string);
  'site': (string);
  'version': (number);
  'state': (string);
  'cacheSource': (string);
  'sessionId': (string);
  'createdMs': (number);
  'startedMs': (number);
  'endedMs': (number);
  'seconds': (number);
  'nodes': (_lama_grand_v1_NodeDeployment__Output)[];
  'message': (string);
  'storeUrl': (string);
}
