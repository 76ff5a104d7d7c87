import type * as grpc from '@grpc/grpc-js';
import type { Role } from '../credentials/certificate.js';
import { requireRole, type CredentialVerifier, type Principal } from '../credentials/verifier.js';
import { authenticate } from '../wire/auth.js';
import { toServiceError } from './wire-errors.js';

/** Roles per method of one service: a caller needs one of them; an empty list admits any pool member. */
export type RoleTable<M extends string = string> = Readonly<Record<M, readonly Role[]>>;

/** What a streaming call offers the guard (server and bidi streams both). */
type StreamCall = Pick<grpc.ServerWritableStream<unknown, unknown>, 'metadata' | 'emit'>;

/** Reports a refused call (the daemons log it; tests count it). */
export type RejectionHandler = (method: string, err: Error) => void;

/**
 * Authenticates every call of a service from its metadata and checks the role its method
 * needs (from the service's one RoleTable), then hands the handler the caller's Principal.
 * Handler errors go back as a status with their LAMA code.
 */
export class AuthGuard<M extends string> {
  constructor(readonly roles: RoleTable<M>, private readonly verifier: CredentialVerifier, private readonly onRejected?: RejectionHandler) {}

  /** The caller of method, or throws (CredentialError, PermissionError) after reporting the refusal. */
  check(method: M, metadata: grpc.Metadata): Principal {
    try {
      const p = authenticate(this.verifier, metadata);
      const roles = this.roles[method];
      // A loop, not requireRole's rest array: this runs on every registrar renewal.
      if (roles.length === 0) return p;
      for (const r of roles) if (p.roles.includes(r)) return p;
      requireRole(p, ...roles);
      return p;
    } catch (err) {
      this.onRejected?.(method, err as Error);
      throw err;
    }
  }

  /** A unary handler: fn may answer at once or with a promise. */
  unary<Req, Res>(method: M, fn: (p: Principal, req: Req) => Res | Promise<Res>): grpc.handleUnaryCall<Req, Res> {
    return (call, callback) => {
      let res: Res | Promise<Res>;
      try {
        res = fn(this.check(method, call.metadata), call.request);
      } catch (err) {
        callback(toServiceError(err) as grpc.ServiceError);
        return;
      }
      if (res instanceof Promise) res.then((v) => callback(null, v), (err: unknown) => callback(toServiceError(err) as grpc.ServiceError));
      else callback(null, res);
    };
  }

  /** A server- or bidi-streaming handler; what fn throws before returning ends the stream with its status. */
  stream<C extends StreamCall>(method: M, fn: (p: Principal, call: C) => void): (call: C) => void {
    return (call) => {
      try {
        fn(this.check(method, call.metadata), call);
      } catch (err) {
        call.emit('error', toServiceError(err));
      }
    };
  }
}
