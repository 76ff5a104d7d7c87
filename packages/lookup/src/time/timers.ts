import type { Clock, Timer } from './clock.js';

/** A promise that resolves after ms on clock (virtual time in tests). */
export function delay(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimer(resolve, ms));
}

/**
 * Runs fn every intervalMs on clock until the returned timer is cancelled. Beats are due at
 * start + k·interval, so a late one does not push the rest back; beats missed entirely
 * (a blocked event loop) are skipped, not fired in a burst.
 */
export function every(clock: Clock, intervalMs: number, fn: () => void): Timer {
  const step = Math.max(1, intervalMs);
  let due = clock.now() + step;
  let timer: Timer;
  let cancelled = false;
  const beat = (): void => {
    if (cancelled) return;
    const now = clock.now();
    due = due + step > now ? due + step : now + step;
    timer = clock.setTimer(beat, due - now);
    fn();
  };
  timer = clock.setTimer(beat, step);
  return { cancel: () => { cancelled = true; timer.cancel(); } };
}
