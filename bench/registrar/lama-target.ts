import { RegistrarClient, type Credential, type KeepAliveStream, type RemoteWatchEvent, type Transport } from '@lama/lookup';
import type { Subscription } from 'rxjs';
import type { LamaProcess } from '@lama/testkit/process';
import { agentItem, byName, byRole, NODE_ENTRY } from './items.js';
import type { BenchTarget } from './target.js';

const WATCH_ROLE = 'watch-target';

function nameOf(e: RemoteWatchEvent): string | undefined {
  return e.item?.attributes.find((a) => a.type === NODE_ENTRY)?.fields.name;
}

/** The LAMA registrar, through the public RegistrarClient, over one transport (the daemon's). */
export class LamaTarget implements BenchTarget {
  readonly label: string;
  private readonly clients: RegistrarClient[];
  private readonly leaseIds: string[] = [];
  private streams: KeepAliveStream[] = [];
  private watches: Subscription[] = [];
  private readonly watchLeases: string[] = [];

  readonly roleClient: BenchTarget['roleClient'];

  constructor(private readonly daemon: LamaProcess, endpoint: string, credential: Credential, channels: number, credentialFile: string, transport: Transport) {
    this.label = transport === 'tls' ? 'lama' : `lama (${transport})`;
    this.roleClient = { target: 'lama', endpoint, credentialFile, serverName: 'bench-lookup', transport };
    // A private subchannel pool per client gives each its own TCP connection, as separate agents would have.
    // The expected peer, as an agent's JoinManager has it: over TLS the server is checked against it,
    // over plaintext each call proof is bound to it (the registrar refuses proofs for any server).
    const expect = { name: this.roleClient.serverName, role: 'lookup' as const };
    this.clients = Array.from({ length: channels }, () => new RegistrarClient({ endpoint, credential, transport, expect, channelOptions: { 'grpc.use_local_subchannel_pool': 1 } }));
  }

  get serverPid(): number {
    return this.daemon.pid;
  }

  private client(i: number): RegistrarClient {
    return this.clients[i % this.clients.length];
  }

  async register(i: number, leaseMs: number): Promise<void> {
    const { lease } = await this.client(i).register(agentItem(i), leaseMs);
    this.leaseIds[i] = lease.leaseId;
  }

  async openKeepAlive(streams: number): Promise<void> {
    this.streams = Array.from({ length: streams }, (_, s) => this.client(s).keepAlive());
  }

  async renew(i: number, leaseMs: number): Promise<void> {
    const r = await this.streams[i % this.streams.length].renew(this.leaseIds[i], leaseMs);
    if (r.code !== 0) throw new Error(`renew code ${r.code}: ${r.message}`);
  }

  closeKeepAlive(): void {
    for (const s of this.streams) s.close();
    this.streams = [];
  }

  async lookupByName(i: number): Promise<void> {
    const r = await this.client(i).lookup(byName(i), 0);
    if (r.total !== 1 || r.items.length !== 1) throw new Error(`lookup by name node-${i}: ${r.total} matches`);
  }

  async lookupByRole(role: string, expected: number): Promise<void> {
    const r = await this.client(role.length).lookup(byRole(role), 0);
    if (r.total !== expected || r.items.length !== expected) throw new Error(`lookup by role ${role}: ${r.items.length}/${r.total} items, expected ${expected}`);
  }

  async openWatchers(count: number, onEvent: (watcher: number, key: string) => void): Promise<void> {
    await Promise.all(Array.from({ length: count }, (_, w) => new Promise<void>((resolve, reject) => {
      this.watches.push(this.client(w).watch(byRole(WATCH_ROLE), { transitions: ['NOMATCH_MATCH'] }).subscribe({
        next: (e) => {
          if (e.kind === 'SYNCED') resolve();
          else if (e.kind === 'TRANSITION') {
            const key = nameOf(e);
            if (key) onEvent(w, key);
          }
        },
        error: (err: Error) => reject(err),
      }));
    })));
  }

  async publish(key: string): Promise<void> {
    const item = agentItem(0, WATCH_ROLE);
    item.attributes = [{ type: NODE_ENTRY, fields: { name: key } }, { type: 'lama.Role', fields: { role: WATCH_ROLE } }];
    const { lease } = await this.clients[0].register(item, 60_000);
    this.watchLeases.push(lease.leaseId);
  }

  async closeWatchers(): Promise<void> {
    for (const s of this.watches) s.unsubscribe();
    this.watches = [];
    await Promise.all(this.watchLeases.splice(0).map((id) => this.clients[0].cancel(id)));
  }

  assertAlive(): void {
    this.daemon.assertAlive();
  }

  close(): void {
    this.closeKeepAlive();
    for (const s of this.watches) s.unsubscribe();
    for (const c of this.clients) c.close();
  }
}
