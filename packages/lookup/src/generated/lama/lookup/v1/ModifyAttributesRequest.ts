// Original file: proto/lookup.proto

import type { Entry as _lama_lookup_v1_Entry, Entry__Output as _lama_lookup_v1_Entry__Output } from '../../../lama/lookup/v1/Entry.js';

export interface ModifyAttributesRequest {
  'serviceId'?: (string);
  'templates'?: (_lama_lookup_v1_Entry)[];
  'changes'?: (_lama_lookup_v1_Entry)[];
}

export interface ModifyAttributesRequest__Output {
  'serviceId': (string);
  'templates': (_lama_lookup_v1_Entry__Output)[];
  'changes': (_lama_lookup_v1_Entry__Output)[];
}
