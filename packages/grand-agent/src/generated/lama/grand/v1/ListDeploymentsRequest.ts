// Original file: proto/grand.proto


export interface ListDeploymentsRequest {
  'site'?: (string);
}

export interface ListDeploymentsRequest__Output {
  'site': (string);
}
