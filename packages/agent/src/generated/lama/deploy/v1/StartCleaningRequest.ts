// Original file: proto/deploy.proto


export interface StartCleaningRequest {
  'deploymentId'?: (string);
  'keepCache'?: (boolean);
}

export interface StartCleaningRequest__Output {
  'deploymentId': (string);
  'keepCache': (boolean);
}
