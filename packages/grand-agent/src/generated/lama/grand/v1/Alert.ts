// Original file: proto/grand.proto

import type { Long } from '@grpc/proto-loader';

export interface Alert {
  'id'?: (number | string | Long);
  'kind'?: (string);
  'at'?: (string);
  'message'?: (string);
  'node'?: (string);
  'serviceId'?: (string);
  'roles'?: (string)[];
  'endpoint'?: (string);
  'lastStatusJson'?: (string);
  'nodes'?: (string)[];
  'raisedAt'?: (string);
  'deploymentId'?: (string);
  'site'?: (string);
  'version'?: (number);
}

export interface Alert__Output {
  'id': (number);
  'kind': (string);
  'at': (string);
  'message': (string);
  'node': (string);
  'serviceId': (string);
  'roles': (string)[];
  'endpoint': (string);
  'lastStatusJson': (string);
  'nodes': (string)[];
  'raisedAt': (string);
  'deploymentId': (string);
  'site': (string);
  'version': (number);
}
