import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request, get, type ClientRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { RELAY_FROM, parseRelayFrom } from '@lama/lookup';
import { childPids, freePort, sleep } from '@lama/testkit';
import { AdapterSupervisor, InvalidOptionsError, InvalidParamError, loadAdapterFactory, ParamNotAllowedError, type AdapterLogger } from '../src/index.js';
import { icecastAdapter } from '../src/builtin/index.js';
import { adapterConformance } from '../src/conformance/index.js';
import { parseIcecastStats } from '../src/builtin/icecast/admin-stats.js';
import { BandwidthTracker } from '../src/builtin/icecast/bandwidth.js';
import { renderIcecastConfig, xmlEscape, type IcecastConfig } from '../src/builtin/icecast/config-writer.js';
import { parseIcecastOptions } from '../src/builtin/icecast/options.js';

const ICECAST = '/usr/bin/icecast2';
const quiet: AdapterLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

function requireIcecast(): void {
  if (!existsSync(ICECAST)) throw new Error(`${ICECAST} is missing (install the Debian package icecast2; scripts/test.sh does)`);
}


/** Kills what is left and fails: every icecast a test starts must be stopped by the adapter. */
function assertNoIcecastLeft(): void {
  const left = childPids(process.pid, 'icecast2');
  for (const pid of left) process.kill(pid, 'SIGKILL');
  if (left.length) throw new Error(`icecast2 processes left running (now killed): ${left.join(', ')}`);
}

/** A bounded source client: HTTP PUT with basic auth, bitsPerSec of filler for at most ms. */
function pushSource(port: number, mount: string, password: string, bitsPerSec: number, ms: number): { req: ClientRequest; accepted: Promise<void>; stop: () => void } {
  const req = request({
    host: '127.0.0.1', port, path: mount, method: 'PUT', auth: `source:${password}`, agent: false,
    headers: { 'Content-Type': 'audio/mpeg', Expect: '100-continue' },
  });
  const chunk = Buffer.alloc(Math.round(bitsPerSec / 8 / 10), 0x5a);
  let timer: NodeJS.Timeout | undefined;
  const end = Date.now() + ms;
  const stop = (): void => {
    if (timer) clearInterval(timer);
    req.destroy();
  };
  const accepted = new Promise<void>((resolve, reject) => {
    req.once('continue', () => {
      timer = setInterval(() => (Date.now() > end ? stop() : req.write(chunk)), 100);
      resolve();
    });
    req.once('response', (res) => reject(new Error(`source refused: HTTP ${res.statusCode}`)));
    req.once('error', reject);
  });
  accepted.catch(() => undefined);
  req.on('error', () => undefined);
  req.flushHeaders();
  return { req, accepted, stop };
}

/**
 * GETs a mount for ms and counts the bytes (at most maxBytes); resolves with the count and
 * status, status 0 when the connection was reset before an answer could be read.
 */
function listen(port: number, mount: string, ms: number, maxBytes = 4_000_000): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve) => {
    const req = get({ host: '127.0.0.1', port, path: mount, agent: false }, (res) => {
      let bytes = 0;
      const done = (): void => {
        clearTimeout(t);
        req.destroy();
        resolve({ status: res.statusCode ?? 0, bytes });
      };
      const t = setTimeout(done, ms);
      res.on('data', (c: Buffer) => {
        bytes += c.length;
        if (bytes >= maxBytes) done();
      });
      res.on('end', done);
      res.on('error', done);
    });
    req.on('error', () => resolve({ status: 0, bytes: 0 }));
  });
}

// icecast refuses a client over <clients> as it accepts it, before reading the request: the
// client reads the 403, or gets a reset first.
const refused = (status: number): boolean => status === 403 || status === 0;

