import { expect } from 'chai';
import { sleep, until as waitUntil } from '@lama/testkit';
import { Observable, type Subscriber } from 'rxjs';
import {
  DiscoveryManager, JoinManager, LookupCache, LookupServer, PoolMember, RegistrarClient, createPoolKey, issueCredential, loopbackMdns,
  type CacheEvent, type Change, type Credential, type KeyPair, type MdnsOptions, type RemoteWatchEvent, type Owner,
} from '../src/index.js';

// A test owner: a credential name that is its own serial.
const own = (name: string): Owner => ({ name, serial: name });

let nextPort = 15660;

const until = (cond: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> => waitUntil(what, cond, timeoutMs, 10);

describe('JoinManager and LookupCache (two real lookup services on loopback)', function () {
  this.timeout(30_000);
  let pool: KeyPair;
  let mdns: MdnsOptions;
  let closers: (() => Promise<void> | void)[] = [];

  beforeEach(() => {
    pool = createPoolKey();
    mdns = loopbackMdns(nextPort++, '239.255.76.62');
  });
  afterEach(async () => {
    for (const c of closers.reverse()) await c();
    closers = [];
  });

  async function lookupService(name: string, listen = '127.0.0.1:0', credential?: Credential): Promise<LookupServer> {
    const s = new LookupServer({ credential: credential ?? issueCredential(pool, { name, roles: ['lookup'] }), listen, mdns, announceIntervalMs: 1000 });
    await s.start();
    closers.push(() => s.stop());
    return s;
  }

  async function discovery(credential: Credential): Promise<DiscoveryManager> {
    const dm = new DiscoveryManager({ credential, mdns });
    await dm.start();
    closers.push(() => dm.stop());
    return dm;
  }

  async function joiner(name: string, leaseMs = 1500): Promise<{ join: JoinManager; credential: Credential }> {
    const credential = issueCredential(pool, { name, roles: ['agent'] });
    const join = new JoinManager({
      credential, discovery: await discovery(credential), leaseMs, registerJitterMs: 20,
      item: { serviceTypes: ['lama.agent.v1.Agent'], endpoint: '127.0.0.1:7100', attributes: [{ type: 'lama.Name', fields: { name } }] },
    });
    await join.start();
    closers.push(() => join.stop());
    return { join, credential };
  }

  const registeredWith = (join: JoinManager) => join.registrations.filter((r) => r.state === 'registered').length;

  it('registers one item under one service ID with every lookup service, renews it, and propagates attribute changes', async () => {
    const a = await lookupService('lus-a');
    const b = await lookupService('lus-b');
    const { join } = await joiner('node-1');
    await until(() => registeredWith(join) === 2, 5000, 'registration with both');
    expect(a.registrar.get(join.serviceId)?.owner).to.equal('node-1');
    expect(b.registrar.get(join.serviceId)?.owner).to.equal('node-1');
    // Outlive several leases: renewals keep it there.
    await sleep(2500);
    expect(a.registrar.get(join.serviceId)).to.not.equal(undefined);
    expect(b.registrar.get(join.serviceId)).to.not.equal(undefined);
    await join.setAttributes([{ type: 'lama.Name', fields: { name: 'node-1' } }, { type: 'lama.Role', fields: { role: 'dispatcher' } }]);
    for (const s of [a, b]) expect(s.registrar.get(join.serviceId)?.attributes.map((e) => e.type)).to.deep.equal(['lama.Name', 'lama.Role']);
  });

  it('stop cancels every lease (reason CANCELLED)', async () => {
    const a = await lookupService('lus-a');
    const b = await lookupService('lus-b');
    const removed: Change[] = [];
    for (const s of [a, b]) s.registrar.changes.subscribe((c) => { if (!c.after) removed.push(c); });
    const { join } = await joiner('node-2');
    await until(() => registeredWith(join) === 2);
    await join.stop();
    expect(removed.map((c) => c.reason)).to.deep.equal(['CANCELLED', 'CANCELLED']);
  });

  it('PoolMember: a second start or stop does nothing, and a stopped member stays stopped', async () => {
    const lus = await lookupService('lus-pm');
    const member = new PoolMember({
      credential: issueCredential(pool, { name: 'pm', roles: ['agent'] }), mdns: false, locators: [lus.endpoint], leaseMs: 2000, registerJitterMs: 0,
      item: { serviceTypes: ['lama.Service'], endpoint: '127.0.0.1:1' },
    });
    let registered = 0;
    member.on('registered', () => registered++);
    await Promise.all([member.start(), member.start()]);
    // The member's own event, not the server's count: a stop between the two would cancel a
    // lease whose grant the member has not yet seen, and no 'registered' would follow.
    await until(() => registered === 1 && lus.registrar.size === 1, 5000, 'registration');
    await Promise.all([member.stop(), member.stop()]);
    expect(lus.registrar.size).to.equal(0);
    await member.start();
    await sleep(300);
    expect(lus.registrar.size).to.equal(0);
    expect(registered).to.equal(1);
  });

  it('an attribute change made while a registration is in flight reaches the lookup service (not the attributes sent before it)', async () => {
    const a = await lookupService('lus-a');
    const credential = issueCredential(pool, { name: 'node-2', roles: ['agent'] });
    let release = (): void => undefined;
    const gate = new Promise<void>((r) => { release = r; });
    let registering = false;
    const join = new JoinManager({
      credential, discovery: await discovery(credential), leaseMs: 1500, registerJitterMs: 0,
      // The registration is held until the attributes have changed: as when an agent re-registers with a restarted lookup service mid-deployment.
      clientFactory: (endpoint) => {
        const c = new RegistrarClient({ endpoint, expect: { name: 'lus-a' }, credential });
        const register = c.register.bind(c);
        c.register = async (item, leaseMs) => {
          registering = true;
          await gate;
          return register(item, leaseMs);
        };
        return c;
      },
      item: { serviceTypes: ['lama.agent.v1.Agent'], endpoint: '127.0.0.1:7100', attributes: [{ type: 'lama.Name', fields: { name: 'node-2' } }] },
    });
    await join.start();
    closers.push(() => join.stop());
    await until(() => registering, 5000, 'the registration to be in flight');
    await join.setAttributes([{ type: 'lama.Name', fields: { name: 'node-2' } }, { type: 'lama.Lifecycle', fields: { state: 'OPERATIONAL' } }]);
    release();
    await until(() => a.registrar.get(join.serviceId)?.attributes.some((e) => e.type === 'lama.Lifecycle') === true, 5000, 'the new attributes at the lookup service');
  });

  it('registers again after UNKNOWN_LEASE', async () => {
    const a = await lookupService('lus-a');
    const { join, credential } = await joiner('node-3', 1500);
    const lost: string[] = [];
    join.on('lost', (_l, reason) => lost.push(reason));
    await until(() => registeredWith(join) === 1);
    const leaseId = join.registrations[0].leaseId as string;
    // The registrar forgets the lease (as after a restart that nobody announced).
    a.registrar.cancel(credential.certificate, leaseId);
    await until(() => join.registrations[0]?.leaseId !== undefined && join.registrations[0].leaseId !== leaseId, 3000, 're-registration');
    expect(lost).to.deep.equal(['UNKNOWN_LEASE']);
    expect(a.registrar.get(join.serviceId)?.owner).to.equal('node-3');
  });

  it('a lookup service restarted empty holds the registration again well within one renewal interval', async () => {
    const credential = issueCredential(pool, { name: 'lus-r', roles: ['lookup'] });
    const first = new LookupServer({ credential, listen: '127.0.0.1:0', mdns, announceIntervalMs: 1000 });
    await first.start();
    const endpoint = first.endpoint;
    const { join } = await joiner('node-4', 3000);
    await until(() => registeredWith(join) === 1);
    await first.stop();
    const second = await lookupService('lus-r', endpoint, credential);
    const t = Date.now();
    await until(() => second.registrar.get(join.serviceId) !== undefined, 3000, 'registration with the restarted lookup service');
    // One renewal interval is a third of the 3 s lease.
    expect(Date.now() - t).to.be.below(1000);
  });

  it('the lookup cache merges both lookup services and removes an item only when it is gone from both', async () => {
    const a = await lookupService('lus-a');
    const b = await lookupService('lus-b');
    const watcherCred = issueCredential(pool, { name: 'console', roles: ['controller'] });
    const cache = new LookupCache({ credential: watcherCred, discovery: await discovery(watcherCred), template: { serviceTypes: ['lama.agent.v1.Agent'] } });
    const events: CacheEvent[] = [];
    cache.events.subscribe((e) => events.push(e));
    await cache.start();
    closers.push(() => cache.stop());
    const { join } = await joiner('node-5', 1500);
    // Both registrations answered (the feeds can show the item before the joiner has its reply).
    await until(() => cache.get(join.serviceId)?.lookups.length === 2 && join.registrations.filter((r) => r.leaseId).length === 2, 5000, 'item in both feeds');
    expect(events.filter((e) => e.type === 'added')).to.have.length(1);
    // Gone from one lookup service only: still in the merged view.
    const leaseA = join.registrations.find((r) => r.lookup.serviceId === a.serviceId)?.leaseId as string;
    await join.setAttributes([{ type: 'lama.Name', fields: { name: 'node-5' } }, { type: 'lama.Role', fields: { role: 'web-server' } }]);
    await until(() => events.some((e) => e.type === 'changed'), 3000, 'changed event');
    await b.stop();
    await until(() => cache.get(join.serviceId)?.lookups.length === 1, 5000, 'feed of b dropped');
    expect(events.filter((e) => e.type === 'removed')).to.have.length(0);
    await join.stop();
    await until(() => cache.get(join.serviceId) === undefined, 3000, 'removal');
    expect(events.at(-1)).to.include({ type: 'removed', reason: 'CANCELLED' });
    expect(leaseA).to.be.a('string');
  });

  it('the lookup cache resynchronises a feed that shows a sequence gap', async () => {
    // A real registrar never skips a number (it sends RESYNC instead), so a scripted feed stands in.
    const watchers: Subscriber<RemoteWatchEvent>[] = [];
    const fakeClient = {
      watch: () => new Observable<RemoteWatchEvent>((s) => { watchers.push(s); }),
      close: () => undefined,
    } as unknown as RegistrarClient;
    const credential = issueCredential(pool, { name: 'console', roles: ['controller'] });
    const fakeDiscovery = { events: new Observable((s) => s.next({ type: 'discovered', lookup: { serviceId: 'L', name: 'lus', endpoint: 'x:1', groups: [], bootId: 'b', source: 'unicast' } })) } as unknown as DiscoveryManager;
    const cache = new LookupCache({ credential, discovery: fakeDiscovery, clientFactory: () => fakeClient });
    const events: CacheEvent[] = [];
    cache.events.subscribe((e) => events.push(e));
    await cache.start();
    closers.push(() => cache.stop());
    const item = (id: string) => ({ serviceId: id, serviceTypes: [], endpoint: '', attributes: [], owner: 'o' });
    const ev = (sequence: number, kind: RemoteWatchEvent['kind'], id = '', transition: RemoteWatchEvent['transition'] = 'TRANSITION_UNSPECIFIED') =>
      ({ kind, sequence, revision: sequence, registrarId: 'r', transition, serviceId: id, item: id ? item(id) : null, reason: 'REASON_UNSPECIFIED', leaseRemainingMs: 0 }) as RemoteWatchEvent;
    watchers[0].next(ev(1, 'SNAPSHOT_ITEM', 'a'));
    watchers[0].next(ev(2, 'SNAPSHOT_ITEM', 'b'));
    watchers[0].next(ev(3, 'SYNCED'));
    expect(cache.items.map((i) => i.item.serviceId).sort()).to.deep.equal(['a', 'b']);
    // Sequence 5 after 3: something was lost. The cache must reopen with a snapshot and diff.
    watchers[0].next(ev(5, 'TRANSITION', 'c', 'NOMATCH_MATCH'));
    expect(watchers).to.have.length(2);
    expect(cache.get('c')).to.equal(undefined);
    watchers[1].next(ev(1, 'SNAPSHOT_ITEM', 'a'));
    watchers[1].next(ev(2, 'SNAPSHOT_ITEM', 'c'));
    watchers[1].next(ev(3, 'SYNCED'));
    expect(cache.items.map((i) => i.item.serviceId).sort()).to.deep.equal(['a', 'c']);
    expect(events.map((e) => `${e.type}:${e.item.serviceId}`)).to.deep.equal(['added:a', 'added:b', 'removed:b', 'added:c']);
  });
});
