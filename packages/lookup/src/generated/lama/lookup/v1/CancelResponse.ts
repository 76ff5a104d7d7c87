// Original file: proto/lookup.proto


export interface CancelResponse {
}

export interface CancelResponse__Output {
}
