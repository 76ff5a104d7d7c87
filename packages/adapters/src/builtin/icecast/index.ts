import { defineAdapter } from '../../sdk/adapter.js';
import { IcecastInstance } from './icecast-instance.js';
import { parseIcecastOptions, type IcecastOptions } from './options.js';
import { maxListenersParam, relayFromParam } from '../streaming-server.js';

export type { IcecastOptions } from './options.js';

/** Drives Debian's icecast2: a private config, health-checked start, stats, relays and limits by SIGHUP. */
export const icecastAdapter = defineAdapter<IcecastOptions>({
  type: 'icecast',
  description: 'Runs icecast2 with a private config; Status from /admin/stats (listeners, sources, bits/s); Set RelayFrom and client limits, applied by SIGHUP.',
  roles: ['streaming-server'],
  params: {
    RelayFrom: relayFromParam('HOST:PORT/MOUNT of a stream to relay under the same mount; empty stops relaying (applied by SIGHUP)'),
    clients: {
      type: 'integer', min: 2, max: 1_000_000,
      description: "icecast's <clients> limit: listeners, sources, relays and the adapter's own stats requests together",
    },
    maxListeners: maxListenersParam('listeners per mount; -1 is unlimited'),
  },
  options: parseIcecastOptions,
  create: (options, ctx) => new IcecastInstance(options, ctx),
});
