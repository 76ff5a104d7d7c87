import { Etcd3, type Watcher } from 'etcd3';
import type { LamaProcess } from '@lama/testkit/process';
import { EtcdKeepAliveStream } from './etcd-keepalive.js';
import { agentItem, etcdNameKey, etcdNamePrefix, etcdRoleKey, etcdRolePrefix } from './items.js';
import type { BenchTarget } from './target.js';

const WATCH_PREFIX = '/lama/watch/';

/** etcd, through the etcd3 npm client, laid out so each LAMA operation has a one-call equivalent. */
export class EtcdTarget implements BenchTarget {
  readonly label = 'etcd';
  private readonly clients: Etcd3[];
  private readonly leaseIds: string[] = [];
  private streams: EtcdKeepAliveStream[] = [];
  private watchers: Watcher[] = [];
  private watchLease: string | undefined;

  readonly roleClient: BenchTarget['roleClient'];

  constructor(private readonly daemon: LamaProcess, clientUrl: string, channels: number, private readonly ttlSeconds: number) {
    this.roleClient = { target: 'etcd', endpoint: clientUrl.replace(/^http:\/\//, '') };
    // Same connection count as the LAMA side: one private subchannel pool per client.
    this.clients = Array.from({ length: channels }, () => new Etcd3({ hosts: clientUrl, grpcOptions: { 'grpc.use_local_subchannel_pool': 1 } }));
  }

  get serverPid(): number {
    return this.daemon.pid;
  }

  private client(i: number): Etcd3 {
    return this.clients[i % this.clients.length];
  }

  /** LeaseGrant, then one Txn putting the item under its name key and its role key, both on the lease. */
  async register(i: number): Promise<void> {
    const c = this.client(i);
    const { ID } = await c.leaseClient.leaseGrant({ TTL: this.ttlSeconds });
    const value = Buffer.from(JSON.stringify(agentItem(i)));
    await c.kv.txn({
      success: [
        { request_put: { key: Buffer.from(etcdNameKey(i)), value, lease: ID } },
        { request_put: { key: Buffer.from(etcdRoleKey(i)), value, lease: ID } },
      ],
    });
    this.leaseIds[i] = ID;
  }

  async openKeepAlive(streams: number): Promise<void> {
    this.streams = await Promise.all(Array.from({ length: streams }, async (_, s) => new EtcdKeepAliveStream(await this.client(s).leaseClient.leaseKeepAlive())));
  }

  async renew(i: number): Promise<void> {
    const ttl = await this.streams[i % this.streams.length].renew(this.leaseIds[i]);
    if (!(ttl > 0)) throw new Error(`etcd lease ${this.leaseIds[i]} not renewed (TTL ${ttl})`);
  }

  closeKeepAlive(): void {
    for (const s of this.streams) s.close();
    this.streams = [];
  }

  async lookupByName(i: number): Promise<void> {
    const r = await this.client(i).getAll().prefix(etcdNamePrefix(i)).exec();
    if (r.kvs.length !== 1) throw new Error(`prefix get ${etcdNamePrefix(i)}: ${r.kvs.length} keys`);
  }

  async lookupByRole(role: string, expected: number): Promise<void> {
    const r = await this.client(role.length).getAll().prefix(etcdRolePrefix(role)).exec();
    if (r.kvs.length !== expected) throw new Error(`prefix get ${etcdRolePrefix(role)}: ${r.kvs.length} keys, expected ${expected}`);
  }

  async openWatchers(count: number, onEvent: (watcher: number, key: string) => void): Promise<void> {
    this.watchLease = (await this.clients[0].leaseClient.leaseGrant({ TTL: 60 })).ID;
    for (let w = 0; w < count; w++) {
      const watcher = await this.client(w).watch().prefix(WATCH_PREFIX).create();
      watcher.on('put', (kv) => onEvent(w, kv.key.toString().slice(WATCH_PREFIX.length)));
      this.watchers.push(watcher);
    }
  }

  /** A put with a lease, as an agent's registration would be seen by watchers. */
  async publish(key: string): Promise<void> {
    await this.clients[0].put(WATCH_PREFIX + key).value(JSON.stringify(agentItem(0))).lease(this.watchLease ?? 0).exec();
  }

  async closeWatchers(): Promise<void> {
    await Promise.all(this.watchers.splice(0).map((w) => w.cancel()));
    await this.clients[0].delete().prefix(WATCH_PREFIX).exec();
    if (this.watchLease) await this.clients[0].leaseClient.leaseRevoke({ ID: this.watchLease });
  }

  assertAlive(): void {
    this.daemon.assertAlive();
  }

  close(): void {
    this.closeKeepAlive();
    for (const c of this.clients) c.close();
  }
}
