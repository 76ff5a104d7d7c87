import { MOUNT } from '@lama/lookup';
import { z } from 'zod';
import { integerOption, parseOptions, textOption } from '../../sdk/options.js';
import { listenOption, type ListenAddress } from '../in-process/listen-address.js';
import { maxListenersOption, relayFromOption } from '../streaming-server.js';

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

const schema = z.strictObject({
  listen: listenOption,
  mount: textOption(MOUNT, 'a mount point like "/live"').default('/live'),
  bitsPerSec: integerOption(8, 100_000_000).default(16_000),
  maxListeners: maxListenersOption,
  relayFrom: relayFromOption,
});

/** Validates the raw options; every error names its key. */
export function parseSimStreamOptions(raw: unknown): SimStreamOptions {
  return parseOptions('sim-stream', schema, raw);
}
