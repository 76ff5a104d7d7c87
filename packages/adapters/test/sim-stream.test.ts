import { get, request, type ClientRequest, type IncomingMessage } from 'node:http';
import { expect } from 'chai';
import { systemClock, VirtualClock } from '@lama/lookup';
import { sleep, until } from '@lama/testkit';
import { InvalidOptionsError, InvalidParamError, loadAdapterFactory, parseParams, type AdapterContext, type AdapterInstance, type AdapterMetrics } from '../src/index.js';
import { simStreamAdapter } from '../src/builtin/index.js';
import { adapterConformance } from '../src/conformance/index.js';


/** A context that remembers log lines and unexpected exits. */
function recordingCtx(): AdapterContext & { lines: string[]; exits: string[] } {
  const lines: string[] = [];
  const exits: string[] = [];
  const log = (message: string): void => { lines.push(message); };
  return { name: 'sim', stateDir: '/nonexistent', clock: systemClock, exited: (r) => exits.push(r), log: { debug: log, info: log, warn: log, error: log }, lines, exits };
}

/** A listener on the loopback: resolves with the response (status and headers) and counts bytes. */
class Listener {
  bytes = 0;
  firstByteAt = 0;
  closed = false;
  readonly response: Promise<IncomingMessage>;
  readonly ended: Promise<void>;
  private readonly req: ClientRequest;

  constructor(port: number, path = '/live') {
    let ended: () => void = () => undefined;
    this.ended = new Promise((r) => { ended = () => { this.closed = true; r(); }; });
    this.req = get({ host: '127.0.0.1', port, path, agent: false });
    this.response = new Promise((resolve, reject) => {
      this.req.once('response', (res) => {
        res.on('data', (c: Buffer) => {
          if (!this.firstByteAt) this.firstByteAt = Date.now();
          this.bytes += c.length;
        });
        res.once('close', ended);
        resolve(res);
      });
      this.req.once('error', (err) => { ended(); reject(err); });
    });
    this.response.catch(() => undefined);
    this.req.once('close', ended);
  }

  stop(): void {
    this.req.destroy();
  }
}

function head(port: number, method: string, path: string): Promise<{ status: number; headers: IncomingMessage['headers']; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.once('error', reject);
    req.end();
  });
}

adapterConformance('sim-stream (built-in)', () => ({
  factory: simStreamAdapter,
  options: { listen: '127.0.0.1:0', bitsPerSec: 16_000 },
  validParams: { RelayFrom: '127.0.0.1:18000/live', maxListeners: '5' },
  invalidParams: { RelayFrom: 'http://127.0.0.1:18000/live' },
}));

