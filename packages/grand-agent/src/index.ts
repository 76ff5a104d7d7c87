// @lama/grand-agent: the grand agent (monitor, predictors, allocator, alerts) and the lama command line.
export { AlertManager, type AlertManagerOptions, type Departure } from './alerts/alert-manager.js';
export { WebhookSender, type WebhookOptions } from './alerts/webhook.js';
export type { Alert, AlertKind } from './alerts/alert.js';
