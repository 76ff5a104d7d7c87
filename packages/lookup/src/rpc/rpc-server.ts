import * as grpc from '@grpc/grpc-js';
import type { PackageDefinition } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { HealthImplementation } from 'grpc-health-check';
import type { Credential } from '../credentials/certificate.js';
import { NotStartedError } from '../errors.js';
import { advertisedHost } from './advertised-host.js';
import { defaultTransport, markTlsCall, serverCredentials, type Transport } from './transport-security.js';
import { withRequestDigests } from './request-digest.js';


/** One gRPC service to serve; health reports it by name. */
export interface RpcService {
  /** Full service name, e.g. lama.agent.v1.Agent (its health status key). */
  name: string;
  definition: grpc.ServiceDefinition;
  handlers: grpc.UntypedServiceImplementation;
}

export interface RpcServerOptions {
  /** The server's credential (transport security is chosen from it). */
  credential: Credential;
  /** HOST:PORT to listen on; port 0 picks a free one. */
  listen: string;
  services: RpcService[];
  /** Proto packages reflection describes (default: none, no reflection service). */
  reflection?: PackageDefinition[];
  /** Extra grpc-js server options. */
  serverOptions?: grpc.ServerOptions;
  /** Host to advertise when listening on a wildcard address (see advertisedHost). */
  advertiseHost?: string;
  mdnsInterface?: string;
  /** How long stop() lets open calls finish before cutting them (default 2 s). */
  graceMs?: number;
  /** Mutual TLS (the default, see defaultTransport) or plaintext on loopback. */
  transport?: Transport;
}

/**
 * A gRPC server with health and reflection: start() binds and serves, resolving with the
 * endpoint to advertise; stop() refuses new calls, lets open ones finish for a grace period,
 * then cuts them. Both are idempotent.
 */
export class RpcServer {
  private readonly health: HealthImplementation;
  private server: grpc.Server | undefined;
  private starting: Promise<string> | undefined;
  private stopping: Promise<void> | undefined;
  private bound: string | undefined;

  constructor(private readonly o: RpcServerOptions) {
    this.health = new HealthImplementation(Object.fromEntries(['', ...o.services.map((s) => s.name)].map((n) => [n, 'NOT_SERVING'])));
  }

  /** HOST:PORT to dial, after start(). */
  get endpoint(): string {
    if (!this.bound) throw new NotStartedError('gRPC server not started');
    return this.bound;
  }

  /** Binds, serves, and resolves with the advertised HOST:PORT. */
  start(): Promise<string> {
    this.starting ??= this.bind();
    return this.starting;
  }

  private async bind(): Promise<string> {
    const transport = this.o.transport ?? defaultTransport();
    const credentials = serverCredentials(this.o.credential, transport, this.o.listen);
    const server = new grpc.Server(this.o.serverOptions);
    for (const s of this.o.services) {
      if (transport === 'plaintext') server.addService(withRequestDigests(s.definition), s.handlers);
      else server.addService(s.definition, markedTls(s.handlers));
    }
    this.health.addToServer(server);
    if (this.o.reflection?.length) new ReflectionService(Object.assign({}, ...this.o.reflection) as PackageDefinition).addToServer(server);
    const listen = this.o.listen;
    const port = await new Promise<number>((resolve, reject) => {
      server.bindAsync(listen, credentials, (err, p) => (err ? reject(err) : resolve(p)));
    });
    this.server = server;
    this.bound = `${advertisedHost(listen.slice(0, listen.lastIndexOf(':')), this.o.advertiseHost, this.o.mdnsInterface)}:${port}`;
    this.setServing(true);
    return this.bound;
  }

  /** Sets every service's health status. */
  setServing(serving: boolean): void {
    const status = serving ? 'SERVING' : 'NOT_SERVING';
    this.health.setStatus('', status);
    for (const s of this.o.services) this.health.setStatus(s.name, status);
  }

  /** Stops serving: open calls get graceMs (default: the option's) to finish, then are cut. */
  stop(graceMs = this.o.graceMs ?? 2000): Promise<void> {
    if (!this.starting) return Promise.resolve();
    this.stopping ??= this.shutdown(this.starting, graceMs);
    return this.stopping;
  }

  private async shutdown(starting: Promise<string>, graceMs: number): Promise<void> {
    await starting.catch(() => undefined);
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    this.setServing(false);
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => { server.forceShutdown(); resolve(); }, graceMs);
      server.tryShutdown(() => { clearTimeout(t); resolve(); });
    });
  }
}

// Every call on a TLS server is marked before its handler runs: the guard then takes the
// caller only from the verified peer certificate, never from headers.
function markedTls(handlers: grpc.UntypedServiceImplementation): grpc.UntypedServiceImplementation {
  const out: grpc.UntypedServiceImplementation = {};
  for (const [name, h] of Object.entries(handlers)) {
    out[name] = ((call: object, ...rest: unknown[]) => {
      markTlsCall(call);
      return (h as (...args: unknown[]) => unknown)(call, ...rest);
    }) as grpc.UntypedHandleCall;
  }
  return out;
}
