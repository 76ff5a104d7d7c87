// @lama/agent: the ordinary agent (node daemon), its node metrics, the clients of its control API and its Deployer, the server life cycle and deployment procedure, and the site store with the node cache.
export { Agent, AGENT_SERVICE_TYPE, AGENT_VERSION, type AgentOptions, type AgentLog, type AgentEvents } from './daemon/agent.js';
export { agentConfigSchema, multicastSchema, prometheusSchema, hostPortSchema, groupSchema, configErrorOf, parseAgentConfig, readConfigFile, type AgentConfig, type AgentConfigInput } from './config/agent-config.js';
export { AgentClient, type RemoteNodeStatus, type RemoteAdapterStatus } from './client/agent-client.js';
export { DeployerClient, type RemoteLifecycle, type RemoteDeploymentProgress, type RemoteCacheSnapshot, type StartDeploymentRequest, type PrepareCacheSnapshotRequest } from './client/deployer-client.js';
export { Deployer, type DeployerHost, type DeployerOptions, type DeploymentRequest, type DeployerProgress } from './deploy/deployer.js';
export { DEPLOYER_ROLES, DEPLOYER_SERVICE, lifecycleToWire } from './deploy/deployer-service.js';
export { LIFECYCLE_TRANSITIONS, checkTransition, type LifecycleState, type LifecycleRecord } from './deploy/lifecycle.js';
export type { StepTime, StepProgress } from './deploy/step-tracker.js';
export {
  UnknownAdapterError, ConfigError, ProcFormatError, SiteManifestError, UnsafePathError, ObjectHashError, StoreFetchError, SiteNotFoundError, CacheFullError, StoreConflictError, LifecycleError, CacheSourceError, AGENT_ERRORS,
} from './errors.js';
export { AGENT_ROLES } from './control/agent-service.js';
export { ControlStats, type Verb } from './control/control-stats.js';
export type { MetricsSource } from './control/node-metrics.js';
export * from './metrics/index.js';
export * from './site/index.js';
