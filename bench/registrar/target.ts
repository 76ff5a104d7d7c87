import type { RoleClientJob } from './role-client.js';

/** A system under test, driven through the same phases: the LAMA registrar or etcd. */
export interface BenchTarget {
  readonly label: string;
  /** The server process, for /proc CPU and RSS. */
  readonly serverPid: number;
  /** Registers agent i (item + lease); rejects on failure. */
  register(i: number, leaseMs: number): Promise<void>;
  /** Opens the keep-alive streams that renew() uses. */
  openKeepAlive(streams: number): Promise<void>;
  /** Renews agent i's lease over a keep-alive stream; rejects when the lease was not renewed. */
  renew(i: number, leaseMs: number): Promise<void>;
  closeKeepAlive(): void;
  /** Looks up agent i by name; rejects unless exactly one item comes back. */
  lookupByName(i: number): Promise<void>;
  /** Where role-client processes send their lookups by role (bench/registrar/role-client.ts). */
  readonly roleClient: Pick<RoleClientJob, 'target' | 'endpoint' | 'credentialFile' | 'serverName' | 'transport'>;
  /** Looks up every agent with a role; rejects unless `expected` items come back. */
  lookupByRole(role: string, expected: number): Promise<void>;
  /** Opens `count` watchers on the watch-phase template; resolves once all are live. */
  openWatchers(count: number, onEvent: (watcher: number, key: string) => void): Promise<void>;
  /** Makes a change every watcher must see, identified by `key`. */
  publish(key: string): Promise<void>;
  /** Closes the watchers and removes what publish() added. */
  closeWatchers(): Promise<void>;
  /** Throws if the server died. */
  assertAlive(): void;
  close(): void;
}
