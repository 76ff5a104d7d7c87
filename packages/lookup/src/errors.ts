import type { RejectReason } from './discovery/signed-fields.js';

/** Base class: every LAMA error has a stable `code` that callers can switch on. */
export class LamaError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A credential that is missing, malformed, forged, expired or from another pool. */
export class CredentialError extends LamaError {
  constructor(message: string) {
    super('ERR_CREDENTIAL', message);
  }
}

/** The caller is authenticated but lacks the role or ownership the operation needs. */
export class PermissionError extends LamaError {
  constructor(message: string) {
    super('ERR_PERMISSION', message);
  }
}

/** Input that breaks a documented rule or limit. */
export class InvalidArgumentError extends LamaError {
  constructor(message: string) {
    super('ERR_INVALID_ARGUMENT', message);
  }
}

/** A lease the registrar does not hold (never granted, expired or cancelled). */
export class UnknownLeaseError extends LamaError {
  constructor(leaseId: string) {
    super('ERR_UNKNOWN_LEASE', `UNKNOWN_LEASE: lease ${leaseId} is not held by this registrar (expired, cancelled or never granted)`);
  }
}

/** A service ID the registrar does not hold. */
export class UnknownServiceError extends LamaError {
  constructor(serviceId: string) {
    super('ERR_UNKNOWN_SERVICE', `UNKNOWN_SERVICE: no registration with service ID ${serviceId}`);
  }
}

/** A documented limit was reached (gRPC RESOURCE_EXHAUSTED). */
export class LimitError extends LamaError {
  constructor(message: string) {
    super('ERR_LIMIT', message);
  }
}

/** A discovery message that is refused; `reason` is the counter it goes to. */
export class DiscoveryRejection extends LamaError {
  constructor(readonly reason: RejectReason, message: string) {
    super('ERR_DISCOVERY_REJECTED', message);
  }
}

/** A component used before start() or after stop(): a caller's ordering mistake. */
export class NotStartedError extends LamaError {
  constructor(message: string) {
    super('ERR_NOT_STARTED', message);
  }
}

/** A broken internal invariant (a bug, not a caller's mistake). */
export class InternalError extends LamaError {
  constructor(message: string) {
    super('ERR_INTERNAL', message);
  }
}

/** A configuration that cannot work (e.g. nothing to discover lookup services with). */
export class ConfigurationError extends LamaError {
  constructor(message: string) {
    super('ERR_CONFIGURATION', message);
  }
}

/** A remote call that failed without a LAMA error code (unreachable peer, deadline, stream ended). */
export class RpcError extends LamaError {
  constructor(message: string) {
    super('ERR_RPC', message);
  }
}

/** gRPC status names an error code maps to (strings, so packages without grpc-js can declare them). */
export type WireStatus = 'INVALID_ARGUMENT' | 'NOT_FOUND' | 'PERMISSION_DENIED' | 'UNAUTHENTICATED' | 'FAILED_PRECONDITION' | 'DEADLINE_EXCEEDED' | 'INTERNAL' | 'UNAVAILABLE' | 'RESOURCE_EXHAUSTED';

/** A LamaError subclass, whatever its constructor takes. */
export type LamaErrorClass = abstract new (...args: never[]) => LamaError;

/** How one error code travels: the class a client rebuilds and the gRPC status the server sends. */
export interface ErrorEntry {
  type: LamaErrorClass;
  status: WireStatus;
}

const registry = new Map<string, ErrorEntry>();

/** Declares a package's error codes (its errors.ts calls this once); later declarations of a code win. */
export function registerErrors(entries: Record<string, ErrorEntry>): void {
  for (const [code, entry] of Object.entries(entries)) registry.set(code, entry);
}

/** The declared entry of a code, if any. */
export function errorEntry(code: string): ErrorEntry | undefined {
  return registry.get(code);
}

/**
 * The typed error for a code received from elsewhere: an instance of the declared class (so
 * `instanceof` works) carrying the received message; an undeclared code gives a plain LamaError.
 */
export function rebuildError(code: string, message: string): LamaError {
  const err = new LamaError(code, message);
  const type = registry.get(code)?.type;
  if (type && type !== LamaError) {
    Object.setPrototypeOf(err, type.prototype);
    err.name = type.name;
  }
  return err;
}

/** The codes of @lama/lookup. */
export const LOOKUP_ERRORS = {
  ERR_CREDENTIAL: { type: CredentialError, status: 'UNAUTHENTICATED' },
  ERR_PERMISSION: { type: PermissionError, status: 'PERMISSION_DENIED' },
  ERR_INVALID_ARGUMENT: { type: InvalidArgumentError, status: 'INVALID_ARGUMENT' },
  ERR_UNKNOWN_LEASE: { type: UnknownLeaseError, status: 'NOT_FOUND' },
  ERR_UNKNOWN_SERVICE: { type: UnknownServiceError, status: 'NOT_FOUND' },
  ERR_DISCOVERY_REJECTED: { type: DiscoveryRejection, status: 'FAILED_PRECONDITION' },
  ERR_NOT_STARTED: { type: NotStartedError, status: 'FAILED_PRECONDITION' },
  ERR_INTERNAL: { type: InternalError, status: 'INTERNAL' },
  ERR_CONFIGURATION: { type: ConfigurationError, status: 'FAILED_PRECONDITION' },
  ERR_RPC: { type: RpcError, status: 'UNAVAILABLE' },
  ERR_LIMIT: { type: LimitError, status: 'RESOURCE_EXHAUSTED' },
} as const satisfies Record<string, ErrorEntry>;
registerErrors(LOOKUP_ERRORS);
