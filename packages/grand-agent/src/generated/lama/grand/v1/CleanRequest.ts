// Original file: proto/grand.proto


export interface CleanRequest {
  'nodes'?: (string)[];
  'keepCache'?: (boolean);
}

export interface CleanRequest__Output {
  'nodes': (string)[];
  'keepCache': (boolean);
}
