// Original file: proto/agent.proto

import type { Long } from '@grpc/proto-loader';

export interface InterfaceRate {
  'name'?: (string);
  'rxBitsPerSec'?: (number | string);
  'txBitsPerSec'?: (number | string);
  'rxBytes'?: (number | string | Long);
  'txBytes'?: (number | string | Long);
}

export interface InterfaceRate__Output {
  'name': (string);
  'rxBitsPerSec': (number);
  'txBitsPerSec': (number);
  'rxBytes': (number);
  'txBytes': (number);
}
