// Original file: proto/lookup.proto

export const RemovalReason = {
  REASON_UNSPECIFIED: 'REASON_UNSPECIFIED',
  EXPIRED: 'EXPIRED',
  CANCELLED: 'CANCELLED',
  REPLACED: 'REPLACED',
  MODIFIED: 'MODIFIED',
} as const;

export type RemovalReason =
  | 'REASON_UNSPECIFIED'
  | 0
  | 'EXPIRED'
  | 1
  | 'CANCELLED'
  | 2
  | 'REPLACED'
  | 3
  | 'MODIFIED'
  | 4

export type RemovalReason__Output = typeof RemovalReason[keyof typeof RemovalReason]
