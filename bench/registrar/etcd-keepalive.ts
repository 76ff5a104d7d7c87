import type { ILeaseKeepAliveRequest, ILeaseKeepAliveResponse, IDuplexStream } from 'etcd3';

/**
 * Many leases renewed over one raw LeaseKeepAlive stream, answered per lease in order: the
 * same shape as LAMA's KeepAlive stream. etcd3's Lease object opens a stream per lease and
 * fires on its own timer, so it cannot be driven at a chosen rate; this uses etcd3's
 * LeaseClient.leaseKeepAlive() directly.
 */
export class EtcdKeepAliveStream {
  private readonly waiting = new Map<string, { resolve: (ttl: number) => void; reject: (err: Error) => void }[]>();
  private failure: Error | undefined;

  constructor(private readonly stream: IDuplexStream<ILeaseKeepAliveRequest, ILeaseKeepAliveResponse>) {
    stream.on('data', (r) => {
      const list = this.waiting.get(r.ID);
      const w = list?.shift();
      if (list && list.length === 0) this.waiting.delete(r.ID);
      w?.resolve(Number(r.TTL));
    });
    stream.on('error', (err) => this.fail(err));
    stream.on('end', () => this.fail(new Error('etcd keep-alive stream ended')));
  }

  private fail(err: Error): void {
    this.failure = err;
    for (const list of this.waiting.values()) for (const w of list) w.reject(err);
    this.waiting.clear();
  }

  /** Renews the lease; resolves with the TTL etcd reports (0 or less: the lease is gone). */
  renew(leaseId: string): Promise<number> {
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      const list = this.waiting.get(leaseId) ?? [];
      list.push({ resolve, reject });
      this.waiting.set(leaseId, list);
      this.stream.write({ ID: leaseId });
    });
  }

  close(): void {
    this.stream.end();
  }
}
