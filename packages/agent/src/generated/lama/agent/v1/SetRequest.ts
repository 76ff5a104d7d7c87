// Original file: proto/agent.proto


export interface SetRequest {
  'adapter'?: (string);
  'params'?: ({[key: string]: string});
}

export interface SetRequest__Output {
  'adapter': (string);
  'params': ({[key: string]: string});
}
