import type { Transport } from '@lama/lookup';
import { round } from './stats.js';

/**
 * The environment that puts a lama process (daemon or bench client process) on `transport`.
 * For TLS the variable is removed, not set to 0: a lama command reads any LAMA_PLAINTEXT as its
 * --plaintext flag (every flag has its LAMA_* variable, and a boolean flag is on whatever the
 * value), so LAMA_PLAINTEXT=0 starts a plaintext daemon. Removed, one inherited from the shell
 * cannot change a pass either.
 */
export function transportEnv(transport: Transport): NodeJS.ProcessEnv {
  return { LAMA_PLAINTEXT: transport === 'plaintext' ? '1' : undefined };
}

/** One figure measured over both transports in the same run. */
export interface TransportPair {
  tls: number | null;
  plaintext: number | null;
  /** TLS / plaintext: < 1 for a rate means TLS does less, > 1 for a latency or a cost means TLS takes more. */
  ratio: number | null;
}

const finite = (x: number | undefined): number | null => (x !== undefined && Number.isFinite(x) ? x : null);

export function pair(tls: number | undefined, plaintext: number | undefined): TransportPair {
  const t = finite(tls);
  const p = finite(plaintext);
  return { tls: t, plaintext: p, ratio: t !== null && p !== null && p > 0 ? round(t / p, 3) : null };
}

/** What the issue allows TLS to cost: at most 30 % of a rate, i.e. TLS / plaintext >= 0.7. */
export const TLS_MIN_RATIO = 0.7;
