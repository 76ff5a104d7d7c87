import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { sleep, until as waitUntil } from '@lama/testkit';
import { type AdapterContext, type AdapterInstance } from '@lama/adapters';
import { redirectorAdapter, simStreamAdapter } from '@lama/adapters/builtin';
import { systemClock } from '@lama/lookup';
import { ListenerPool, NotLoopbackError, WorkloadOptionsError, type ListenerPoolCounts } from '../src/demo/workload/index.js';

const none = (): void => undefined;
const ctx = (name: string): AdapterContext => ({ name, stateDir: '/nonexistent', clock: systemClock, exited: none, log: { debug: none, info: none, warn: none, error: none } });

const until = (what: string, check: () => Promise<boolean> | boolean, ms = 8000): Promise<void> => waitUntil(what, check, ms);

describe('workload: listener pool (real listeners through the redirector to sim-stream servers)', function () {
  this.timeout(30_000);
  const instances: AdapterInstance[] = [];
  const pools: ListenerPool[] = [];
  const servers: Server[] = [];
  afterEach(async () => {
    for (const p of pools.splice(0)) await p.stop();
    for (const i of instances.splice(0)) await i.stop();
    for (const s of servers.splice(0)) await new Promise((r) => { s.closeAllConnections(); s.close(r); });
  });

  const simStream = async (name: string, options: Record<string, unknown> = {}): Promise<{ a: AdapterInstance; address: string }> => {
    const a = await simStreamAdapter.create(simStreamAdapter.options({ listen: '127.0.0.1:0', bitsPerSec: 8000, ...options }), ctx(name));
    instances.push(a);
    await a.start();
    return { a, address: `127.0.0.1:${(await a.status()).port}` };
  };
  const redirector = async (members: string[]): Promise<{ a: AdapterInstance; url: string }> => {
    const a = await redirectorAdapter.create(redirectorAdapter.options({ listen: '127.0.0.1:0', members }), ctx('dispatcher'));
    instances.push(a);
    await a.start();
    return { a, url: `http://127.0.0.1:${(await a.status()).port}/live` };
  };
  const pool = (url: string, o: Partial<ConstructorParameters<typeof ListenerPool>[0]> = {}): ListenerPool => {
    const p = new ListenerPool({ url, reopenDelayMs: 100, timeoutMs: 2000, ...o });
    pools.push(p);
    return p;
  };
  const listenersOf = async (a: AdapterInstance): Promise<number> => (await a.status()).listeners;
  const settled = (p: ListenerPool, want: (c: ListenerPoolCounts) => boolean, what: string): Promise<void> => until(`${what} (${JSON.stringify(p.counts())})`, () => want(p.counts()));

  it('holds the target split over the members, moves listeners off a stopped member, closes down to 0', async () => {
    const A = await simStream('a');
    const B = await simStream('b');
    const d = await redirector([A.address, B.address]);
    const p = pool(d.url);

    p.setTarget(10);
    await settled(p, (c) => c.connected === 10, '10 connected');
    expect(p.counts().perMember).to.deep.equal({ [A.address]: 5, [B.address]: 5 });
    expect(await listenersOf(A.a)).to.equal(5);
    expect(await listenersOf(B.a)).to.equal(5);
    await until('stream bytes', () => p.counts().bytes > 0);

    // The allocator's release: out of the dispatcher first, then stop the node.
    await d.a.set({ members: [A.address] });
    await B.a.stop();
    await settled(p, (c) => c.connected === 10 && c.perMember[A.address] === 10, 'all 10 on A');
    expect(p.counts().perMember).to.deep.equal({ [A.address]: 10 });
    expect(p.counts().drops).to.equal(5);
    await until('A to count 10 listeners', async () => (await listenersOf(A.a)) === 10);

    p.setTarget(4);
    expect(p.counts().connected).to.equal(4);
    await until('A to count 4 listeners', async () => (await listenersOf(A.a)) === 4);

    p.setTarget(0);
    expect(p.counts()).to.include({ connected: 0, connecting: 0, waiting: 0 });
    expect(p.counts().perMember).to.deep.equal({});
    await until('A to count no listeners', async () => (await listenersOf(A.a)) === 0);
    expect(p.counts().drops).to.equal(5);
  });

  it('stop() closes every listener', async () => {
    const A = await simStream('a');
    const d = await redirector([A.address]);
    const p = pool(d.url);
    p.setTarget(6);
    await settled(p, (c) => c.connected === 6, '6 connected');
    await p.stop();
    expect(p.counts().connected).to.equal(0);
    await until('A to count no listeners', async () => (await listenersOf(A.a)) === 0);
    p.setTarget(3);
    expect(p.counts().target).to.equal(0);
  });

  it('keeps the listeners a member refuses (503) waiting, and takes them when it has room', async () => {
    const A = await simStream('a', { maxListeners: 3 });
    const d = await redirector([A.address]);
    const p = pool(d.url, { reopenDelayMs: 50, maxBackoffMs: 200 });
    p.setTarget(5);
    await settled(p, (c) => c.connected === 3 && c.failures >= 2, '3 connected, refusals counted');
    expect(p.counts().lastError).to.match(/answered 503/);
    await A.a.set({ maxListeners: -1 });
    await settled(p, (c) => c.connected === 5, '5 connected');
  });

  it('does not spin on a dead dispatcher: attempts are rate-limited and back off', async () => {
    const d = await redirector([]);
    const url = d.url;
    await d.a.stop();
    const p = pool(url, { maxAttemptsPerSec: 10, reopenDelayMs: 100 });
    p.setTarget(50);
    await sleep(1500);
    const c = p.counts();
    expect(c.connected).to.equal(0);
    expect(c.failures, 'attempts in 1.5 s at 10/s').to.be.within(1, 17);
    expect(c.lastError).to.match(/ECONNREFUSED/);
  });

  it('counts a 503 from the dispatcher (no member) as a failure and retries later', async () => {
    const d = await redirector([]);
    const p = pool(d.url, { maxAttemptsPerSec: 20 });
    p.setTarget(2);
    await settled(p, (c) => c.failures >= 2, 'two failures');
    expect(p.counts().lastError).to.match(/answered 503/);
    const A = await simStream('a');
    await d.a.set({ members: [A.address] });
    await settled(p, (c) => c.connected === 2, '2 connected once a member is there');
  });

  it('refuses a dispatcher off the loopback, and never follows a redirect off it', async () => {
    for (const url of ['http://localhost:8000/live', 'http://10.0.0.1:8000/live', 'http://[::1]:8000/live', 'http://128.0.0.1:80/']) {
      expect(() => new ListenerPool({ url }), url).to.throw(NotLoopbackError);
    }
    expect(() => new ListenerPool({ url: 'https://127.0.0.1:8443/live' })).to.throw(WorkloadOptionsError);
    expect(() => new ListenerPool({ url: 'not a url' })).to.throw(WorkloadOptionsError);
    expect(() => new ListenerPool({ url: 'http://127.0.0.256/live' })).to.throw(WorkloadOptionsError);
    expect(() => new ListenerPool({ url: 'http://127.0.0.1:1/live', maxAttemptsPerSec: 0 })).to.throw(WorkloadOptionsError, /maxAttemptsPerSec/);

    // A "dispatcher" that sends listeners to TEST-NET-1, an address nothing here may reach.
    let asked = 0;
    const evil = createServer((_req, res) => {
      asked++;
      res.writeHead(302, { Location: 'http://192.0.2.1:8000/live' }).end();
    });
    servers.push(evil);
    await new Promise<void>((r) => evil.listen(0, '127.0.0.1', r));
    const p = pool(`http://127.0.0.1:${(evil.address() as AddressInfo).port}/live`, { maxAttemptsPerSec: 20 });
    p.setTarget(1);
    await settled(p, (c) => c.failures >= 2, 'two refused redirects');
    expect(p.counts().connected).to.equal(0);
    expect(p.counts().lastError).to.match(/not followed: .*'192\.0\.2\.1:8000' is not on 127\.0\.0\.0\/8/);
    expect(asked).to.be.at.least(2);
  });

  it('alsoAllowHost admits only the hosts it accepts (a namespace lab\'s /24), for the dispatcher and its redirects', async () => {
    const lab = (host: string): boolean => host.startsWith('10.135.0.');
    expect(() => new ListenerPool({ url: 'http://10.135.0.13:8000/live', alsoAllowHost: lab })).to.not.throw();
    expect(() => new ListenerPool({ url: 'http://10.135.1.13:8000/live', alsoAllowHost: lab })).to.throw(NotLoopbackError);
    expect(() => new ListenerPool({ url: 'http://10.135.0.13:8000/live' })).to.throw(NotLoopbackError);
    // A redirect outside the allowed hosts is still not followed.
    const evil = createServer((_req, res) => { res.writeHead(302, { Location: 'http://192.0.2.1:8000/live' }).end(); });
    servers.push(evil);
    await new Promise<void>((r) => evil.listen(0, '127.0.0.1', r));
    const p = pool(`http://127.0.0.1:${(evil.address() as AddressInfo).port}/live`, { maxAttemptsPerSec: 20, alsoAllowHost: lab });
    p.setTarget(1);
    await settled(p, (c) => c.failures >= 1, 'a refused redirect');
    expect(p.counts().lastError).to.match(/not followed: .*'192\.0\.2\.1:8000'/);
  });
});
