// Original file: proto/lookup.proto


export interface DiscoverResponse {
  'fields'?: ({[key: string]: string});
}

export interface DiscoverResponse__Output {
  'fields': ({[key: string]: string});
}
