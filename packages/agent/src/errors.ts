import { LamaError, registerErrors, type ErrorEntry } from '@lama/lookup';
// Adapter errors reach the agent's clients too: their codes must be registered wherever agent errors are.
import '@lama/adapters';

/** An adapter name the node does not have. */
export class UnknownAdapterError extends LamaError {
  constructor(node: string, adapter: string, known: string[]) {
    super('ERR_UNKNOWN_ADAPTER', `node '${node}' has no adapter '${adapter}' (adapters: ${known.join(', ') || 'none'})`);
  }
}

/** A config that breaks the schema; the message names each key and its problem. */
export class ConfigError extends LamaError {
  constructor(message: string) {
    super('ERR_CONFIG', message);
  }
}

/** A /proc file whose content this kernel formats differently than expected. */
export class ProcFormatError extends LamaError {
  constructor(message: string) {
    super('ERR_PROC_FORMAT', message);
  }
}

/** A site manifest, snapshot or site definition that is malformed or does not match what was asked for. */
export class SiteManifestError extends LamaError {
  constructor(message: string) {
    super('ERR_SITE_MANIFEST', message);
  }
}

/** A tree path that is absolute, has '.' or '..', or would lead out of the replica. */
export class UnsafePathError extends LamaError {
  constructor(message: string) {
    super('ERR_UNSAFE_PATH', message);
  }
}

/** An object whose bytes do not hash to its name (or have another size than the manifest says). */
export class ObjectHashError extends LamaError {
  constructor(message: string) {
    super('ERR_OBJECT_HASH', message);
  }
}

/** A site store that could not deliver something (timeouts, HTTP errors) after every retry. */
export class StoreFetchError extends LamaError {
  constructor(message: string) {
    super('ERR_STORE_FETCH', message);
  }
}

/** A site, version or object the store or the cache does not hold. */
export class SiteNotFoundError extends LamaError {
  constructor(message: string) {
    super('ERR_SITE_NOT_FOUND', message);
  }
}

/** The cache's size limit or the disk cannot take an object; the message names it. */
export class CacheFullError extends LamaError {
  constructor(message: string) {
    super('ERR_CACHE_FULL', message);
  }
}

/** A store or cache directory that is locked by another process, or a version that exists already. */
export class StoreConflictError extends LamaError {
  constructor(message: string) {
    super('ERR_STORE_CONFLICT', message);
  }
}

/** A life-cycle transition Fig. 2 does not allow (deploying onto a node that is not FREE...); the message names both states. */
export class LifecycleError extends LamaError {
  constructor(message: string) {
    super('ERR_LIFECYCLE', message);
  }
}

/** A node asked to be a cache source that cannot be one (not OPERATIONAL for the site, or no multicast transfer). */
export class CacheSourceError extends LamaError {
  constructor(message: string) {
    super('ERR_CACHE_SOURCE', message);
  }
}

/** The agent's state directory cannot be written (full disk, read-only, gone); the message names the directory and the cause. */
export class StateDirWriteError extends LamaError {
  constructor(message: string) {
    super('ERR_STATE_DIR_WRITE', message);
  }
}

/** The codes of @lama/agent (adapter errors are @lama/adapters'). */
export const AGENT_ERRORS = {
  ERR_UNKNOWN_ADAPTER: { type: UnknownAdapterError, status: 'NOT_FOUND' },
  ERR_CONFIG: { type: ConfigError, status: 'FAILED_PRECONDITION' },
  ERR_PROC_FORMAT: { type: ProcFormatError, status: 'INTERNAL' },
  ERR_SITE_MANIFEST: { type: SiteManifestError, status: 'INVALID_ARGUMENT' },
  ERR_UNSAFE_PATH: { type: UnsafePathError, status: 'INVALID_ARGUMENT' },
  ERR_OBJECT_HASH: { type: ObjectHashError, status: 'FAILED_PRECONDITION' },
  ERR_STORE_FETCH: { type: StoreFetchError, status: 'UNAVAILABLE' },
  ERR_SITE_NOT_FOUND: { type: SiteNotFoundError, status: 'NOT_FOUND' },
  ERR_CACHE_FULL: { type: CacheFullError, status: 'RESOURCE_EXHAUSTED' },
  ERR_STORE_CONFLICT: { type: StoreConflictError, status: 'FAILED_PRECONDITION' },
  ERR_LIFECYCLE: { type: LifecycleError, status: 'FAILED_PRECONDITION' },
  ERR_CACHE_SOURCE: { type: CacheSourceError, status: 'FAILED_PRECONDITION' },
  ERR_STATE_DIR_WRITE: { type: StateDirWriteError, status: 'RESOURCE_EXHAUSTED' },
} as const satisfies Record<string, ErrorEntry>;
registerErrors(AGENT_ERRORS);
