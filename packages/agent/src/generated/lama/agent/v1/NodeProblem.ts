// Original file: proto/agent.proto

import type { Long } from '@grpc/proto-loader';

export interface NodeProblem {
  'code'?: (string);
  'message'?: (string);
  'sinceMs'?: (number | string | Long);
}

export interface NodeProblem__Output {
  'code': (string);
  'message': (string);
  'sinceMs': (number);
}
