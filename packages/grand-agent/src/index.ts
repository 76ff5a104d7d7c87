// @lama/grand-agent: the decision core (predictors, allocator); the monitor and console wire it.
export * from './predictors/index.js';
export * from './allocator/index.js';
