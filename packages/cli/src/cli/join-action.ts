import { resolve } from 'node:path';
import { NAME_ENTRY, PoolMember, ROLE_ENTRY, loadCredential, type Entry } from '@lama/lookup/member';
import { createLogger } from '../daemon/logger.js';
import { onShutdown } from '../daemon/shutdown.js';
import type { DiscoveryFlags } from './discovery-flags.js';
import { discoveryOptionsFromFlags } from './discovery-from-flags.js';

/** The flags of `lama join`. */
export interface JoinFlags extends DiscoveryFlags {
  credential: string;
  name?: string;
  role?: string[];
  endpoint?: string;
  type: string[];
  attr?: Entry[];
  leaseMs: number;
  logLevel: string;
}

/** Runs `lama join`. */
export async function runJoin(f: JoinFlags): Promise<void> {
  const log = createLogger('lama-join', f.logLevel);
  const credential = loadCredential(resolve(f.credential));
  const where = discoveryOptionsFromFlags(f);
  const name = f.name ?? credential.certificate.name;
  const attributes: Entry[] = [
    { type: NAME_ENTRY, fields: { name } },
    ...(f.role ?? []).flatMap((r) => r.split(',')).map((role) => ({ type: ROLE_ENTRY, fields: { role } })),
    ...(f.attr ?? []),
  ];
  const join = new PoolMember({ credential, ...where, leaseMs: f.leaseMs, item: { serviceTypes: f.type.length ? f.type : ['lama.Service'], endpoint: f.endpoint ?? '', attributes } });
  join.on('lookup', (e) => log.info({ lookup: e.lookup.name, endpoint: e.lookup.endpoint, source: e.lookup.source, ...(e.type === 'discarded' ? { reason: e.reason } : {}) }, `lookup service ${e.type}`));
  join.on('rejected', (reason, message) => log.debug({ reason, err: message }, 'discovery packet rejected'));
  join.on('registered', (l, leaseId) => log.info({ lookup: l.name, endpoint: l.endpoint, serviceId: join.serviceId, leaseId }, 'registered'));
  join.on('lost', (l, reason) => log.warn({ lookup: l.name, reason }, 'registration lost'));
  join.on('failed', (l, err) => log.debug({ lookup: l.name, err: err.message }, 'registration attempt failed'));
  onShutdown(log, () => join.stop());
  log.info({ node: name, serviceId: join.serviceId }, 'joining');
  await join.start();
}
