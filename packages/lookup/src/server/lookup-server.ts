import { EventEmitter } from 'node:events';
import { networkInterfaces } from 'node:os';
import * as grpc from '@grpc/grpc-js';
import { HealthImplementation } from 'grpc-health-check';
import { ReflectionService } from '@grpc/reflection';
import type { Credential } from '../credentials/certificate.js';
import { CredentialVerifier, requireRole } from '../credentials/verifier.js';
import { Registrar, type Change } from '../registry/registrar.js';
import { systemClock, type Clock } from '../time/clock.js';
import { lookupPackage } from '../wire/proto.js';
import { fastRegistrarDefinition } from '../wire/fast-encode.js';
import { checkGroup } from '../discovery/dns-sd.js';
import { LookupAnnouncer, lookupServiceId, type AnnouncerStats } from '../discovery/lookup-announcer.js';
import type { MdnsOptions } from '../discovery/mdns-transport.js';
import type { RejectReason } from '../discovery/signed-fields.js';
import { registrarHandlers } from './registrar-service.js';

import { DEFAULT_ANNOUNCE_INTERVAL_MS, DEFAULT_LOOKUP_PORT } from '../constants.js';

export { DEFAULT_ANNOUNCE_INTERVAL_MS, DEFAULT_LOOKUP_PORT };

/**
 * The host to put in an endpoint others will dial: the listen host itself, unless that is a
 * wildcard; then advertiseHost, else the mDNS interface, else the first non-internal IPv4.
 */
export function advertisedHost(host: string, advertiseHost?: string, mdnsInterface?: string): string {
  if (host !== '0.0.0.0' && host !== '::' && host !== '[::]') return host;
  if (advertiseHost) return advertiseHost;
  if (mdnsInterface) return mdnsInterface;
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '127.0.0.1';
}
export const REGISTRAR_SERVICE = 'lama.lookup.v1.Registrar';

export interface LookupServerOptions {
  /** This lookup service's credential; it must hold role 'lookup'. */
  credential: Credential;
  /** HOST:PORT to listen on; port 0 picks a free one. */
  listen: string;
  maxLeaseMs?: number;
  clock?: Clock;
  /** Groups this lookup service serves (default: ['default']). */
  groups?: string[];
  /** Multicast discovery options; false (the default) serves unicast Discover only. */
  mdns?: MdnsOptions | false;
  /** Announcement interval in ms (default 10 s). */
  announceIntervalMs?: number;
  /** Host to advertise when listening on a wildcard address (default: the mDNS interface, else the first non-internal IPv4). */
  advertiseHost?: string;
  /** More gRPC services to serve on the same address (the grand agent's API); health reports each by name. */
  services?: ExtraService[];
}

/** A gRPC service served beside the registrar. */
export interface ExtraService {
  /** Full service name, e.g. lama.grand.v1.Grand (its health status key). */
  name: string;
  definition: grpc.ServiceDefinition;
  handlers: grpc.UntypedServiceImplementation;
}

/** Events: 'rejected' (method, error) for refused calls, 'change' (Change) for every registrar change. */
export interface LookupServerEvents {
  rejected: [method: string, err: Error];
  change: [change: Change];
  discoveryRejected: [reason: RejectReason, message: string, from: string];
}

/** The lookup service: a registrar served over gRPC with health and reflection. start()/stop(). */
export class LookupServer extends EventEmitter<LookupServerEvents> {
  readonly registrar: Registrar;
  readonly verifier: CredentialVerifier;
  private server: grpc.Server | undefined;
  private boundEndpoint: string | undefined;
  private readonly health = new HealthImplementation({ '': 'NOT_SERVING', [REGISTRAR_SERVICE]: 'NOT_SERVING' });
  private announcer: LookupAnnouncer | undefined;
  private readonly clock: Clock;
  readonly groups: string[];

