/** p50 / p99 / max of a sample (nearest rank), in whole ms. */
export interface Summary {
  n: number;
  min: number | null;
  p50: number | null;
  p99: number | null;
  max: number | null;
}

function rank(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

export function summarize(values: readonly number[]): Summary {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return { n: 0, min: null, p50: null, p99: null, max: null };
  return { n: s.length, min: s[0], p50: rank(s, 0.5), p99: rank(s, 0.99), max: s[s.length - 1] };
}
