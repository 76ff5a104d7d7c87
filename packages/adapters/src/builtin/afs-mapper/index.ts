// The mapper without the adapter SDK's heavier parts: what `lama map` loads.
export { parseMapping, readMappingFile, POLICIES, type MappingEntry, type MappingPolicy } from './mapping.js';
export { mapEntries, cleanState, journalState, DEFAULT_SCRIPT_TIMEOUT_MS, type MapperOptions, type MapResult } from './mapper.js';
export { planMapping, type Plan, type PlannedOp } from './planner.js';
export { resolveEntries, type MappingRoots, type ResolvedEntry } from './roots.js';
export type { CleanResult, KeptPath } from './clean.js';
export type { MapperLog } from './script-runner.js';
export { MappingError, MappingConflictError, MappingOutsideRootsError, MappingScriptError, MappingJournalError, type MappingConflict } from '../../sdk/errors.js';
