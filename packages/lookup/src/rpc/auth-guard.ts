import type * as grpc from '@grpc/grpc-js';
import type { Role } from '../credentials/certificate.js';
import { requireRole, type CredentialVerifier, type Principal } from '../credentials/verifier.js';
import { CredentialError, LimitError } from '../errors.js';
import type { Timer } from '../time/clock.js';
import { ANY_SERVER, AUDIENCE_HEADER, CERT_HEADER, PROOF_HEADER, header } from '../wire/auth.js';
import { digestOf } from './request-digest.js';
import { isTlsCall } from './transport-security.js';
import { toServiceError } from './wire-errors.js';
import { DEFAULT_LIMITS, currentLimits } from './limits.js';

/** Roles per method of one service: a caller needs one of them; an empty list admits any pool member. */
export type RoleTable<M extends string = string> = Readonly<Record<M, readonly Role[]>>;

/** What the guard reads of a call (unary, server and bidi streams alike). */
type GuardedCall = Pick<grpc.ServerUnaryCall<unknown, unknown>, 'metadata' | 'getAuthContext' | 'getPath' | 'getPeer'> & { request?: unknown };
/** What a streaming call offers the guard (server and bidi streams both). */
type StreamCall = GuardedCall & {
  emit(event: 'error', err: unknown): boolean;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
};

/** Reports a refused call (the daemons log it; tests count it). */
export type RejectionHandler = (method: string, err: Error) => void;

export interface GuardOptions<M extends string> {
  /** This server's credential name: the audience a plaintext call proof must name. */
  serverName: string;
  onRejected?: RejectionHandler;
  /** Methods a plaintext caller may address to any server of the pool (Discover: it does not know the name yet). */
  anyServer?: readonly M[];
  /** Open streams allowed per credential and per connection (default: currentLimits()). */
  streamLimits?: { perCredential: number; perConnection: number };
  /** Request metadata allowed, in bytes (default: currentLimits()). */
  maxMetadataBytes?: number;
}

/** Request metadata a server accepts by default, in bytes of keys and values. */
export const MAX_METADATA_BYTES = DEFAULT_LIMITS.maxMetadataBytes;

/** Open streams (Watch, WatchStatus, KeepAlive, WatchAlerts) a server allows each credential and each connection by default. */
export const STREAM_LIMITS = { perCredential: DEFAULT_LIMITS.maxStreamsPerCredential, perConnection: DEFAULT_LIMITS.maxStreamsPerConnection } as const;

