import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);

// packages/lookup/dist/src/errors.js
var LamaError = class extends Error {
  code;
  constructor(code, message) {
    super(message);
    this.code = code;
    this.name = new.target.name;
  }
};
var CredentialError = class extends LamaError {
  constructor(message) {
    super("ERR_CREDENTIAL", message);
  }
};
var PermissionError = class extends LamaError {
  constructor(message) {
    super("ERR_PERMISSION", message);
  }
};
var InvalidArgumentError = class extends LamaError {
  constructor(message) {
    super("ERR_INVALID_ARGUMENT", message);
  }
};
var UnknownLeaseError = class extends LamaError {
  constructor(leaseId) {
    super("ERR_UNKNOWN_LEASE", `UNKNOWN_LEASE: lease ${leaseId} is not held by this registrar (expired, cancelled or never granted)`);
  }
};
var UnknownServiceError = class extends LamaError {
  constructor(serviceId) {
    super("ERR_UNKNOWN_SERVICE", `UNKNOWN_SERVICE: no registration with service ID ${serviceId}`);
  }
};
var LimitError = class extends LamaError {
  constructor(message) {
    super("ERR_LIMIT", message);
  }
};
var DiscoveryRejection = class extends LamaError {
  reason;
  constructor(reason, message) {
    super("ERR_DISCOVERY_REJECTED", message);
    this.reason = reason;
  }
};
var NotStartedError = class extends LamaError {
  constructor(message) {
    super("ERR_NOT_STARTED", message);
  }
};
var InternalError = class extends LamaError {
  constructor(message) {
    super("ERR_INTERNAL", message);
  }
};
var ConfigurationError = class extends LamaError {
  constructor(message) {
    super("ERR_CONFIGURATION", message);
  }
};
var RpcError = class extends LamaError {
  constructor(message) {
    super("ERR_RPC", message);
  }
};
var registry = /* @__PURE__ */ new Map();
function registerErrors(entries) {
  for (const [code, entry] of Object.entries(entries))
    registry.set(code, entry);
}
function errorEntry(code) {
  return registry.get(code);
}
function rebuildError(code, message) {
  const err = new LamaError(code, message);
  const type = registry.get(code)?.type;
  if (type && type !== LamaError) {
    Object.setPrototypeOf(err, type.prototype);
    err.name = type.name;
  }
  return err;
}
var LOOKUP_ERRORS = {
  ERR_CREDENTIAL: { type: CredentialError, status: "UNAUTHENTICATED" },
  ERR_PERMISSION: { type: PermissionError, status: "PERMISSION_DENIED" },
  ERR_INVALID_ARGUMENT: { type: InvalidArgumentError, status: "INVALID_ARGUMENT" },
  ERR_UNKNOWN_LEASE: { type: UnknownLeaseError, status: "NOT_FOUND" },
  ERR_UNKNOWN_SERVICE: { type: UnknownServiceError, status: "NOT_FOUND" },
  ERR_DISCOVERY_REJECTED: { type: DiscoveryRejection, status: "FAILED_PRECONDITION" },
  ERR_NOT_STARTED: { type: NotStartedError, status: "FAILED_PRECONDITION" },
  ERR_INTERNAL: { type: InternalError, status: "INTERNAL" },
  ERR_CONFIGURATION: { type: ConfigurationError, status: "FAILED_PRECONDITION" },
  ERR_RPC: { type: RpcError, status: "UNAVAILABLE" },
  ERR_LIMIT: { type: LimitError, status: "RESOURCE_EXHAUSTED" }
};
registerErrors(LOOKUP_ERRORS);

export {
  LamaError,
  CredentialError,
  PermissionError,
  InvalidArgumentError,
  UnknownLeaseError,
  UnknownServiceError,
  LimitError,
  DiscoveryRejection,
  NotStartedError,
  InternalError,
  ConfigurationError,
  RpcError,
  registerErrors,
  errorEntry,
  rebuildError
};
