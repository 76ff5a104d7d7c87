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
export { NodeGoneError, MissingEndpointError, GRAND_ERRORS } from './errors.js';
export { ServicePool, type ServiceSnapshot } from './grand/service-pool.js';
export type { DecisionJson } from './grand/grand-wire.js';
