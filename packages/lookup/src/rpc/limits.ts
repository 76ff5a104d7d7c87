import { DEFAULT_LIMITS } from '../constants.js';
import { ConfigurationError } from '../errors.js';

// The limits every LAMA server applies, with their defaults. A daemon takes them from its
// flags (`--max-streams-per-credential` ...), which the CLI passes through the environment
// like --plaintext, so every server and verifier of the process agrees.

export { DEFAULT_LIMITS };

export type Limits = { -readonly [K in keyof typeof DEFAULT_LIMITS]: number };

const ENV: Record<keyof Limits, string> = {
  maxMetadataBytes: 'LAMA_MAX_METADATA_BYTES',
  maxStreamsPerCredential: 'LAMA_MAX_STREAMS_PER_CREDENTIAL',
  maxStreamsPerConnection: 'LAMA_MAX_STREAMS_PER_CONNECTION',
  refusedCacheBytes: 'LAMA_REFUSED_CACHE_BYTES',
  minWatchIntervalMs: 'LAMA_MIN_WATCH_INTERVAL_MS',
  discoveryNonces: 'LAMA_DISCOVERY_NONCES',
};

/** The limits in force: the defaults, overridden by LAMA_MAX_* variables; a bad value is an error naming it. */
export function currentLimits(): Limits {
  const out = { ...DEFAULT_LIMITS } as Limits;
  for (const key of Object.keys(ENV) as (keyof Limits)[]) {
    const raw = process.env[ENV[key]];
    if (raw === undefined || raw === '') continue;
    const n = Number(raw);
    if (!Number.isSafeInteger(n) || n < 1) throw new ConfigurationError(`${ENV[key]}='${raw}' is not a positive integer`);
    out[key] = n;
  }
  return out;
}
