// Original file: proto/lookup.proto


export interface Entry {
  'type'?: (string);
  'fields'?: ({[key: string]: string});
}

export interface Entry__Output {
  'type': (string);
  'fields': ({[key: string]: string});
}
