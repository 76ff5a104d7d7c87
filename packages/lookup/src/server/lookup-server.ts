import { EventEmitter } from 'node:events';
import * as grpc from '@grpc/grpc-js';
import { HealthImplementation } from 'grpc-health-check';
import { ReflectionService } from '@grpc/reflection';
import type { Credential } from '../credentials/certificate.js';
import { CredentialVerifier, requireRole } from '../credentials/verifier.js';
import { Registrar, type Change } from '../registry/registrar.js';
import { systemClock, type Clock } from '../time/clock.js';
import { lookupPackage } from '../wire/proto.js';
import { registrarHandlers } from './registrar-service.js';

export const DEFAULT_LOOKUP_PORT = 4160;
export const REGISTRAR_SERVICE = 'lama.lookup.v1.Registrar';

export interface LookupServerOptions {
  /** This lookup service's credential; it must hold role 'lookup'. */
  credential: Credential;
  /** HOST:PORT to listen on; port 0 picks a free one. */
  listen: string;
  maxLeaseMs?: number;
  clock?: Clock;
}

/** Events: 'rejected' (method, error) for refused calls, 'change' (Change) for every registrar change. */
export interface LookupServerEvents {
  rejected: [method: string, err: Error];
  change: [change: Change];
}

/** The lookup service: a registrar served over gRPC with health and reflection. start()/stop(). */
export class LookupServer extends EventEmitter<LookupServerEvents> {
  readonly registrar: Registrar;
  readonly verifier: CredentialVerifier;
  private server: grpc.Server | undefined;
  private boundEndpoint: string | undefined;
  private readonly health = new HealthImplementation({ '': 'NOT_SERVING', [REGISTRAR_SERVICE]: 'NOT_SERVING' });

  constructor(private readonly options: LookupServerOptions) {
    super();
    const clock = options.clock ?? systemClock;
    this.verifier = new CredentialVerifier(options.credential.poolPublicKey, clock);
    // Refuse to serve with a credential the pool itself would refuse.
    requireRole(this.verifier.verifyToken(options.credential.token), 'lookup');
    this.registrar = new Registrar({ clock, maxLeaseMs: options.maxLeaseMs });
    this.registrar.changes.subscribe((c) => this.emit('change', c));
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
    server.addService(grpcObject.lama.lookup.v1.Registrar.service, registrarHandlers(this.registrar, this.verifier, {
      onRejected: (method, err) => this.emit('rejected', method, err),
    }));
    this.health.addToServer(server);
    new ReflectionService(definition).addToServer(server);
    const port = await new Promise<number>((resolve, reject) => {
      server.bindAsync(this.options.listen, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p)));
    });
    this.server = server;
    const host = this.options.listen.slice(0, this.options.listen.lastIndexOf(':'));
    this.boundEndpoint = `${host}:${port}`;
    this.health.setStatus('', 'SERVING');
    this.health.setStatus(REGISTRAR_SERVICE, 'SERVING');
    return this.boundEndpoint;
  }

  /** Stops serving; open streams are closed after a grace period of graceMs. */
  async stop(graceMs = 2000): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.registrar.close();
    if (!server) return;
    this.health.setStatus('', 'NOT_SERVING');
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => { server.forceShutdown(); resolve(); }, graceMs);
      server.tryShutdown(() => { clearTimeout(t); resolve(); });
    });
  }
}
