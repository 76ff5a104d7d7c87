// Original file: proto/deploy.proto


export interface WatchDeploymentRequest {
}

export interface WatchDeploymentRequest__Output {
}
