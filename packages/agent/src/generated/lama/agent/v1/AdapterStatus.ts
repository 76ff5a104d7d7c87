// Original file: proto/agent.proto

import type { ParamSpec as _lama_agent_v1_ParamSpec, ParamSpec__Output as _lama_agent_v1_ParamSpec__Output } from '../../../lama/agent/v1/ParamSpec.js';
import type { Long } from '@grpc/proto-loader';

export interface AdapterStatus {
  'name'?: (string);
  'state'?: (string);
  'roles'?: (string)[];
  'metrics'?: ({[key: string]: number | string});
  'params'?: ({[key: string]: string});
  'message'?: (string);
  'restarts'?: (number);
  'stateSinceMs'?: (number | string | Long);
  'paramSpecs'?: (_lama_agent_v1_ParamSpec)[];
}

export interface AdapterStatus__Output {
  'name': (string);
  'state': (string);
  'roles': (string)[];
  'metrics': ({[key: string]: number});
  'params': ({[key: string]: string});
  'message': (string);
  'restarts': (number);
  'stateSinceMs': (number);
  'paramSpecs': (_lama_agent_v1_ParamSpec__Output)[];
}
