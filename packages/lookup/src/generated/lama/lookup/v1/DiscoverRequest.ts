// Original file: proto/lookup.proto


export interface DiscoverRequest {
  'nonce'?: (string);
}

export interface DiscoverRequest__Output {
  'nonce': (string);
}
