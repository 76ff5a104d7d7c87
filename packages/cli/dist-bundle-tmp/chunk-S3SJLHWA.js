import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  LamaError,
  registerErrors
} from "./chunk-2F4QKM7O.js";

// packages/adapters/dist/src/sdk/errors.js
var AdapterError = class extends LamaError {
};
var UnknownParamError = class extends AdapterError {
  key;
  constructor(key, adapter, known) {
    super("ERR_UNKNOWN_PARAM", `adapter '${adapter}' has no parameter '${key}' (parameters: ${known.join(", ") || "none"})`);
    this.key = key;
  }
};
var InvalidParamError = class extends AdapterError {
  key;
  constructor(key, message) {
    super("ERR_INVALID_PARAM", `parameter '${key}': ${message}`);
    this.key = key;
  }
};
var ParamNotSettableError = class extends AdapterError {
  key;
  constructor(key, adapter, settable) {
    super("ERR_PARAM_NOT_SETTABLE", `adapter '${adapter}': parameter '${key}' is not settable: the operator's config does not allow it (settable: ${settable.join(", ") || "none"})`);
    this.key = key;
  }
};
var ParamNotAllowedError = class extends AdapterError {
  key;
  constructor(key, message) {
    super("ERR_PARAM_NOT_ALLOWED", `parameter '${key}': ${message}: the operator's config does not allow it`);
    this.key = key;
  }
};
var InvalidOptionsError = class extends AdapterError {
  constructor(message) {
    super("ERR_INVALID_OPTIONS", message);
  }
};
var AdapterTimeoutError = class extends AdapterError {
  constructor(adapter, call, ms) {
    super("ERR_ADAPTER_TIMEOUT", `adapter '${adapter}' ${call} did not finish within ${ms} ms`);
  }
};
var AdapterFailedError = class extends AdapterError {
  constructor(adapter, call, cause) {
    super("ERR_ADAPTER_FAILED", `adapter '${adapter}' ${call} failed: ${boundedMessage(cause instanceof Error ? cause.message : String(cause))}`);
  }
};
var MAX_ADAPTER_MESSAGE = 1e3;
function boundedMessage(text, max = MAX_ADAPTER_MESSAGE) {
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ").trim();
  if (flat.length <= max)
    return flat;
  const head = Math.ceil((max - 1) * 0.6);
  return `${flat.slice(0, head)}\u2026${flat.slice(flat.length - (max - 1 - head))}`;
}
var AdapterLoadError = class extends AdapterError {
  constructor(message) {
    super("ERR_ADAPTER_LOAD", message);
  }
};
var MappingError = class extends AdapterError {
  constructor(message) {
    super("ERR_MAPPING", message);
  }
};
var MappingConflictError = class extends AdapterError {
  conflicts;
  constructor(conflicts) {
    const shown = conflicts.slice(0, 5).map((c) => `${JSON.stringify(c.path)}: ${c.reason}`).join("; ");
    super("ERR_MAPPING_CONFLICT", `mapping refused, nothing changed: ${conflicts.length} conflict(s): ${shown}${conflicts.length > 5 ? "; ..." : ""}`);
    this.conflicts = conflicts;
  }
};
var MappingOutsideRootsError = class extends AdapterError {
  constructor(message) {
    super("ERR_MAPPING_OUTSIDE_ROOTS", message);
  }
};
var MappingScriptError = class extends AdapterError {
  constructor(message) {
    super("ERR_MAPPING_SCRIPT", message);
  }
};
var MappingJournalError = class extends AdapterError {
  constructor(message) {
    super("ERR_MAPPING_JOURNAL", message);
  }
};
var SetWhileRunningError = class extends AdapterError {
  key;
  constructor(key, adapter) {
    super("ERR_SET_WHILE_RUNNING", `adapter '${adapter}': parameter '${key}' can be set only while stopped (stop it first)`);
    this.key = key;
  }
};
var ADAPTER_ERRORS = {
  ERR_UNKNOWN_PARAM: { type: UnknownParamError, status: "INVALID_ARGUMENT" },
  ERR_INVALID_PARAM: { type: InvalidParamError, status: "INVALID_ARGUMENT" },
  ERR_PARAM_NOT_SETTABLE: { type: ParamNotSettableError, status: "PERMISSION_DENIED" },
  ERR_PARAM_NOT_ALLOWED: { type: ParamNotAllowedError, status: "PERMISSION_DENIED" },
  ERR_INVALID_OPTIONS: { type: InvalidOptionsError, status: "FAILED_PRECONDITION" },
  ERR_ADAPTER_TIMEOUT: { type: AdapterTimeoutError, status: "DEADLINE_EXCEEDED" },
  ERR_ADAPTER_FAILED: { type: AdapterFailedError, status: "FAILED_PRECONDITION" },
  ERR_ADAPTER_LOAD: { type: AdapterLoadError, status: "FAILED_PRECONDITION" },
  ERR_MAPPING: { type: MappingError, status: "INVALID_ARGUMENT" },
  ERR_MAPPING_CONFLICT: { type: MappingConflictError, status: "FAILED_PRECONDITION" },
  ERR_MAPPING_OUTSIDE_ROOTS: { type: MappingOutsideRootsError, status: "PERMISSION_DENIED" },
  ERR_MAPPING_SCRIPT: { type: MappingScriptError, status: "FAILED_PRECONDITION" },
  ERR_MAPPING_JOURNAL: { type: MappingJournalError, status: "FAILED_PRECONDITION" },
  ERR_SET_WHILE_RUNNING: { type: SetWhileRunningError, status: "FAILED_PRECONDITION" }
};
registerErrors(ADAPTER_ERRORS);

export {
  AdapterError,
  UnknownParamError,
  InvalidParamError,
  ParamNotSettableError,
  ParamNotAllowedError,
  InvalidOptionsError,
  AdapterTimeoutError,
  AdapterFailedError,
  MAX_ADAPTER_MESSAGE,
  boundedMessage,
  AdapterLoadError,
  MappingError,
  MappingConflictError,
  MappingOutsideRootsError,
  MappingScriptError,
  MappingJournalError,
  SetWhileRunningError,
  ADAPTER_ERRORS
};
