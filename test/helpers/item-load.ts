import { RegistrarClient, type Credential } from '@lama/lookup';

/**
 * A registrar-level load for restart tests: COUNT items of one credential, renewed in batches
 * every renewEveryMs (default a third of the lease, like a holder); an item whose lease the
 * registrar no longer knows (it restarted) is registered again under its serviceId.
 */
export class ItemLoad {
  private readonly items: { serviceId: string; leaseId: string }[] = [];
  private running = false;
  private loop: Promise<void> | undefined;
  private client: RegistrarClient;
  private wake: (() => void) | undefined;
  /** Re-registrations after a lost lease, in all. */
  reRegistered = 0;

  constructor(private readonly o: { endpoint: string; credential: Credential; count: number; leaseMs: number; renewEveryMs?: number; serviceType: string }) {
    this.client = new RegistrarClient({ endpoint: o.endpoint, credential: o.credential, timeoutMs: 20_000 });
  }

  /** Registers every item (64 at a time), then renews them until stop(). */
  async start(): Promise<void> {
    let next = 0;
    const one = async (): Promise<void> => {
      for (let i = next++; i < this.o.count; i = next++) {
        const r = await this.client.register(this.item(''), this.o.leaseMs);
        this.items[i] = { serviceId: r.serviceId, leaseId: r.lease.leaseId };
      }
    };
    await Promise.all(Array.from({ length: 64 }, one));
    this.running = true;
    this.loop = this.renewLoop();
  }

  private item(serviceId: string) {
    return { serviceId, serviceTypes: [this.o.serviceType], endpoint: '127.0.0.1:9', attributes: [] };
  }

  private async renewLoop(): Promise<void> {
    while (this.running) {
      const started = Date.now();
      try {
        for (let at = 0; at < this.items.length && this.running; at += 1000) {
          const chunk = this.items.slice(at, at + 1000);
          const results = await this.client.renewBatch(chunk.map((x) => ({ leaseId: x.leaseId, durationMs: this.o.leaseMs })));
          const lost = chunk.filter((_, k) => results[k].code !== 0);
          await Promise.all(lost.map(async (x) => {
            const r = await this.client.register(this.item(x.serviceId), this.o.leaseMs);
            x.leaseId = r.lease.leaseId;
            this.reRegistered++;
          }));
        }
      } catch {
        // The lookup service is down or restarting: try again soon, the leases are long enough.
        await this.pause(200);
        continue;
      }
      await this.pause((this.o.renewEveryMs ?? this.o.leaseMs / 3) - (Date.now() - started));
    }
  }

  /** Waits MS, or less if stop() is called. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, Math.max(0, ms));
      this.wake = () => { clearTimeout(t); resolve(); };
    });
  }

  /** Stops renewing (the items lapse with their leases) and closes the client. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.client.close();
  }
}
