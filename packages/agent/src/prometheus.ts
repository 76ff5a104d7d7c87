// @lama/agent/prometheus: the agent's collectors. Apart from the package index so that
// prom-client loads only in an agent told to serve metrics.
export { registerAgentMetrics } from './daemon/agent-collectors.js';
