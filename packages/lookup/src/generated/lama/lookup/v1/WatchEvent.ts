// Original file: proto/lookup.proto

import type { Transition as _lama_lookup_v1_Transition, Transition__Output as _lama_lookup_v1_Transition__Output } from '../../../lama/lookup/v1/Transition.js';
import type { ServiceItem as _lama_lookup_v1_ServiceItem, ServiceItem__Output as _lama_lookup_v1_ServiceItem__Output } from '../../../lama/lookup/v1/ServiceItem.js';
import type { RemovalReason as _lama_lookup_v1_RemovalReason, RemovalReason__Output as _lama_lookup_v1_RemovalReason__Output } from '../../../lama/lookup/v1/RemovalReason.js';
import type { Long } from '@grpc/proto-loader';

// Original file: proto/lookup.proto

export const _lama_lookup_v1_WatchEvent_Kind = {
  KIND_UNSPECIFIED: 'KIND_UNSPECIFIED',
  SNAPSHOT_ITEM: 'SNAPSHOT_ITEM',
  SYNCED: 'SYNCED',
  TRANSITION: 'TRANSITION',
  RESYNC: 'RESYNC',
  LEASE_RENEWED: 'LEASE_RENEWED',
} as const;

export type _lama_lookup_v1_WatchEvent_Kind =
  | 'KIND_UNSPECIFIED'
  | 0
  | 'SNAPSHOT_ITEM'
  | 1
  | 'SYNCED'
  | 2
  | 'TRANSITION'
  | 3
  | 'RESYNC'
  | 4
  | 'LEASE_RENEWED'
  | 5

export type _lama_lookup_v1_WatchEvent_Kind__Output = typeof _lama_lookup_v1_WatchEvent_Kind[keyof typeof _lama_lookup_v1_WatchEvent_Kind]

export interface WatchEvent {
  'kind'?: (_lama_lookup_v1_WatchEvent_Kind);
  'sequence'?: (number | string | Long);
  'revision'?: (number | string | Long);
  'registrarId'?: (string);
  'transition'?: (_lama_lookup_v1_Transition);
  'serviceId'?: (string);
  'item'?: (_lama_lookup_v1_ServiceItem | null);
  'reason'?: (_lama_lookup_v1_RemovalReason);
  'leaseRemainingMs'?: (number | string | Long);
}

export interface WatchEvent__Output {
  'kind': (_lama_lookup_v1_WatchEvent_Kind__Output);
  'sequence': (number);
  'revision': (number);
  'registrarId': (string);
  'transition': (_lama_lookup_v1_Transition__Output);
  'serviceId': (string);
  'item': (_lama_lookup_v1_ServiceItem__Output | null);
  'reason': (_lama_lookup_v1_RemovalReason__Output);
  'leaseRemainingMs': (number);
}
