import { DiscoveryManager, JoinManager, MdnsTransport, type Credential, type DiscoveryEvent, type MdnsOptions } from '@lama/lookup';

/** Sizes of a DiscoveryManager's private maps: what an attacker could try to grow. */
export interface DiscoveryInternals {
  nonces: number;
  lastSeq: number;
  known: number;
  verifiedCertificates: number;
}

function sizeOf(owner: object, field: string): number {
  const v: unknown = Reflect.get(owner, field);
  return v instanceof Map ? v.size : -1;
}

/** A joiner in this process (DiscoveryManager + JoinManager) whose counters and events the test can read. */
export class InProcessJoiner {
  readonly discovery: DiscoveryManager;
  readonly join: JoinManager;
  readonly events: DiscoveryEvent[] = [];
  readonly lost: string[] = [];
  readonly failed: string[] = [];
  registrations = 0;

  constructor(credential: Credential, mdns: MdnsOptions, name: string, leaseMs: number) {
    this.discovery = new DiscoveryManager({ credential, mdns });
    this.join = new JoinManager({
      credential, discovery: this.discovery, leaseMs,
      item: { serviceTypes: ['lama.FuzzTarget'], attributes: [{ type: 'lama.Name', fields: { name } }] },
    });
    this.discovery.events.subscribe((e) => this.events.push(e));
    this.join.on('registered', () => { this.registrations++; });
    this.join.on('lost', (_l, reason) => this.lost.push(reason));
    this.join.on('failed', (_l, err) => this.failed.push(err.message));
  }

  /** Starts discovering and joining; resolves with the ms until the first registration. */
  async start(timeoutMs: number): Promise<number> {
    const t0 = Date.now();
    const registered = this.nextRegistration(timeoutMs);
    await this.discovery.start();
    await this.join.start();
    await registered;
    return Date.now() - t0;
  }

  /** Resolves at the next 'registered' event. */
  nextRegistration(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => { this.join.off('registered', done); reject(new Error(`no registration within ${timeoutMs} ms`)); }, timeoutMs);
      const done = (): void => { clearTimeout(t); this.join.off('registered', done); resolve(); };
      this.join.on('registered', done);
    });
  }

  /** The ephemeral port its queries go out from and unicast answers come back to (private in DiscoveryManager). */
  get queryPort(): number | undefined {
    const transport: unknown = Reflect.get(this.discovery, 'transport');
    return transport instanceof MdnsTransport ? transport.queryPort : undefined;
  }

  internals(): DiscoveryInternals {
    const verifier: unknown = Reflect.get(this.discovery, 'verifier');
    return {
      nonces: sizeOf(this.discovery, 'nonces'),
      lastSeq: sizeOf(this.discovery, 'lastSeq'),
      known: sizeOf(this.discovery, 'known'),
      verifiedCertificates: typeof verifier === 'object' && verifier ? sizeOf(verifier, 'certificates') : -1,
    };
  }

  async stop(): Promise<void> {
    await this.join.stop();
    await this.discovery.stop();
  }
}
