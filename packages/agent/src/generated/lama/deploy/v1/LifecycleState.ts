// Original file: proto/deploy.proto

export const LifecycleState = {
  LIFECYCLE_STATE_UNSPECIFIED: 'LIFECYCLE_STATE_UNSPECIFIED',
  FREE: 'FREE',
  DEPLOYING: 'DEPLOYING',
  OPERATIONAL: 'OPERATIONAL',
  CLEANING: 'CLEANING',
  FAILED: 'FAILED',
} as const;

export type LifecycleState =
  | 'LIFECYCLE_STATE_UNSPECIFIED'
  | 0
  | 'FREE'
  | 1
  | 'DEPLOYING'
  | 2
  | 'OPERATIONAL'
  | 3
  | 'CLEANING'
  | 4
  | 'FAILED'
  | 5

export type LifecycleState__Output = typeof LifecycleState[keyof typeof LifecycleState]
