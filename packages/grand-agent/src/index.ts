// @lama/grand-agent: the grand agent library (monitor, predictors, allocator, alerts, its API); the lama binary is @lama/cli.
export * from './predictors/index.js';
export * from './allocator/index.js';
export { AlertManager, type AlertManagerOptions, type Departure } from './alerts/alert-manager.js';
export { WebhookSender, type WebhookOptions } from './alerts/webhook.js';
export type { Alert, AlertKind } from './alerts/alert.js';
export { parseGrandConfig, grandConfigSchema, type GrandConfig, type ServiceConfig } from './config/grand-config.js';
export { Monitor, ENDPOINT_ENTRY, type MonitoredNode, type MonitorEvent, type MonitorOptions } from './monitor/monitor.js';
export { NodeSeries, type Sample } from './monitor/node-series.js';
export { metricValue, metricValues, checkMetricName } from './monitor/metric.js';
export { GrandAgent, GRAND_SERVICE_TYPE, type GrandAgentOptions } from './grand/grand-agent.js';
export { GrandClient, type RemotePool } from './grand/grand-client.js';
export { GRAND_ROLES } from './grand/grand-service.js';
export { NodeGoneError, MissingEndpointError, NotFreeError, UnknownNodeError, DeploymentRequestError, DeploymentFailedError, GRAND_ERRORS } from './errors.js';
export { DeploymentManager, type DeploymentManagerOptions, type NodeDirectory, type Started } from './deploy/deployment-manager.js';
export { chooseCacheSource, type DeployNode, type CacheSourceChoice } from './deploy/cache-source.js';
export { deployConfigSchema, type DeployConfig } from './deploy/deploy-config.js';
export { LIFECYCLE_ENTRY, lifecycleOf, type NodeLifecycle, type LifecycleStateName } from './deploy/lifecycle-entry.js';
export type { Deployment, NodeDeployment, DeployRequest, CleanRequest, DeploymentState } from './deploy/deployment.js';
export type { DeploymentJson } from './grand/deployment-wire.js';
// deploy.proto's wire types, for whoever serves lama.deploy.v1.Deployer (the agent; test doubles).
export type { ProtoGrpcType as DeployerProto } from './generated/deploy.js';
export type { DeployerHandlers } from './generated/lama/deploy/v1/Deployer.js';
export type { DeploymentProgress as WireDeploymentProgress } from './generated/lama/deploy/v1/DeploymentProgress.js';
export type { StartDeploymentRequest__Output as WireStartDeploymentRequest } from './generated/lama/deploy/v1/StartDeploymentRequest.js';
export type { PrepareCacheSnapshotRequest__Output as WirePrepareCacheSnapshotRequest } from './generated/lama/deploy/v1/PrepareCacheSnapshotRequest.js';
export { ServicePool, type ServiceSnapshot } from './grand/service-pool.js';
export type { DecisionJson } from './grand/grand-wire.js';