describe('sim-stream adapter', function () {
  this.timeout(20_000);
  const running: AdapterInstance[] = [];
  const listeners: Listener[] = [];
  afterEach(async () => {
    for (const l of listeners.splice(0)) l.stop();
    for (const i of running.splice(0)) await i.stop();
  });

  const make = async (raw: Record<string, unknown> = {}): Promise<{ a: AdapterInstance; port: number; ctx: ReturnType<typeof recordingCtx> }> => {
    const ctx = recordingCtx();
    const a = await simStreamAdapter.create(simStreamAdapter.options({ listen: '127.0.0.1:0', ...raw }), ctx);
    running.push(a);
    await a.start();
    return { a, port: (await a.status()).port, ctx };
  };
  const listen = (port: number, path?: string): Listener => {
    const l = new Listener(port, path);
    listeners.push(l);
    return l;
  };

  it('is a built-in by name, a streaming-server, and says it is simulated', async () => {
    expect(await loadAdapterFactory('sim-stream')).to.equal(simStreamAdapter);
    expect(simStreamAdapter.rolesFor(simStreamAdapter.options({ listen: '127.0.0.1:0' }))).to.deep.equal(['streaming-server']);
    expect(simStreamAdapter.description).to.match(/simulated/i).and.match(/not icecast2/);
    const { ctx, port } = await make();
    expect(ctx.lines.join('\n')).to.match(/simulated streaming server.*not icecast2/);
    const page = await head(port, 'GET', '/');
    expect(page.body).to.match(/simulated streaming server \(not icecast2\)/);
  });

  it('validates its options, naming the key', () => {
    expect(simStreamAdapter.options({ listen: '[::1]:18000' })).to.deep.equal({ listen: { host: '::1', port: 18000 }, mount: '/live', bitsPerSec: 16_000, maxListeners: -1, relayFrom: '' });
    const bad: [Record<string, unknown>, RegExp][] = [
      [{}, /'listen' is required/],
      [{ listen: 'localhost:18000' }, /'listen' must be IP:PORT/],
      [{ listen: '127.0.0.1:65536' }, /'listen'/],
      [{ listen: '300.0.0.1:80' }, /'listen'/],
      [{ listen: '127.0.0.1:0', mount: 'live' }, /'mount'/],
      [{ listen: '127.0.0.1:0', bitsPerSec: 0 }, /'bitsPerSec'/],
      [{ listen: '127.0.0.1:0', maxListeners: -2 }, /'maxListeners'/],
      [{ listen: '127.0.0.1:0', relayFrom: 'x' }, /'relayFrom'/],
      [{ listen: '127.0.0.1:0', port: 1 }, /unknown key 'port'/],
    ];
    for (const [raw, why] of bad) expect(() => simStreamAdapter.options(raw), JSON.stringify(raw)).to.throw(InvalidOptionsError, why);
  });

  it('streams about bitsPerSec to a listener and measures it as bits_per_sec', async () => {
    const { a, port } = await make({ bitsPerSec: 64_000 });
    const l = listen(port);
    const res = await l.response;
    expect(res.statusCode).to.equal(200);
    expect(res.headers['content-type']).to.equal('audio/mpeg');
    await until('the first byte', () => l.firstByteAt > 0);
    const from = { t: Date.now(), bytes: l.bytes };
    await sleep(2500);
    const bps = ((l.bytes - from.bytes) * 8) / ((Date.now() - from.t) / 1000);
    expect(bps, 'received bit/s').to.be.within(64_000 * 0.75, 64_000 * 1.25);
    const m = await a.status();
    expect(m.listeners).to.equal(1);
    expect(m.bits_per_sec, 'bits_per_sec metric').to.be.within(64_000 * 0.6, 64_000 * 1.4);
    expect(m.bytes_sent).to.be.at.least(l.bytes);
    expect(m['mount:/live:listeners']).to.equal(1);
  });

  it('paces and measures on the context clock: virtual seconds give exact figures without sleeping', async () => {
    const clock = new VirtualClock();
    const ctx = { ...recordingCtx(), clock };
    const a = await simStreamAdapter.create(simStreamAdapter.options({ listen: '127.0.0.1:0', bitsPerSec: 16_000 }), ctx);
    running.push(a);
    await a.start();
    const l = listen((await a.status()).port);
    expect((await l.response).statusCode).to.equal(200);
    await until('the stream to be registered', async () => (await a.status()).listeners === 1);
    expect((await a.status()).bytes_sent, 'nothing is sent before virtual time moves').to.equal(0);
    // 2 s: the rate meter's second interval sees exactly one second of 100 ms pacing ticks.
    clock.advance(2000);
    const m = await a.status();
    expect(m.uptime_seconds).to.equal(2);
    expect(m.bits_per_sec).to.equal(16_000);
    expect(m.bytes_sent).to.equal(2000 * 2);
    await until('the listener to receive what was paced', () => l.bytes === 4000);
  });

  it('counts listeners, refuses those beyond maxListeners with 503, and lets one in when another leaves', async () => {
    const { a, port } = await make({ maxListeners: 2 });
    const [l1, l2] = [listen(port), listen(port)];
    expect((await l1.response).statusCode).to.equal(200);
    expect((await l2.response).statusCode).to.equal(200);
    expect((await a.status()).listeners).to.equal(2);
    const full = await head(port, 'GET', '/live');
    expect(full.status).to.equal(503);
    expect(full.body).to.match(/full \(maxListeners 2\)/);
    l1.stop();
    await until('the listener count to drop', async () => (await a.status()).listeners === 1);
    const l3 = listen(port);
    expect((await l3.response).statusCode).to.equal(200);
    await a.set({ maxListeners: -1 });
    const l4 = listen(port);
    expect((await l4.response).statusCode).to.equal(200);
    const m = await a.status();
    expect(m.listeners).to.equal(3);
    expect(m.listeners_refused).to.equal(1);
  });

  it('stop() drops every listener, closes the port, and is not reported as an exit', async () => {
    const { a, port, ctx } = await make();
    const ls = [listen(port), listen(port), listen(port)];
    for (const l of ls) expect((await l.response).statusCode).to.equal(200);
    await a.stop();
    await Promise.all(ls.map((l) => l.ended));
    expect(ls.every((l) => l.closed)).to.equal(true);
    expect(await a.status()).to.deep.equal({});
    const refused = await head(port, 'GET', '/live').then(() => 'answered', (e: NodeJS.ErrnoException) => e.code);
    expect(refused).to.equal('ECONNREFUSED');
    expect(ctx.exits).to.deep.equal([]);
  });

  it('takes RelayFrom in icecast syntax, reports relaying, and fetches nothing; bad values change nothing', async () => {
    const { a, ctx } = await make();
    expect((await a.status()).relaying).to.equal(0);
    const good = parseParams('sim', simStreamAdapter.params, { RelayFrom: '127.0.0.1:18000/live', maxListeners: '7' });
    await a.set(good);
    expect(a.params()).to.deep.equal({ RelayFrom: '127.0.0.1:18000/live', maxListeners: 7 });
    expect((await a.status()).relaying).to.equal(1);
    expect(ctx.lines.join('\n')).to.match(/RelayFrom stored \(simulated: nothing is fetched/);
    for (const bad of ['http://127.0.0.1:18000/live', '127.0.0.1:18000', '127.0.0.1:70000/live', 'a b:1/x']) {
      expect(() => parseParams('sim', simStreamAdapter.params, { RelayFrom: bad }), bad).to.throw(InvalidParamError, /parameter 'RelayFrom'/);
    }
    // Past the SDK's check too: the adapter itself refuses, before taking maxListeners.
    const err = await a.set({ maxListeners: 1, RelayFrom: 'nope' }).then(() => undefined, (e: unknown) => e);
    expect(err).to.be.instanceOf(InvalidParamError);
    expect(a.params()).to.deep.equal({ RelayFrom: '127.0.0.1:18000/live', maxListeners: 7 });
    await a.set({ RelayFrom: '' });
    expect((await a.status()).relaying).to.equal(0);
  });

  it('answers HEAD on the mount, 404 elsewhere and 405 to other methods', async () => {
    const { a, port } = await make({ mount: '/radio/high.mp3' });
    expect((await head(port, 'HEAD', '/radio/high.mp3')).status).to.equal(200);
    expect((await head(port, 'GET', '/live')).status).to.equal(404);
    expect((await head(port, 'PUT', '/radio/high.mp3')).status).to.equal(405);
    expect((await a.status()).listeners).to.equal(0);
  });

  it('refuses to start on an address in use, saying so', async () => {
    const { port } = await make();
    const ctx = recordingCtx();
    const b = await simStreamAdapter.create(simStreamAdapter.options({ listen: `127.0.0.1:${port}` }), ctx);
    running.push(b);
    const err = await b.start().then(() => undefined, (e: Error) => e);
    expect(err?.message).to.match(/cannot listen on 127\.0\.0\.1:\d+: the address is already in use/);
    expect(await b.status()).to.deep.equal({} satisfies AdapterMetrics);
  });
});
