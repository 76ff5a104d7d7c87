import * as grpc from '@grpc/grpc-js';
import { Observable } from '../rx.js';
import type { Credential } from '../credentials/certificate.js';
import type { Clock } from '../time/clock.js';
import { ANY_SERVER, credentialInterceptor } from '../wire/auth.js';
import { channelCredentials, defaultTransport, type PeerExpectation, type Transport } from './transport-security.js';
import { fromServiceError, toServiceError } from './wire-errors.js';

export interface RpcClientOptions {
  /** HOST:PORT of the server. */
  endpoint: string;
  credential: Credential;
  clock?: Clock;
  /** Deadline of unary calls in ms. */
  timeoutMs?: number;
  /** Extra channel options. */
  channelOptions?: grpc.ChannelOptions;
  /** Who the client means to reach; over TLS a peer that is not this is refused before any request. */
  expect?: PeerExpectation;
  /** Mutual TLS (the default, see defaultTransport) or plaintext on loopback. */
  transport?: Transport;
}

/** A generated client class (proto-loader's service constructor). */
export type WireClientClass<W extends grpc.Client> = new (address: string, credentials: grpc.ChannelCredentials, options?: grpc.ClientOptions) => W;

type UnaryMethod<Req, Res> = (req: Req, options: grpc.CallOptions, cb: (err: grpc.ServiceError | null, value?: Res) => void) => unknown;

/**
 * Base of every LAMA client: one channel to one endpoint that presents the credential on
 * every call; unary calls with a deadline as promises, server streams as Observables; failed
 * calls reject with the typed error the server sent (see fromServiceError).
 */
export class RpcClient<W extends grpc.Client> {
  protected readonly wire: W;
  protected readonly timeoutMs: number;
  readonly endpoint: string;

  constructor(Wire: WireClientClass<W>, o: RpcClientOptions, defaultTimeoutMs = 10_000) {
    this.endpoint = o.endpoint;
    this.timeoutMs = o.timeoutMs ?? defaultTimeoutMs;
    const transport = o.transport ?? defaultTransport();
    let secured: ReturnType<typeof channelCredentials>;
    try {
      secured = channelCredentials(o.credential, transport, o.endpoint, o.expect);
    } catch (err) {
      // An unusable credential (expired, key mismatch, no X.509) fails every call with its
      // reason, as a refusal from the server would, and nothing is sent anywhere.
      this.wire = new Wire(o.endpoint, grpc.credentials.createInsecure(), { interceptors: [refuseAll(err)] });
      return;
    }
    this.wire = new Wire(o.endpoint, secured.credentials, {
      ...secured.options,
      // Plaintext only: the credential travels with each call, bound to the server meant.
      ...(transport === 'plaintext' ? { interceptors: [credentialInterceptor(o.credential, o.expect?.name ?? ANY_SERVER, o.clock)] } : {}),
      ...o.channelOptions,
    });
  }

  /** Calls a unary method with the client's deadline. */
  protected unary<Res, Req = object>(method: keyof W & string, request: Req): Promise<Res> {
    return new Promise((resolve, reject) => {
      const fn = this.wire[method] as unknown as UnaryMethod<Req, Res>;
      fn.call(this.wire, request, { deadline: Date.now() + this.timeoutMs }, (err, value) => (err ? reject(fromServiceError(err)) : resolve(value as Res)));
    });
  }

  /** A server stream as an Observable: opened on subscribe, cancelled on unsubscribe. */
  protected serverStream<T, R = T>(open: () => grpc.ClientReadableStream<T>, map?: (value: T) => R): Observable<R> {
    return new Observable<R>((subscriber) => {
      const call = open();
      call.on('data', (v: T) => subscriber.next(map ? map(v) : (v as unknown as R)));
      call.on('error', (err: grpc.ServiceError) => {
        if (err.code !== grpc.status.CANCELLED) subscriber.error(fromServiceError(err));
      });
      call.on('end', () => subscriber.complete());
      return () => call.cancel();
    });
  }

  /** Closes the channel. */
  close(): void {
    this.wire.close();
  }
}

// Ends every call at once with the error's status and code, without touching the network.
function refuseAll(err: unknown): grpc.Interceptor {
  const { code, details, metadata } = toServiceError(err);
  return (options, nextCall) => new grpc.InterceptingCall(nextCall(options), {
    start(_metadata, listener) {
      queueMicrotask(() => listener.onReceiveStatus({ code: code ?? grpc.status.INTERNAL, details: details ?? '', metadata: metadata ?? new grpc.Metadata() }));
    },
    sendMessage() {},
    halfClose() {},
  });
}
