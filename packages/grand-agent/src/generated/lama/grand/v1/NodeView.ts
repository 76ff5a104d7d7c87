// Original file: proto/grand.proto

import type { Long } from '@grpc/proto-loader';

export interface NodeView {
  'node'?: (string);
  'endpoint'?: (string);
  'roles'?: (string)[];
  'lastStatusMs'?: (number | string | Long);
  'cpuUtilization'?: (number | string);
  'rxBitsPerSec'?: (number | string);
  'txBitsPerSec'?: (number | string);
  'adapters'?: ({[key: string]: string});
  'loads'?: ({[key: string]: number | string});
  'serving'?: (string);
  'pending'?: (string);
  'samples'?: (number);
  'lifecycle'?: (string);
  'leaseExpiresMs'?: (number | string | Long);
  'leaseMs'?: (number | string | Long);
}

export interface NodeView__Output {
  'node': (string);
  'endpoint': (string);
  'roles': (string)[];
  'lastStatusMs': (number);
  'cpuUtilization': (number);
  'rxBitsPerSec': (number);
  'txBitsPerSec': (number);
  'adapters': ({[key: string]: string});
  'loads': ({[key: string]: number});
  'serving': (string);
  'pending': (string);
  'samples': (number);
  'lifecycle': (string);
  'leaseExpiresMs': (number);
  'leaseMs': (number);
}
