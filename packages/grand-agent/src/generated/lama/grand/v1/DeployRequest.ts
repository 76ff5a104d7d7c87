// Original file: proto/grand.proto


export interface DeployRequest {
  'site'?: (string);
  'version'?: (number);
  'nodes'?: (string)[];
  'storeUrl'?: (string);
}

export interface DeployRequest__Output {
  'site': (string);
  'version': (number);
  'nodes': (string)[];
  'storeUrl': (string);
}