  constructor(private readonly options: LookupServerOptions) {
    super();
    const clock = options.clock ?? systemClock;
    this.clock = clock;
    this.groups = (options.groups?.length ? options.groups : ['default']).map(checkGroup);
    this.verifier = new CredentialVerifier(options.credential.poolPublicKey, clock);
    // Refuse to serve with a credential the pool itself would refuse.
    requireRole(this.verifier.verifyToken(options.credential.token), 'lookup');
    this.registrar = new Registrar({ clock, maxLeaseMs: options.maxLeaseMs });
    this.registrar.changes.subscribe((c) => this.emit('change', c));
  }

  /** The lookup service's own service ID (stable for one credential and endpoint), after start(). */
  get serviceId(): string {
    return lookupServiceId(this.options.credential.certificate.serial, this.endpoint);
  }

  /** Discovery counters (queries answered, rejections by reason), after start(). */
  get discoveryStats(): AnnouncerStats | undefined {
    return this.announcer?.stats;
  }

  /** HOST:PORT actually bound, after start(). */
  get endpoint(): string {
    if (!this.boundEndpoint) throw new Error('lookup server not started');
    return this.boundEndpoint;
  }

  /** Binds and serves; resolves with the bound HOST:PORT. */
  async start(): Promise<string> {
    const { definition, grpcObject } = lookupPackage();
    const server = new grpc.Server({ 'grpc.max_concurrent_streams': 100_000 });
    // Lookup and Watch responses reuse each item's encoded bytes (same wire bytes as the generic encoder).
    server.addService(fastRegistrarDefinition(grpcObject.lama.lookup.v1.Registrar.service), registrarHandlers(this.registrar, this.verifier, {
      onRejected: (method, err) => this.emit('rejected', method, err),
      discover: (nonce) => {
        if (!this.announcer) throw new Error('lookup server not started');
        return this.announcer.fields('answer', nonce);
      },
    }));
    for (const extra of this.options.services ?? []) server.addService(extra.definition, extra.handlers);
    this.health.addToServer(server);
    new ReflectionService(definition).addToServer(server);
    const port = await new Promise<number>((resolve, reject) => {
      server.bindAsync(this.options.listen, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p)));
    });
    this.server = server;
    const host = this.options.listen.slice(0, this.options.listen.lastIndexOf(':'));
    this.boundEndpoint = `${advertisedHost(host, this.options.advertiseHost, this.options.mdns ? this.options.mdns.interface : undefined)}:${port}`;
    const credential = this.options.credential;
    this.announcer = new LookupAnnouncer({
      credential, verifier: this.verifier, mdns: this.options.mdns ?? false, groups: this.groups, endpoint: this.boundEndpoint,
      serviceId: lookupServiceId(credential.certificate.serial, this.boundEndpoint), bootId: this.registrar.registrarId,
      announceIntervalMs: this.options.announceIntervalMs ?? DEFAULT_ANNOUNCE_INTERVAL_MS, clock: this.clock,
    });
    this.announcer.on('rejected', (reason, message, from) => this.emit('discoveryRejected', reason, message, from));
    await this.announcer.start();
    this.health.setStatus('', 'SERVING');
    this.health.setStatus(REGISTRAR_SERVICE, 'SERVING');
    for (const extra of this.options.services ?? []) this.health.setStatus(extra.name, 'SERVING');
    return this.boundEndpoint;
  }

  /** Stops serving; open streams are closed after a grace period of graceMs. */
  async stop(graceMs = 2000): Promise<void> {
    await this.announcer?.stop();
    this.announcer = undefined;
    const server = this.server;
    this.server = undefined;
    this.registrar.close();
    if (!server) return;
    this.health.setStatus('', 'NOT_SERVING');
    for (const extra of this.options.services ?? []) this.health.setStatus(extra.name, 'NOT_SERVING');
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => { server.forceShutdown(); resolve(); }, graceMs);
      server.tryShutdown(() => { clearTimeout(t); resolve(); });
    });
  }
}
