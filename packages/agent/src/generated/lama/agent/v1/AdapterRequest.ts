// Original file: proto/agent.proto


export interface AdapterRequest {
  'adapter'?: (string);
}

export interface AdapterRequest__Output {
  'adapter': (string);
}
