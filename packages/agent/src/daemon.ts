// @lama/agent/daemon: what `lama agent` needs to run a node, and nothing more: the index also
// carries the site store, the clients and the deployment procedure, which a node loads only
// when a procedure asks for them.
export { Agent, type AgentOptions, type AgentLog } from './daemon/agent.js';
export { parseAgentConfig, readConfigFile, type AgentConfig } from './config/agent-config.js';
export { MetricsSampler } from './metrics/sampler.js';
