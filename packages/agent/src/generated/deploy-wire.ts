// deploy.proto's types (lama.deploy.v1), types only: @lama/agent/deploy-wire. Written by scripts/gen-proto.sh.
export type { ProtoGrpcType as DeployerProto } from './deploy.js';
export type * from './lama/deploy/v1/CacheSession.js';
export type * from './lama/deploy/v1/CacheSnapshotReady.js';
export type * from './lama/deploy/v1/Deployer.js';
export type * from './lama/deploy/v1/DeploymentProgress.js';
export type * from './lama/deploy/v1/Lifecycle.js';
export type * from './lama/deploy/v1/LifecycleState.js';
export type * from './lama/deploy/v1/PrepareCacheSnapshotRequest.js';
export type * from './lama/deploy/v1/StartCleaningRequest.js';
export type * from './lama/deploy/v1/StartDeploymentRequest.js';
export type * from './lama/deploy/v1/StepTiming.js';
export type * from './lama/deploy/v1/WatchDeploymentRequest.js';
