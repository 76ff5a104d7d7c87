// Original file: proto/lookup.proto

import type { Entry as _lama_lookup_v1_Entry, Entry__Output as _lama_lookup_v1_Entry__Output } from '../../../lama/lookup/v1/Entry.js';

export interface ServiceTemplate {
  'serviceId'?: (string);
  'serviceTypes'?: (string)[];
  'attributes'?: (_lama_lookup_v1_Entry)[];
}

export interface ServiceTemplate__Output {
  'serviceId': (string);
  'serviceTypes': (string)[];
  'attributes': (_lama_lookup_v1_Entry__Output)[];
}
