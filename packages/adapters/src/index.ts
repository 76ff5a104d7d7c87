// @lama/adapters: the adapter SDK, the supervisor that runs adapters, and the built-ins.
export { defineAdapter, isAdapterFactory, objectOptions, type AdapterDefinition, type AdapterFactory, type AdapterInstance, type AdapterContext, type AdapterLogger, type AdapterMetrics } from './sdk/adapter.js';
export { parseOptions, textOption, integerOption, listOption, z } from './sdk/options.js';
export { parseParams, formatParam, checkSpecs, type ParamSpec, type ParamSpecs, type ParamType, type ParamValue } from './sdk/params.js';
export { AdapterError, UnknownParamError, InvalidParamError, ParamNotSettableError, ParamNotAllowedError, InvalidOptionsError, MappingError, MappingConflictError, MappingOutsideRootsError, MappingScriptError, MappingJournalError, SetWhileRunningError, type MappingConflict, AdapterTimeoutError, AdapterFailedError, AdapterLoadError, ADAPTER_ERRORS, boundedMessage, MAX_ADAPTER_MESSAGE } from './sdk/errors.js';
export { loadAdapterFactory, registerBuiltin, BUILTIN_ADAPTERS } from './sdk/loader.js';
export { AdapterSupervisor, type SupervisorOptions, type AdapterView, type SupervisorEvents } from './supervisor/adapter-supervisor.js';
export { ADAPTER_STATES, type AdapterState } from './supervisor/states.js';
export { spawnService, killGroup, NO_LEDGER, type ProcessGroupLedger } from './sdk/service-process.js';
export { ProcessGroupFile, type SweepResult } from './supervisor/process-group-file.js';
export { guarded } from './supervisor/timeout.js';
export { processAdapter, type ProcessOptions } from './builtin/process-adapter.js';
export { apacheAdapter, type ApacheOptions } from './builtin/apache/apache-adapter.js';
export { icecastAdapter, type IcecastOptions } from './builtin/icecast/index.js';
export { simStreamAdapter, type SimStreamOptions } from './builtin/sim-stream/index.js';
export { redirectorAdapter, type RedirectorOptions } from './builtin/redirector/index.js';
export { afsMapperAdapter, type AfsMapperOptions } from './builtin/afs-mapper/afs-mapper-adapter.js';
export { parseMapping, readMappingFile, mapEntries, cleanState, journalState, planMapping, type MappingEntry, type MappingPolicy, type MapperOptions, type MapResult, type Plan, type PlannedOp, type CleanResult, type KeptPath, type MapperLog } from './builtin/afs-mapper/index.js';
