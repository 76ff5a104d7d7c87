// Original file: proto/agent.proto


export interface ParamSpec {
  'name'?: (string);
  'type'?: (string);
  'description'?: (string);
  'allowed'?: (string)[];
  'defaultValue'?: (string);
}

export interface ParamSpec__Output {
  'name': (string);
  'type': (string);
  'description': (string);
  'allowed': (string)[];
  'defaultValue': (string);
}
