import { EventEmitter } from 'node:events';
import type * as grpc from '@grpc/grpc-js';
import type { Credential } from '../credentials/certificate.js';
import { CredentialVerifier, requireRole } from '../credentials/verifier.js';
import { NotStartedError } from '../errors.js';
import { Registrar, type Change } from '../registry/registrar.js';
import { RpcServer, type RpcService } from '../rpc/rpc-server.js';
import { systemClock, type Clock } from '../time/clock.js';
import { lookupPackage } from '../wire/proto.js';
import { fastRegistrarDefinition } from '../wire/fast-encode.js';
import { checkGroup } from '../vocabulary/group.js';
import { LookupAnnouncer, lookupServiceId, type AnnouncerStats } from '../discovery/lookup-announcer.js';
import type { MdnsOptions } from '../discovery/mdns-transport.js';
import type { RejectReason } from '../discovery/signed-fields.js';
import { registrarHandlers } from './registrar-service.js';
import { RevocationFile } from './revocation-file.js';
import type { Transport } from '../rpc/transport-security.js';

import { DEFAULT_ANNOUNCE_INTERVAL_MS, DEFAULT_LOOKUP_PORT } from '../constants.js';

export { DEFAULT_ANNOUNCE_INTERVAL_MS, DEFAULT_LOOKUP_PORT };
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
  /** A signed revocation list file (lama keys revoke writes one): loaded at start, re-read when it changes, rewritten when a controller publishes a newer list. */
  revocationsFile?: string;
  /** Mutual TLS (the default) or plaintext on loopback. */
  transport?: Transport;
  /** Most items and bytes of items one credential may hold (default DEFAULT_OWNER_LIMITS). */
  maxItemsPerOwner?: number;
  maxBytesPerOwner?: number;
}

/** A gRPC service served beside the registrar. */
export type ExtraService = RpcService;

/** Events: 'rejected' (method, error) for refused calls, 'change' (Change) for every registrar change. */
export interface LookupServerEvents {
  rejected: [method: string, err: Error];
  change: [change: Change];
  /** A newer revocation list was taken (from the file or from a controller). */
  revocations: [version: number, serials: string[]];
  discoveryRejected: [reason: RejectReason, message: string, from: string];
}

/** The lookup service: a registrar served over gRPC with health and reflection. start()/stop(). */
export class LookupServer extends EventEmitter<LookupServerEvents> {
  readonly registrar: Registrar;
  readonly verifier: CredentialVerifier;
  private server: RpcServer | undefined;
  private starting: Promise<void> | undefined;
  private boundEndpoint: string | undefined;
  private announcer: LookupAnnouncer | undefined;
  private revocationFile: RevocationFile | undefined;
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
    this.registrar = new Registrar({ clock, maxLeaseMs: options.maxLeaseMs, maxItemsPerOwner: options.maxItemsPerOwner, maxBytesPerOwner: options.maxBytesPerOwner });
    this.registrar.changes.subscribe((c) => this.emit('change', c));
    this.verifier.revocations.on('revoked', (serials) => this.emit('revocations', this.verifier.revocations.version, serials));
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
    if (!this.boundEndpoint) throw new NotStartedError('lookup server not started');
    return this.boundEndpoint;
  }

  /** Binds, serves and announces; the bound HOST:PORT is then `endpoint`. A second call does nothing. */
  start(): Promise<void> {
    this.starting ??= this.serve();
    return this.starting;
  }

  private async serve(): Promise<void> {
    const { definition, grpcObject } = lookupPackage();
    // Lookup and Watch responses reuse each item's encoded bytes (same wire bytes as the generic encoder).
    const registrar: RpcService = {
      name: REGISTRAR_SERVICE,
      definition: fastRegistrarDefinition(grpcObject.lama.lookup.v1.Registrar.service),
      handlers: registrarHandlers(this.registrar, this.verifier, {
        serverName: this.options.credential.certificate.name,
        onRejected: (method, err) => this.emit('rejected', method, err),
        onRevocations: (signed) => this.revocationFile?.write(signed),
        discover: (nonce) => {
          if (!this.announcer) throw new NotStartedError('lookup server not started');
          return this.announcer.fields('answer', nonce);
        },
      }) as grpc.UntypedServiceImplementation,
    };
    if (this.options.revocationsFile) {
      this.revocationFile = new RevocationFile(this.options.revocationsFile, this.verifier.revocations);
      this.revocationFile.start();
    }
    const server = new RpcServer({
      transport: this.options.transport, credential: this.options.credential, listen: this.options.listen, services: [registrar, ...(this.options.services ?? [])],
      reflection: [definition], serverOptions: { 'grpc.max_concurrent_streams': 100_000 },
      advertiseHost: this.options.advertiseHost, mdnsInterface: this.options.mdns ? this.options.mdns.interface : undefined,
    });
    this.server = server;
    this.boundEndpoint = await server.start();
    const credential = this.options.credential;
    this.announcer = new LookupAnnouncer({
      credential, verifier: this.verifier, mdns: this.options.mdns ?? false, groups: this.groups, endpoint: this.boundEndpoint,
      serviceId: lookupServiceId(credential.certificate.serial, this.boundEndpoint), bootId: this.registrar.registrarId,
      announceIntervalMs: this.options.announceIntervalMs ?? DEFAULT_ANNOUNCE_INTERVAL_MS, clock: this.clock,
    });
    this.announcer.on('rejected', (reason, message, from) => this.emit('discoveryRejected', reason, message, from));
    await this.announcer.start();
  }

  /** Stops serving; open streams are closed after a grace period of graceMs. */
  async stop(graceMs = 2000): Promise<void> {
    this.revocationFile?.stop();
    await this.announcer?.stop();
    this.announcer = undefined;
    this.registrar.close();
    await this.server?.stop(graceMs);
  }
}
