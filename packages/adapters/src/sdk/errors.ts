/** Base of adapter errors; `code` is stable for callers (and maps to a gRPC status in the agent). */
export class AdapterError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A Set key the adapter does not declare. */
export class UnknownParamError extends AdapterError {
  constructor(readonly key: string, adapter: string, known: readonly string[]) {
    super('ERR_UNKNOWN_PARAM', `adapter '${adapter}' has no parameter '${key}' (parameters: ${known.join(', ') || 'none'})`);
  }
}

/** A Set value that does not fit its parameter's type or constraints. */
export class InvalidParamError extends AdapterError {
  constructor(readonly key: string, message: string) {
    super('ERR_INVALID_PARAM', `parameter '${key}': ${message}`);
  }
}

/** Adapter options (from the agent's config) that are malformed or unknown. */
export class InvalidOptionsError extends AdapterError {
  constructor(message: string) {
    super('ERR_INVALID_OPTIONS', message);
  }
}

/** An adapter call that did not finish in time. */
export class AdapterTimeoutError extends AdapterError {
  constructor(adapter: string, call: string, ms: number) {
    super('ERR_ADAPTER_TIMEOUT', `adapter '${adapter}' ${call} did not finish within ${ms} ms`);
  }
}

/** The adapter itself failed (its message is kept). */
export class AdapterFailedError extends AdapterError {
  constructor(adapter: string, call: string, cause: unknown) {
    super('ERR_ADAPTER_FAILED', `adapter '${adapter}' ${call} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/** A module that is not an adapter, or cannot be loaded. */
export class AdapterLoadError extends AdapterError {
  constructor(message: string) {
    super('ERR_ADAPTER_LOAD', message);
  }
}
