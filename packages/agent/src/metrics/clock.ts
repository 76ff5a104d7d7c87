/** A timer handle returned by a Clock. */
export interface Timer {
  cancel(): void;
}

/**
 * Time source for the sampler. Structurally identical to @lama/lookup's Clock, declared here
 * because the agent does not depend on that package yet; its systemClock and VirtualClock fit.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs fn once after delayMs. */
  setTimer(fn: () => void, delayMs: number): Timer;
}

/** Date.now and setTimeout; timers are unref'd so sampling never keeps the process alive. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(fn, delayMs) {
    const t = setTimeout(fn, Math.max(0, delayMs));
    t.unref();
    return { cancel: () => clearTimeout(t) };
  },
};
