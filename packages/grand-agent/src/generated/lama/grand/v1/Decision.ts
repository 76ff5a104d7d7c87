// Original file: proto/grand.proto

import type { Long } from '@grpc/proto-loader';

export interface Decision {
  'atMs'?: (number | string | Long);
  'service'?: (string);
  'action'?: (string);
  'node'?: (string);
  'reason'?: (string);
  'dryRun'?: (boolean);
  'intended'?: (string);
  'outcome'?: (string);
  'inputs'?: ({[key: string]: number | string});
  'holdReason'?: (string);
  'tookSeconds'?: (number | string);
  'deployment'?: (string);
}

export interface Decision__Output {
  'atMs': (number);
  'service': (string);
  'action': (string);
  'node': (string);
  'reason': (string);
  'dryRun': (boolean);
  'intended': (string);
  'outcome': (string);
  'inputs': ({[key: string]: number});
  'holdReason': (string);
  'tookSeconds': (number);
  'deployment': (string);
}
