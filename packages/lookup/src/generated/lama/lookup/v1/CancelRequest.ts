// Original file: proto/lookup.proto


export interface CancelRequest {
  'leaseId'?: (string);
}

export interface CancelRequest__Output {
  'leaseId': (string);
}
