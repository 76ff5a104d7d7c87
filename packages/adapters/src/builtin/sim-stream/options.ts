import { objectOptions } from '../../sdk/adapter.js';
import { optionChecks } from '../../sdk/option-checks.js';
import { MOUNT, RELAY_FROM } from '../icecast/relay-target.js';
import { parseListen, type ListenAddress } from '../in-process/listen-address.js';

/** Options of the sim-stream adapter (the `options` of an adapters[] entry in the agent's config). */
export interface SimStreamOptions {
  /** Where the simulated server listens, e.g. 127.0.0.1:18000 (port 0 picks a free one). */
  listen: ListenAddress;
  /** The one mount it serves (default /live). */
  mount: string;
  /** Pace of each listener's stream in bits per second (default 16000). */
  bitsPerSec: number;
  /** The initial listener limit; -1 is unlimited. */
  maxListeners: number;
  /** The initial RelayFrom (HOST:PORT/MOUNT), '' for none. */
  relayFrom: string;
}

const KEYS = ['listen', 'mount', 'bitsPerSec', 'maxListeners', 'relayFrom'] as const;

const { integer, text } = optionChecks('sim-stream');

/** Validates the raw options; every error names its key. */
export function parseSimStreamOptions(raw: unknown): SimStreamOptions {
  const o = objectOptions('sim-stream', raw, KEYS);
  return {
    listen: parseListen('sim-stream', o.listen),
    mount: text(o, 'mount', MOUNT, 'a mount point like "/live"') ?? '/live',
    bitsPerSec: integer(o, 'bitsPerSec', 16_000, 8, 100_000_000),
    maxListeners: integer(o, 'maxListeners', -1, -1, 1_000_000),
    relayFrom: text(o, 'relayFrom', RELAY_FROM, 'HOST:PORT/MOUNT (e.g. 127.0.0.1:18000/live)') ?? '',
  };
}
