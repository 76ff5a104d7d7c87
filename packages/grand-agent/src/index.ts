// @lama/grand-agent: the grand agent's parts (predictors, allocator, alerts) and the lama command line.
export * from './predictors/index.js';
export * from './allocator/index.js';
export { AlertManager, type AlertManagerOptions, type Departure } from './alerts/alert-manager.js';
export { WebhookSender, type WebhookOptions } from './alerts/webhook.js';
export type { Alert, AlertKind } from './alerts/alert.js';
