// @lama/grand-agent/prometheus: the grand agent's collectors. Apart from the package index so
// that prom-client loads only in a grand agent told to serve metrics.
export { registerGrandMetrics } from './grand/grand-collectors.js';
