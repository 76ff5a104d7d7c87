import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);

// packages/lookup/dist/src/constants.js
var DEFAULT_LOOKUP_PORT = 4160;
var DEFAULT_ANNOUNCE_INTERVAL_MS = 1e4;
var DEFAULT_MAX_LEASE_MS = 3e4;
var DEFAULT_OWNER_LIMITS = { items: 1e3, bytes: 4 * 1024 * 1024 };
var DEFAULT_VALID_DAYS = 90;
var ROLES = ["lookup", "agent", "controller", "monitor"];
var DEFAULT_LIMITS = {
  /** Request metadata a server accepts, in bytes of keys and values (grpc-js alone takes ~64 KB). */
  maxMetadataBytes: 8 * 1024,
  /** Open streams one credential may hold on one server. */
  maxStreamsPerCredential: 256,
  /** Open streams one connection may carry. */
  maxStreamsPerConnection: 256,
  /** Bytes the refused-token cache may hold (plaintext mode). */
  refusedCacheBytes: 1 << 20,
  /** Shortest WatchStatus interval an agent serves, in ms. */
  minWatchIntervalMs: 100,
  /** Discovery query nonces a lookup service remembers within the 30 s window. */
  discoveryNonces: 1e5
};

export {
  DEFAULT_LOOKUP_PORT,
  DEFAULT_ANNOUNCE_INTERVAL_MS,
  DEFAULT_MAX_LEASE_MS,
  DEFAULT_OWNER_LIMITS,
  DEFAULT_VALID_DAYS,
  ROLES,
  DEFAULT_LIMITS
};
