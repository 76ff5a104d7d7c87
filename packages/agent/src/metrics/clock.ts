// The sampler takes @lama/lookup's Clock like every other timed component (unref'd timers).
export { systemClock, type Clock, type Timer } from '@lama/lookup';
