// Original file: proto/lookup.proto

export const Transition = {
  TRANSITION_UNSPECIFIED: 'TRANSITION_UNSPECIFIED',
  MATCH_NOMATCH: 'MATCH_NOMATCH',
  NOMATCH_MATCH: 'NOMATCH_MATCH',
  MATCH_MATCH: 'MATCH_MATCH',
} as const;

export type Transition =
  | 'TRANSITION_UNSPECIFIED'
  | 0
  | 'MATCH_NOMATCH'
  | 1
  | 'NOMATCH_MATCH'
  | 2
  | 'MATCH_MATCH'
  | 3

export type Transition__Output = typeof Transition[keyof typeof Transition]
