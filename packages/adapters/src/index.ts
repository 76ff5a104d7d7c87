// @lama/adapters: the adapter SDK and the supervisor that runs adapters; the built-ins are @lama/adapters/builtin.
export { defineAdapter, isAdapterFactory, objectOptions, type AdapterDefinition, type AdapterFactory, type AdapterInstance, type AdapterContext, type AdapterLogger, type AdapterMetrics } from './sdk/adapter.js';
export { parseOptions, textOption, integerOption, listOption, z } from './sdk/options.js';
export { parseParams, formatParam, checkSpecs, type ParamSpec, type ParamSpecs, type ParamType, type ParamValue } from './sdk/params.js';
export { AdapterError, UnknownParamError, InvalidParamError, ParamNotSettableError, ParamNotAllowedError, InvalidOptionsError, MappingError, MappingConflictError, MappingOutsideRootsError, MappingScriptError, MappingJournalError, SetWhileRunningError, type MappingConflict, AdapterTimeoutError, AdapterFailedError, AdapterLoadError, ADAPTER_ERRORS, boundedMessage, MAX_ADAPTER_MESSAGE } from './sdk/errors.js';
export { loadAdapterFactory } from './sdk/loader.js';
export { AdapterSupervisor, type SupervisorOptions, type AdapterView, type SupervisorEvents } from './supervisor/adapter-supervisor.js';
export { ADAPTER_STATES, type AdapterState } from './supervisor/states.js';
export { spawnService, killGroup, NO_LEDGER, type ProcessGroupLedger } from './sdk/service-process.js';
export { ProcessGroupFile, type SweepResult } from './supervisor/process-group-file.js';
export { guarded } from './supervisor/timeout.js';
