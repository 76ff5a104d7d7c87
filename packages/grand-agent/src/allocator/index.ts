// The allocator: Algorithm 1 as a pure decision, a policy with cooldowns and a decision log, and the HPA baseline.
export { ALLOCATOR_DEFAULTS, parseAllocatorConfig, type AllocatorConfig } from './config.js';
export { AllocatorConfigError } from './allocator-config-error.js';
export type { PoolNode, DecideInput, Decision, DecisionInputs } from './decision.js';
export { decide, counted, pickIdle, pickVictim } from './algorithm1.js';
export { DecisionLog } from './decision-log.js';
export { AllocatorPolicy, type PolicyInput, type AllocatorPolicyOptions } from './allocator-policy.js';
export { forecastDemand, type DemandForecast } from './forecast-demand.js';
export { applyDecision, type Actuator } from './actuator.js';
export { formatDecision } from './format-decision.js';
export { HPA_DEFAULTS, HpaPolicy, hpaRecommend, type HpaConfig, type HpaInput, type HpaRecommendation, type HpaDecision } from './hpa.js';
