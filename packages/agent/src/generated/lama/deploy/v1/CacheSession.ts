// Original file: proto/deploy.proto


export interface CacheSession {
  'sessionId'?: (string);
  'group'?: (string);
  'interface'?: (string);
  'sourceNode'?: (string);
  'manifestDigest'?: (string);
  'senderEndpoint'?: (string);
}

export interface CacheSession__Output {
  'sessionId': (string);
  'group': (string);
  'interface': (string);
  'sourceNode': (string);
  'manifestDigest': (string);
  'senderEndpoint': (string);
}
