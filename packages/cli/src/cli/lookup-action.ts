import { resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { LookupServer, loadCredential, toB64u } from '@lama/lookup';
import { createLogger } from '../daemon/logger.js';
import { rejectionLogger } from '../daemon/rejection-log.js';
import { servePrometheus } from '../daemon/prometheus.js';
import { onShutdown } from '../daemon/shutdown.js';
import type { DiscoveryFlags } from './discovery-flags.js';
import { mdnsFromFlags } from './discovery-from-flags.js';

/** The lookup daemon's heap growth between full GCs, in percent of the live heap. */
const LOOKUP_HEAP_GROWING_PERCENT = 25;

/** The flags of `lama lookup`. */
export interface LookupFlags extends DiscoveryFlags {
  credential: string;
  listen: string;
  maxLeaseMs: number;
  announceIntervalMs: number;
  advertiseHost?: string;
  revocations?: string;
  maxItemsPerOwner: number;
  maxBytesPerOwner: number;
  prometheus?: string;
  logLevel: string;
}

/** Runs `lama lookup`. */
export async function runLookup(o: LookupFlags): Promise<void> {
  // A registrar's heap is mostly long-lived items, while every call leaves short-lived gRPC
  // garbage that a registration storm promotes; V8's default growth (up to 4x the live heap
  // between full GCs on a large machine) then held ~2.5x the live heap (451 MB RSS at 100,000
  // items). A fixed 1.25x keeps RSS near the live size for more frequent, mostly concurrent
  // full GCs, and the young generation stays at the size start-up gave it instead of
  // doubling to 32 MB. V8 reads both flags as it runs, so setting them here takes effect.
  setFlagsFromString(`--heap-growing-percent=${LOOKUP_HEAP_GROWING_PERCENT}`);
  setFlagsFromString('--semi-space-growth-factor=1');
  const log = createLogger('lama-lookup', o.logLevel);
  const credential = loadCredential(resolve(o.credential));
  const mdns = mdnsFromFlags(o);
  const server = new LookupServer({
    credential, listen: o.listen, maxLeaseMs: o.maxLeaseMs, groups: o.group, mdns,
    announceIntervalMs: o.announceIntervalMs, advertiseHost: o.advertiseHost, revocationsFile: o.revocations ? resolve(o.revocations) : undefined,
    maxItemsPerOwner: o.maxItemsPerOwner, maxBytesPerOwner: o.maxBytesPerOwner,
  });
  server.on('revocations', (version, serials) => log.warn({ version, serials }, 'credentials revoked'));
  const rejections = rejectionLogger(log);
  server.on('rejected', (method, err) => log.warn({ method, err: err.message }, 'call rejected'));
  server.on('discoveryRejected', (reason, message, from) => rejections.note(reason, message, from));
  server.on('change', (c) => {
    if (!c.after) log.info({ serviceId: c.serviceId, owner: c.before?.owner, reason: c.reason, revision: c.revision }, 'item removed');
    else if (!c.before) log.debug({ serviceId: c.serviceId, owner: c.after.owner, revision: c.revision }, 'item registered');
  });
  const prometheus = await servePrometheus(o.prometheus, '--prometheus', log, async (registry) => {
    const { registerLookupMetrics } = await import('@lama/lookup/prometheus');
    registerLookupMetrics(registry, () => server);
  });
  // Signal handlers go in before the ready line: whoever reads it may signal at once.
  onShutdown(log, async () => {
    rejections.stop();
    log.info({ discovery: server.discoveryStats }, 'discovery counters');
    await server.stop();
    await prometheus?.stop();
  });
  await server.start();
  log.info({
    endpoint: server.endpoint, serviceId: server.serviceId, registrarId: server.registrar.registrarId, groups: server.groups,
    multicast: mdns ? `${mdns.group}:${mdns.port} on ${mdns.interface ?? 'every interface'} ttl ${mdns.ttl}` : false,
    pool: toB64u(credential.poolPublicKey), credentialName: credential.certificate.name, maxLeaseMs: o.maxLeaseMs,
  }, 'lookup service listening');
}
