// @lama/adapters/builtin: the adapters that ship with LAMA (the mapping engine alone is
// @lama/adapters/afs-mapper). A config names them by module name; the loader imports
// each one only then.
export { processAdapter, type ProcessOptions } from './process-adapter.js';
export { apacheAdapter, type ApacheOptions } from './apache/apache-adapter.js';
export { icecastAdapter, type IcecastOptions } from './icecast/index.js';
export { simStreamAdapter, type SimStreamOptions } from './sim-stream/index.js';
export { redirectorAdapter, type RedirectorOptions } from './redirector/index.js';
export { afsMapperAdapter, type AfsMapperOptions } from './afs-mapper/afs-mapper-adapter.js';
