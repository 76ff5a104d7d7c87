// Original file: proto/grand.proto


export interface WatchDeploymentsRequest {
  'replay'?: (boolean);
}

export interface WatchDeploymentsRequest__Output {
  'replay': (boolean);
}
