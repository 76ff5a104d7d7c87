/** The benchmark's sizes and paces, in one place so the report can echo them. */
export const CONFIG = {
  agents: 10_000,
  rssItems: 100_000,
  /** The lease every agent asks for in the registration and steady-state phases. */
  shortLeaseMs: 10_000,
  renewEveryMs: 3_000,
  steadyStateMs: 25_000,
  /** Long leases keep items in place while later phases measure (the registrar's max). */
  longLeaseMs: 600_000,
  /** etcd keep-alives cannot change a lease's TTL, so etcd's leases are granted this long up front. */
  etcdTtlSeconds: 600,
  channels: 4,
  keepAliveStreams: 100,
  registerWindow: 128,
  maxRenewWindow: 256,
  maxRenewMs: 10_000,
  lookupWindow: 64,
  lookupMs: 5_000,
  /** Lookups by role: client processes are added one at a time up to this many, each with roleWindow calls in flight. */
  roleClientsMax: 6,
  roleWindow: 16,
  roleStepMs: 3_000,
  watchers: 100,
  watchEvents: 50,
  watchTimeoutMs: 5_000,
} as const;