describe('icecast adapter: options, config, stats, rates', () => {
  it('is the built-in "icecast" with role streaming-server', async () => {
    expect(await loadAdapterFactory('icecast')).to.equal(icecastAdapter);
    expect(icecastAdapter.rolesFor(icecastAdapter.options({ listen: '127.0.0.1:18000' }))).to.deep.equal(['streaming-server']);
  });

  it('fills defaults and refuses bad options, naming the key', () => {
    const o = parseIcecastOptions({ listen: '127.0.0.1:18000' });
    expect(o).to.deep.include({ hostname: '127.0.0.1', clients: 100, maxListeners: -1, relayFrom: '', relayRetrySeconds: 2, binary: ICECAST, mounts: [] });
    expect(o.sourcePassword).to.equal(undefined);
    const bad: [unknown, RegExp][] = [
      [{}, /'listen' is required/],
      [{ listen: '127.0.0.1' }, /'listen' must be HOST:PORT/],
      [{ listen: '127.0.0.1:70000' }, /'listen' must be HOST:PORT/],
      [{ listen: '127.0.0.1:18000', clients: 1 }, /'clients' must be an integer from 2/],
      [{ listen: '127.0.0.1:18000', relayRetrySeconds: 0 }, /'relayRetrySeconds' must be an integer from 1/],
      [{ listen: '127.0.0.1:18000', maxListeners: 'many' }, /'maxListeners' must be an integer/],
      [{ listen: '127.0.0.1:18000', sourcePassword: 'a\nb' }, /'sourcePassword' must be 4 to 256 characters/],
      [{ listen: '127.0.0.1:18000', mounts: ['live'] }, /'mounts' must be a list of mount points/],
      [{ listen: '127.0.0.1:18000', relayFrom: 'a:1/x</mount>' }, /'relayFrom' must be HOST:PORT\/MOUNT/],
      [{ listen: '127.0.0.1:18000', relayFrom: 'a:1/../admin' }, /'relayFrom' must be HOST:PORT\/MOUNT/],
      [{ listen: '127.0.0.1:18000', relaySources: ['a'] }, /'relaySources' must be a list of HOST:PORT sources/],
      [{ listen: '127.0.0.1:18000', relayFrom: 'b:1/x', relaySources: ['a:1'] }, /^icecast options: 'relayFrom' must name a source relaySources lists \(a:1\)$/],
      [{ listen: '127.0.0.1:18000', binary: 'icecast2' }, /'binary' must be an absolute path/],
      [{ listen: '127.0.0.1:18000', user: 'root;x' }, /'user' must be a user name/],
      [{ listen: '127.0.0.1:18000', colour: 'blue' }, /unknown key 'colour'/],
      [[1], /must be an object/],
    ];
    for (const [raw, message] of bad) expect(() => parseIcecastOptions(raw), JSON.stringify(raw)).to.throw(InvalidOptionsError, message);
  });

  it('RelayFrom is HOST:PORT/MOUNT or empty, nothing else', () => {
    for (const ok of ['', '127.0.0.1:8000/live', 'radio.example:65535/a/b.mp3']) expect(RELAY_FROM.test(ok), ok).to.equal(true);
    for (const no of ['127.0.0.1:8000', '127.0.0.1:65536/live', ':8000/live', 'h:0/live', 'h:80/', 'h:80/a b', 'h:80/x<y', 'h:80/x&y', '[::1]:80/live', 'h:80//x',
      'h:80/..', 'h:80/live/../admin/stats', 'h:80/./live', 'h:80/%2e%2e/admin', 'h:80/live/%2E']) {
      expect(RELAY_FROM.test(no), no).to.equal(false);
    }
    expect(parseRelayFrom('127.0.0.1:8000/radio/live')).to.deep.equal({ host: '127.0.0.1', port: 8000, mount: '/radio/live' });
    expect(parseRelayFrom('')).to.equal(null);
    expect(parseRelayFrom('nope')).to.equal(undefined);
  });

  it('escapes every value it writes: a password cannot add an element', () => {
    const evil = `x</source-password><relay><server>evil</server></relay><source-password>"'&`;
    const c: IcecastConfig = {
      location: 'lama:t:1', hostname: 'h', listen: { host: '127.0.0.1', port: 18000 }, clients: 5, sources: 2, maxListeners: -1,
      sourcePassword: evil, adminPassword: 'a&b', mounts: ['/live'], relay: null, relayRetrySeconds: 2, shareDir: '/usr/share/icecast2', logDir: '/tmp',
    };
    const xml = renderIcecastConfig(c);
    expect(xml).to.not.contain('<relay>');
    expect(xml).to.contain(`<source-password>${xmlEscape(evil)}</source-password>`);
    expect(xmlEscape(evil)).to.not.match(/[<>"']/);
    expect(xml).to.contain('<admin-password>a&amp;b</admin-password>');
    expect(xml).to.not.contain('<changeowner>');
    const relayed = renderIcecastConfig({ ...c, relay: { host: '10.0.0.1', port: 8000, mount: '/live' }, changeOwner: { user: 'icecast2', group: 'icecast' } });
    expect(relayed).to.match(/<relay>\s*<server>10\.0\.0\.1<\/server>\s*<port>8000<\/port>\s*<mount>\/live<\/mount>\s*<local-mount>\/live<\/local-mount>/);
    expect(relayed).to.contain('<master-update-interval>2</master-update-interval>');
    expect(relayed).to.contain('<changeowner><user>icecast2</user><group>icecast</group></changeowner>');
  });

  it('parses /admin/stats: global fields apart from each mount', () => {
    const s = parseIcecastStats('<?xml version="1.0"?>\n<icestats><clients>3</clients><listeners>2</listeners><location>lama:x:1</location><sources>1</sources>'
      + '<source mount="/a&amp;b"><listeners>2</listeners><max_listeners>unlimited</max_listeners><title>x &lt; y</title><total_bytes_sent>1000</total_bytes_sent></source></icestats>');
    expect(s.global).to.deep.equal({ clients: '3', listeners: '2', location: 'lama:x:1', sources: '1' });
    expect([...s.mounts.keys()]).to.deep.equal(['/a&b']);
    expect(s.mounts.get('/a&b')).to.deep.include({ listeners: '2', title: 'x < y', total_bytes_sent: '1000' });
    expect(() => parseIcecastStats('<html>')).to.throw(/no <icestats>/);
  });

  it('turns counters refreshed every 5 s into bits/s between refreshes', () => {
    const b = new BandwidthTracker();
    const at = (t: number, read: number, sent: number): void => b.observe(t, new Map([['/live', { read, sent }]]));
    at(0, 500, 900); // first sight: written at an unknown time before, no rate from it
    at(500, 500, 900);
    at(1000, 1000, 2000);
    expect(b.rate('/live', 1000).sentBitsPerSec).to.equal(0);
    for (let t = 1500; t < 6000; t += 500) at(t, 1000, 2000);
    at(6000, 6000, 12_000);
    expect(b.rate('/live', 6000)).to.deep.equal({ sentBitsPerSec: 16_000, readBitsPerSec: 8000 });
    expect(b.rate('/live', 6000 + 12_001).sentBitsPerSec).to.equal(0); // nothing new for 12 s: nothing flows
    at(7000, 10, 10); // a new source: counters restart, no negative rate
    expect(b.rate('/live', 7000).sentBitsPerSec).to.equal(0);
    b.observe(8000, new Map());
    expect(b.rate('/live', 8000).sentBitsPerSec).to.equal(0);
  });
});

let relayPort = 0;
adapterConformance('icecast (built-in, the real icecast2)', async () => {
  requireIcecast();
  const port = await freePort();
  relayPort = await freePort();
  return {
    factory: icecastAdapter,
    options: { listen: `127.0.0.1:${port}`, mounts: ['/live'] },
    validParams: { RelayFrom: `127.0.0.1:${relayPort}/live`, clients: '20', maxListeners: '3' },
    invalidParams: { RelayFrom: '127.0.0.1:1/live</mount><relay>' },
    cleanup: assertNoIcecastLeft,
  };
});

describe('icecast adapter with the real icecast2 (loopback)', function () {
  this.timeout(60_000);
  const sups: AdapterSupervisor[] = [];
  const dirs: string[] = [];
  const sources: { stop: () => void }[] = [];

  before(requireIcecast);
  afterEach(async () => {
    for (const s of sources.splice(0)) s.stop();
    for (const s of sups.splice(0)) await s.close();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  after(assertNoIcecastLeft);

  const make = async (options: Record<string, unknown>): Promise<AdapterSupervisor> => {
    const stateDir = mkdtempSync(join(tmpdir(), 'lama-icecast-test-'));
    dirs.push(stateDir);
    const s = await AdapterSupervisor.create('ice', icecastAdapter, options, { log: quiet, stateDir }, { backoffMs: 100, startRetries: 1 });
    sups.push(s);
    return s;
  };

  it('B relays A after Set RelayFrom (SIGHUP, same pid); RelayFrom= stops it', async () => {
    const [pa, pb] = [await freePort(), await freePort()];
    const a = await make({ listen: `127.0.0.1:${pa}`, sourcePassword: 'source-a-pw' });
    const b = await make({ listen: `127.0.0.1:${pb}` });
    await a.start();
    await b.start();
    const src = pushSource(pa, '/live', 'source-a-pw', 132_000, 20_000);
    sources.push(src);
    await src.accepted;
    const pid = (await b.view()).metrics.pid;
    await b.set({ RelayFrom: `127.0.0.1:${pa}/live` });
    let v = await b.view();
    expect(v.metrics.pid, 'reloaded, not restarted').to.equal(pid);
    for (let i = 0; i < 50 && v.metrics.relaying !== 1; i++) {
      await sleep(100);
      v = await b.view();
    }
    expect(v.metrics.relaying).to.equal(1);
    expect(v.metrics.sources).to.equal(1);
    const heard = await listen(pb, '/live', 2000);
    expect(heard.status).to.equal(200);
    expect(heard.bytes).to.be.greaterThan(16_000);
    await b.set({ RelayFrom: '' });
    v = await b.view();
    for (let i = 0; i < 50 && v.metrics.sources !== 0; i++) {
      await sleep(100);
      v = await b.view();
    }
    expect(v.metrics.sources).to.equal(0);
    expect(v.metrics.relaying).to.equal(0);
    expect(v.metrics.pid).to.equal(pid);
  });

  it('maxListeners reaches a running source by SIGHUP; clients caps every connection', async () => {
    const p = await freePort();
    const a = await make({ listen: `127.0.0.1:${p}`, sourcePassword: 'source-a-pw' });
    await a.start();
    const src = pushSource(p, '/live', 'source-a-pw', 64_000, 20_000);
    sources.push(src);
    await src.accepted;
    await sleep(300);
    expect((await a.view()).metrics['mount:/live:listeners']).to.equal(0);
    await a.set({ maxListeners: '1' });
    const first = listen(p, '/live', 1500);
    await sleep(300);
    const second = await listen(p, '/live', 500);
    expect(second.status, 'second listener over maxListeners=1').to.equal(403);
    expect((await first).status).to.equal(200);
    // The source and one listener fill clients=2. icecast counts every connection, the
    // adapter's own stats requests (two a second, a few ms each) too: a listener that comes
    // just then is refused, so the first one may need another try.
    await a.set({ maxListeners: '-1', clients: '2' });
    let one = listen(p, '/live', 2500);
    for (let i = 0; i < 10; i++) {
      const early = await Promise.race([one, sleep(300).then(() => undefined)]);
      if (!early || !refused(early.status)) break;
      one = listen(p, '/live', 2500);
    }
    const two = await listen(p, '/live', 500);
    expect(refused(two.status), `a client over clients=2 got ${two.status}`).to.equal(true);
    // Full: the adapter's own stats request is refused too (a 403, or a reset before it is read).
    const full = await a.view();
    expect(full.message).to.match(/HTTP 403 \(refused, e\.g\. the <clients> limit is reached\)|connection reset \(icecast does this over its <clients> limit\)/);
    expect((await one).status).to.equal(200);
  });

  it('reports a crash, and the supervisor starts icecast again', async () => {
    const a = await make({ listen: `127.0.0.1:${await freePort()}` });
    await a.start();
    const pid = (await a.view()).metrics.pid;
    process.kill(pid, 'SIGKILL');
    let v = await a.view();
    for (let i = 0; i < 100 && !(v.restarts === 1 && v.state === 'RUNNING'); i++) {
      await sleep(50);
      v = await a.view();
    }
    expect(v.state).to.equal('RUNNING');
    expect(v.restarts).to.equal(1);
    expect(v.metrics.pid).to.not.equal(pid);
  });

  it('a taken port fails the start with icecast\'s own words; a missing binary says so', async () => {
    const port = await freePort();
    const a = await make({ listen: `127.0.0.1:${port}` });
    await a.start();
    const b = await make({ listen: `127.0.0.1:${port}` });
    const err = await b.start().then(() => undefined, (e: Error) => e);
    expect(b.state).to.equal('FATAL');
    expect(err?.message).to.match(/icecast2 exited during start \(code \d+.*(listen|socket)/i);
    const c = await make({ listen: `127.0.0.1:${await freePort()}`, binary: '/nonexistent/icecast2' });
    const missing = await c.start().then(() => undefined, (e: Error) => e);
    expect(missing?.message).to.match(/cannot run \/nonexistent\/icecast2/);
  });

  it('Set while stopped is kept for the next start', async () => {
    const port = await freePort();
    const a = await make({ listen: `127.0.0.1:${port}` });
    await a.set({ clients: '7', RelayFrom: '127.0.0.1:1/x' });
    await a.start();
    expect((await a.view()).params).to.deep.equal({ RelayFrom: '127.0.0.1:1/x', clients: '7', maxListeners: '-1' });
  });

  // The hostile controller: it may Set RelayFrom (a controller credential, or a replayed one)
  // and tries to make the node fetch a path outside a mount, or from a source nobody listed.
  it('Set RelayFrom with . or .. segments, or from a source outside relaySources, is refused and changes nothing', async () => {
    const [pa, pb] = [await freePort(), await freePort()];
    const b = await make({ listen: `127.0.0.1:${pb}`, relaySources: [`127.0.0.1:${pa}`] });
    await b.start();
    const before = await b.view();
    const refusal = (p: Promise<unknown>): Promise<Error | undefined> => p.then(() => undefined, (e: Error) => e);
    for (const RelayFrom of [`127.0.0.1:${pa}/..`, `127.0.0.1:${pa}/live/../admin/stats`, `127.0.0.1:${pa}/./live`, `127.0.0.1:${pa}/%2e%2e/admin`]) {
      const err = await refusal(b.set({ RelayFrom }));
      expect(err, RelayFrom).to.be.instanceOf(InvalidParamError);
      expect(err?.message).to.match(/^parameter 'RelayFrom': '.*' does not match /);
    }
    for (const RelayFrom of ['127.0.0.1:22/live', `10.0.0.1:${pa}/live`, `localhost:${pa}/live`]) {
      const err = await refusal(b.set({ RelayFrom, maxListeners: '1' }));
      expect(err, RelayFrom).to.be.instanceOf(ParamNotAllowedError);
      expect(err?.message).to.equal(`parameter 'RelayFrom': ${RelayFrom} is not from an allowed source (127.0.0.1:${pa}): the operator's config does not allow it`);
    }
    const after = await b.view();
    expect(after.params).to.deep.equal(before.params);
    expect(after.metrics.pid).to.equal(before.metrics.pid);
    expect(after.metrics.relaying).to.equal(0);
    // The listed source is accepted.
    await b.set({ RelayFrom: `127.0.0.1:${pa}/live` });
    expect((await b.view()).params.RelayFrom).to.equal(`127.0.0.1:${pa}/live`);
  });
});
