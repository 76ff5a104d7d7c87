// Original file: proto/agent.proto

import type { InterfaceRate as _lama_agent_v1_InterfaceRate, InterfaceRate__Output as _lama_agent_v1_InterfaceRate__Output } from '../../../lama/agent/v1/InterfaceRate.js';
import type { DiskUsage as _lama_agent_v1_DiskUsage, DiskUsage__Output as _lama_agent_v1_DiskUsage__Output } from '../../../lama/agent/v1/DiskUsage.js';
import type { Memory as _lama_agent_v1_Memory, Memory__Output as _lama_agent_v1_Memory__Output } from '../../../lama/agent/v1/Memory.js';
import type { AdapterStatus as _lama_agent_v1_AdapterStatus, AdapterStatus__Output as _lama_agent_v1_AdapterStatus__Output } from '../../../lama/agent/v1/AdapterStatus.js';
import type { Lifecycle as _lama_deploy_v1_Lifecycle, Lifecycle__Output as _lama_deploy_v1_Lifecycle__Output } from '../../../lama/deploy/v1/Lifecycle.js';
import type { NodeProblem as _lama_agent_v1_NodeProblem, NodeProblem__Output as _lama_agent_v1_NodeProblem__Output } from '../../../lama/agent/v1/NodeProblem.js';
import type { Long } from '@grpc/proto-loader';

export interface NodeStatus {
  'node'?: (string);
  'atMs'?: (number | string | Long);
  'intervalMs'?: (number | string | Long);
  'cpuUtilization'?: (number | string);
  'cpuCount'?: (number);
  'interfaces'?: (_lama_agent_v1_InterfaceRate)[];
  'rxBitsPerSec'?: (number | string);
  'txBitsPerSec'?: (number | string);
  'disks'?: (_lama_agent_v1_DiskUsage)[];
  'loadAverage'?: (number | string)[];
  'memory'?: (_lama_agent_v1_Memory | null);
  'adapters'?: (_lama_agent_v1_AdapterStatus)[];
  'capacity'?: ({[key: string]: number | string});
  'version'?: (string);
  'uptimeMs'?: (number | string | Long);
  'lifecycle'?: (_lama_deploy_v1_Lifecycle | null);
  'problems'?: (_lama_agent_v1_NodeProblem)[];
}

export interface NodeStatus__Output {
  'node': (string);
  'atMs': (number);
  'intervalMs': (number);
  'cpuUtilization': (number);
  'cpuCount': (number);
  'interfaces': (_lama_agent_v1_InterfaceRate__Output)[];
  'rxBitsPerSec': (number);
  'txBitsPerSec': (number);
  'disks': (_lama_agent_v1_DiskUsage__Output)[];
  'loadAverage': (number)[];
  'memory': (_lama_agent_v1_Memory__Output | null);
  'adapters': (_lama_agent_v1_AdapterStatus__Output)[];
  'capacity': ({[key: string]: number});
  'version': (string);
  'uptimeMs': (number);
  'lifecycle': (_lama_deploy_v1_Lifecycle__Output | null);
  'problems': (_lama_agent_v1_NodeProblem__Output)[];
}
