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
