import { defineAdapter } from '../../sdk/adapter.js';
import { parseSimStreamOptions, type SimStreamOptions } from './options.js';
import { SimStreamInstance } from './sim-stream-instance.js';
import { maxListenersParam, relayFromParam } from '../streaming-server.js';

export type { SimStreamOptions } from './options.js';

/**
 * A simulated streaming server for machines without icecast2: an HTTP server in the agent's
 * process that streams filler bytes, paced per listener, with icecast's parameters and
 * metric names, so the allocator treats it like an icecast node.
 */
export const simStreamAdapter = defineAdapter<SimStreamOptions>({
  type: 'sim-stream',
  description: 'SIMULATED streaming server (not icecast2), inside the agent process: endless filler bytes on its mount at bitsPerSec per listener, 503 beyond maxListeners; RelayFrom is stored and reported but never fetched.',
  roles: ['streaming-server'],
  params: {
    RelayFrom: relayFromParam("HOST:PORT/MOUNT this node would relay (icecast's syntax); stored and reported as relaying=1, but a simulation fetches nothing; empty for none"),
    maxListeners: maxListenersParam('listeners on the mount before new ones get 503; -1 is unlimited (lowering it keeps those connected)'),
  },
  options: parseSimStreamOptions,
  create: (options, ctx) => new SimStreamInstance(options, ctx),
});
