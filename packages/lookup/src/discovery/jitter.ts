/** ms scaled by a random factor in [1 - spread, 1 + spread], so peers do not act in lockstep. */
export function jitter(ms: number, spread = 0.5): number {
  return ms * (1 - spread + 2 * spread * Math.random());
}
