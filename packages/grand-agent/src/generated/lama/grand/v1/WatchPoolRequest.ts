// Original file: proto/grand.proto


export interface WatchPoolRequest {
  'intervalMs'?: (number);
}

export interface WatchPoolRequest__Output {
  'intervalMs': (number);
}