// setTimeout holds at most 2^31-1 ms; a longer validity re-arms.
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Authenticates every call of a service and checks the role its method needs (from the
 * service's one RoleTable), then hands the handler the caller's Principal. Over TLS the
 * caller is the peer certificate the handshake verified; in the plaintext mode, the
 * credential and a proof bound to this server, the method and the request. Open streams
 * end when their credential expires or is revoked. Handler errors go back as a status with
 * their LAMA code.
 */
export class AuthGuard<M extends string> {
  private readonly anyServer: ReadonlySet<string>;
  private readonly open = new Set<{ principal: Principal; end: (err: Error) => void }>();
  private readonly perCredential = new Map<string, number>();
  private readonly perConnection = new Map<string, number>();
  private readonly limits: { perCredential: number; perConnection: number };
  private readonly maxMetadataBytes: number;

  constructor(readonly roles: RoleTable<M>, private readonly verifier: CredentialVerifier, private readonly o: GuardOptions<NoInfer<M>>) {
    this.anyServer = new Set(o.anyServer ?? []);
    const limits = currentLimits();
    this.limits = o.streamLimits ?? { perCredential: limits.maxStreamsPerCredential, perConnection: limits.maxStreamsPerConnection };
    this.maxMetadataBytes = o.maxMetadataBytes ?? limits.maxMetadataBytes;
    verifier.revocations.on('revoked', (serials) => {
      for (const s of this.open) if (serials.includes(s.principal.serial)) s.end(new CredentialError(`credential '${s.principal.name}' (serial ${s.principal.serial}) was revoked`));
    });
  }

  /** The caller of method, or throws (CredentialError, PermissionError) after reporting the refusal. */
  check(method: M, call: GuardedCall): Principal {
    try {
      const size = metadataBytes(call.metadata);
      // grpc-js would take some 64 KB of headers; nothing LAMA sends is near 8 KB.
      if (size > this.maxMetadataBytes) throw new LimitError(`request metadata is ${size} bytes; the limit is ${this.maxMetadataBytes}`);
      const p = this.authenticate(method, call);
      const roles = this.roles[method];
      // A loop, not requireRole's rest array: this runs on every registrar renewal.
      if (roles.length === 0) return p;
      for (const r of roles) if (p.roles.includes(r)) return p;
      requireRole(p, ...roles);
      return p;
    } catch (err) {
      this.o.onRejected?.(method, err as Error);
      throw err;
    }
  }

  private authenticate(method: M, call: GuardedCall): Principal {
    if (isTlsCall(call)) {
      // grpc-js hands over the certificate only when OpenSSL verified it against the pool CA.
      const peer = call.getAuthContext().sslPeerCertificate;
      if (!peer) throw new CredentialError('no client certificate issued by this pool (none presented, or expired, forged or from another pool)');
      return this.verifier.authenticatePeer(peer);
    }
    const token = header(call.metadata, CERT_HEADER);
    if (!token) throw new CredentialError('no LAMA credential presented');
    const principal = this.verifier.verifyToken(token);
    const proof = header(call.metadata, PROOF_HEADER);
    if (!proof) throw new CredentialError('no proof of possession presented with the credential');
    const server = header(call.metadata, AUDIENCE_HEADER) ?? '';
    if (server !== this.o.serverName && !(server === ANY_SERVER && this.anyServer.has(method))) {
      throw new CredentialError(`call meant for '${server}' reached '${this.o.serverName}'`);
    }
    this.verifier.verifyCallProof(principal, proof, { server, method: call.getPath(), request: digestOf(call.request) });
    return principal;
  }

  /** Throws when a principal admitted earlier has since expired or been revoked (per message on streams). */
  recheck(p: Principal): void {
    this.verifier.checkValidity(p);
  }

  /** A unary handler: fn may answer at once or with a promise. */
  unary<Req, Res>(method: M, fn: (p: Principal, req: Req) => Res | Promise<Res>): grpc.handleUnaryCall<Req, Res> {
    return (call, callback) => {
      let res: Res | Promise<Res>;
      try {
        res = fn(this.check(method, call), call.request);
      } catch (err) {
        callback(toServiceError(err) as grpc.ServiceError);
        return;
      }
      if (res instanceof Promise) res.then((v) => callback(null, v), (err: unknown) => callback(toServiceError(err) as grpc.ServiceError));
      else callback(null, res);
    };
  }

  /** A server- or bidi-streaming handler; it ends with UNAUTHENTICATED when its credential expires or is revoked. */
  stream<C extends StreamCall>(method: M, fn: (p: Principal, call: C) => void): (call: C) => void {
    return (call) => {
      let p: Principal;
      let uncount: () => void;
      try {
        p = this.check(method, call);
        uncount = this.admit(p, call.getPeer());
      } catch (err) {
        call.emit('error', toServiceError(err));
        return;
      }
      this.track(p, call, uncount);
      try {
        fn(p, call);
      } catch (err) {
        call.emit('error', toServiceError(err));
      }
    };
  }

  // Counts an open stream against its credential and its connection (refusing past the
  // limits); returns what takes it off the counts again.
  private admit(p: Principal, peer: string): () => void {
    const byCredential = this.perCredential.get(p.serial) ?? 0;
    const byConnection = this.perConnection.get(peer) ?? 0;
    if (byCredential >= this.limits.perCredential) {
      throw new LimitError(`credential '${p.name}' already has ${byCredential} open streams on this server; the limit is ${this.limits.perCredential}`);
    }
    if (byConnection >= this.limits.perConnection) throw new LimitError(`connection ${peer} already has ${byConnection} open streams; the limit is ${this.limits.perConnection}`);
    this.perCredential.set(p.serial, byCredential + 1);
    this.perConnection.set(peer, byConnection + 1);
    return () => {
      decrement(this.perCredential, p.serial);
      decrement(this.perConnection, peer);
    };
  }

  // Follows an admitted stream until it ends: closes it at notAfter or on revocation, and
  // releases its counts, timer and entry exactly once whichever way it ends.
  private track(principal: Principal, call: StreamCall, uncount: () => void): void {
    let timer: Timer | undefined;
    let released = false;
    const entry = {
      principal,
      end: (err: Error): void => {
        release();
        this.o.onRejected?.(call.getPath(), err);
        call.emit('error', toServiceError(err));
      },
    };
    const clock = this.verifier.clock;
    const arm = (): void => {
      const left = principal.notAfter - clock.now();
      timer = left > MAX_TIMER_MS
        ? clock.setTimer(arm, MAX_TIMER_MS)
        : clock.setTimer(() => entry.end(new CredentialError(`credential '${principal.name}' expired at ${new Date(principal.notAfter).toISOString()}`)), left + 1);
    };
    const release = (): void => {
      if (released) return;
      released = true;
      timer?.cancel();
      this.open.delete(entry);
      uncount();
    };
    this.open.add(entry);
    arm();
    for (const e of ['close', 'cancelled', 'error', 'finish']) call.on(e, release);
  }
}

function decrement(map: Map<string, number>, key: string): void {
  const n = (map.get(key) ?? 1) - 1;
  if (n <= 0) map.delete(key);
  else map.set(key, n);
}

function metadataBytes(md: grpc.Metadata): number {
  let n = 0;
  for (const [k, v] of Object.entries(md.getMap())) n += k.length + (typeof v === 'string' ? v.length : v.byteLength);
  return n;
}
