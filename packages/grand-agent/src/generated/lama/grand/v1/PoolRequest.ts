// Original file: proto/grand.proto


export interface PoolRequest {
}

export interface PoolRequest__Output {
}
