// Defaults and names that command-line flags show in their help: importing this module loads
// nothing else (no gRPC), so `lama <cmd> --help` stays fast. Also exported as '@lama/lookup/constants'.

/** The lookup service's well-known port. */
export const DEFAULT_LOOKUP_PORT = 4160;
/** Interval between a lookup service's announcements. */
export const DEFAULT_ANNOUNCE_INTERVAL_MS = 10_000;
/** The longest lease a registrar grants unless configured otherwise. */
export const DEFAULT_MAX_LEASE_MS = 30_000;

/** Items and bytes of items one credential may hold in a registrar. */
export const DEFAULT_OWNER_LIMITS = { items: 1000, bytes: 4 * 1024 * 1024 } as const;

/** Default validity of an issued credential, in days (rotate well before it ends). */
export const DEFAULT_VALID_DAYS = 90;

/** The roles a credential can grant. */
/** lookup: serve a registrar; agent: register an item; controller: drive agents; monitor: read status only. */
export const ROLES = ['lookup', 'agent', 'controller', 'monitor'] as const;
export type Role = (typeof ROLES)[number];

/** Default limits; docs/architecture.md lists them. */
export const DEFAULT_LIMITS = {
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
  discoveryNonces: 100_000,
} as const;
