// The errors subpath loads no gRPC, so `lama map` starts fast.
import { LamaError, registerErrors, type ErrorEntry } from '@lama/lookup/errors';

/** Base of adapter errors; `code` is stable for callers (and travels to the agent's clients). */
export class AdapterError extends LamaError {}

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

/** A declared Set key that the operator's config does not let a controller change. */
export class ParamNotSettableError extends AdapterError {
  constructor(readonly key: string, adapter: string, settable: readonly string[]) {
    super('ERR_PARAM_NOT_SETTABLE', `adapter '${adapter}': parameter '${key}' is not settable: the operator's config does not allow it (settable: ${settable.join(', ') || 'none'})`);
  }
}

/** A well-formed Set value outside what the operator's config allows (a root, an address, a source). */
export class ParamNotAllowedError extends AdapterError {
  constructor(readonly key: string, message: string) {
    super('ERR_PARAM_NOT_ALLOWED', `parameter '${key}': ${message}: the operator's config does not allow it`);
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

/** The adapter itself failed (its message is kept, bounded by boundedMessage). */
export class AdapterFailedError extends AdapterError {
  constructor(adapter: string, call: string, cause: unknown) {
    super('ERR_ADAPTER_FAILED', `adapter '${adapter}' ${call} failed: ${boundedMessage(cause instanceof Error ? cause.message : String(cause))}`);
  }
}

/** The longest message the supervisor passes on from an adapter (Status, errors). */
export const MAX_ADAPTER_MESSAGE = 1000;

/**
 * A message fit to reach a caller: control characters become spaces and a long text keeps
 * its head and its tail (where "...; the previous config is back in force" usually is).
 */
export function boundedMessage(text: string, max = MAX_ADAPTER_MESSAGE): string {
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const head = Math.ceil((max - 1) * 0.6);
  return `${flat.slice(0, head)}…${flat.slice(flat.length - (max - 1 - head))}`;
}

/** A module that is not an adapter, or cannot be loaded. */
export class AdapterLoadError extends AdapterError {
  constructor(message: string) {
    super('ERR_ADAPTER_LOAD', message);
  }
}

/** A mapping file (or entry list) that breaks the schema; the message names the entry and the key. */
export class MappingError extends AdapterError {
  constructor(message: string) {
    super('ERR_MAPPING', message);
  }
}

/** One path the mapper may not change: it exists and is not the mapper's. */
export interface MappingConflict {
  /** The local path (or, for a link inside shared, the shared path). */
  path: string;
  reason: string;
  /** Index of the mapping entry (0-based). */
  entry: number;
}

/** The planning pass found conflicts: nothing was changed. */
export class MappingConflictError extends AdapterError {
  constructor(readonly conflicts: readonly MappingConflict[]) {
    const shown = conflicts.slice(0, 5).map((c) => `${JSON.stringify(c.path)}: ${c.reason}`).join('; ');
    super('ERR_MAPPING_CONFLICT', `mapping refused, nothing changed: ${conflicts.length} conflict(s): ${shown}${conflicts.length > 5 ? '; ...' : ''}`);
  }
}

/** A mapping path (local or shared) outside the roots the operator's config allows, as written or through a symlink. */
export class MappingOutsideRootsError extends AdapterError {
  constructor(message: string) {
    super('ERR_MAPPING_OUTSIDE_ROOTS', message);
  }
}

/** A post-mapping script that failed or timed out (the mapping was rolled back). */
export class MappingScriptError extends AdapterError {
  constructor(message: string) {
    super('ERR_MAPPING_SCRIPT', message);
  }
}

/** The mapper's journal cannot be read or belongs to another mapping. */
export class MappingJournalError extends AdapterError {
  constructor(message: string) {
    super('ERR_MAPPING_JOURNAL', message);
  }
}

/** A Set of a key that may change only while the adapter is stopped. */
export class SetWhileRunningError extends AdapterError {
  constructor(readonly key: string, adapter: string) {
    super('ERR_SET_WHILE_RUNNING', `adapter '${adapter}': parameter '${key}' can be set only while stopped (stop it first)`);
  }
}

/**
 * The codes of @lama/adapters that reach the agent's clients. Built-ins also use, internally
 * (LamaErrors, not AdapterErrors: the supervisor reports them as ERR_ADAPTER_FAILED): ERR_CANCELLED, ERR_ICECAST_STATS_HTTP,
 * ERR_PROBE_REFUSED, ERR_STATUS_PAGE, ERR_UNSAFE_CONFIG_VALUE.
 */
export const ADAPTER_ERRORS = {
  ERR_UNKNOWN_PARAM: { type: UnknownParamError, status: 'INVALID_ARGUMENT' },
  ERR_INVALID_PARAM: { type: InvalidParamError, status: 'INVALID_ARGUMENT' },
  ERR_PARAM_NOT_SETTABLE: { type: ParamNotSettableError, status: 'PERMISSION_DENIED' },
  ERR_PARAM_NOT_ALLOWED: { type: ParamNotAllowedError, status: 'PERMISSION_DENIED' },
  ERR_INVALID_OPTIONS: { type: InvalidOptionsError, status: 'FAILED_PRECONDITION' },
  ERR_ADAPTER_TIMEOUT: { type: AdapterTimeoutError, status: 'DEADLINE_EXCEEDED' },
  ERR_ADAPTER_FAILED: { type: AdapterFailedError, status: 'FAILED_PRECONDITION' },
  ERR_ADAPTER_LOAD: { type: AdapterLoadError, status: 'FAILED_PRECONDITION' },
  ERR_MAPPING: { type: MappingError, status: 'INVALID_ARGUMENT' },
  ERR_MAPPING_CONFLICT: { type: MappingConflictError, status: 'FAILED_PRECONDITION' },
  ERR_MAPPING_OUTSIDE_ROOTS: { type: MappingOutsideRootsError, status: 'PERMISSION_DENIED' },
  ERR_MAPPING_SCRIPT: { type: MappingScriptError, status: 'FAILED_PRECONDITION' },
  ERR_MAPPING_JOURNAL: { type: MappingJournalError, status: 'FAILED_PRECONDITION' },
  ERR_SET_WHILE_RUNNING: { type: SetWhileRunningError, status: 'FAILED_PRECONDITION' },
} as const satisfies Record<string, ErrorEntry>;
registerErrors(ADAPTER_ERRORS);
