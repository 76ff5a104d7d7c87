import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { freePort, sleep } from '@lama/testkit';
import { type AdapterInstance } from '@lama/adapters';
import { icecastAdapter } from '@lama/adapters/builtin';
import { systemClock } from '@lama/lookup';
import { IcecastSource, NotLoopbackError, WorkloadOptionsError } from '../src/demo/workload/index.js';

const none = (): void => undefined;


interface Seen { method: string; url: string; headers: Record<string, string | string[] | undefined>; bytes: number; firstAt: number; closedAt: number }

/** A stand-in icecast that records what a source sends, accepting or refusing it at 100-continue. */
async function fakeIcecast(answer: number): Promise<{ server: Server; port: number; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer();
  server.on('checkContinue', (req, res) => {
    const s: Seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, bytes: 0, firstAt: 0, closedAt: 0 };
    seen.push(s);
    if (answer !== 100) return void res.writeHead(answer).end();
    res.writeContinue();
    req.on('data', (c: Buffer) => {
      if (!s.firstAt) s.firstAt = Date.now();
      s.bytes += c.length;
    });
    req.on('close', () => { s.closedAt = Date.now(); res.end(); });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as AddressInfo).port, seen };
}

describe('workload: icecast source client', function () {
  this.timeout(60_000);
  const sources: IcecastSource[] = [];
  const servers: Server[] = [];
  afterEach(async () => {
    for (const s of sources.splice(0)) s.stop();
    for (const s of servers.splice(0)) await new Promise((r) => { s.closeAllConnections(); s.close(r); });
  });
  const source = (o: Partial<ConstructorParameters<typeof IcecastSource>[0]> & { port: number }): IcecastSource => {
    const s = new IcecastSource({ host: '127.0.0.1', mount: '/live', password: 'hackme-pw', bitsPerSec: 64_000, maxMs: 10_000, ...o });
    sources.push(s);
    return s;
  };

  it('PUTs with basic auth, audio/mpeg and Expect: 100-continue, then paces its bytes and stops at maxMs', async () => {
    const ice = await fakeIcecast(100);
    servers.push(ice.server);
    const s = source({ port: ice.port, maxMs: 2500 });
    await s.accepted;
    await s.closed;
    await sleep(100);
    const [seen] = ice.seen;
    expect(seen.method).to.equal('PUT');
    expect(seen.url).to.equal('/live');
    expect(seen.headers.authorization).to.equal(`Basic ${Buffer.from('source:hackme-pw').toString('base64')}`);
    expect(seen.headers['content-type']).to.equal('audio/mpeg');
    expect(seen.headers.expect).to.equal('100-continue');
    const seconds = (seen.closedAt - seen.firstAt) / 1000;
    expect(seconds, 'stopped by maxMs').to.be.within(1.8, 3);
    expect((seen.bytes * 8) / seconds, 'bit/s received').to.be.within(64_000 * 0.75, 64_000 * 1.3);
    expect(s.bytesSent).to.equal(seen.bytes);
  });

  it('rejects accepted when icecast refuses the source', async () => {
    const ice = await fakeIcecast(401);
    servers.push(ice.server);
    const err = await source({ port: ice.port }).accepted.then(() => undefined, (e: Error) => e);
    expect(err?.message).to.match(/icecast refused the source on \/live: HTTP 401/);
  });

  it('refuses a host off the loopback and bad options before connecting', () => {
    for (const host of ['localhost', '10.0.0.1', '::1']) expect(() => new IcecastSource({ host, port: 8000, mount: '/live', password: 'x', bitsPerSec: 1000, maxMs: 10 }), host).to.throw(NotLoopbackError);
    expect(() => new IcecastSource({ host: '127.0.0.1', port: 0, mount: '/live', password: 'x', bitsPerSec: 1000, maxMs: 10 })).to.throw(WorkloadOptionsError, /^port:/);
    expect(() => new IcecastSource({ host: '127.0.0.1', port: 8000, mount: 'live', password: 'x', bitsPerSec: 1000, maxMs: 10 })).to.throw(WorkloadOptionsError, /^mount:/);
    expect(() => new IcecastSource({ host: '127.0.0.1', port: 8000, mount: '/live', password: 'x', bitsPerSec: 0, maxMs: 10 })).to.throw(WorkloadOptionsError, /^bitsPerSec:/);
  });

  it('feeds a real icecast2 (run by the icecast adapter): a listener hears the stream', async () => {
    if (!existsSync('/usr/bin/icecast2')) throw new Error('/usr/bin/icecast2 is missing (install the Debian package icecast2; scripts/test.sh does)');
    const stateDir = mkdtempSync(join(tmpdir(), 'lama-source-test-'));
    const port = await freePort();
    const ice: AdapterInstance = await icecastAdapter.create(icecastAdapter.options({ listen: `127.0.0.1:${port}`, sourcePassword: 'source-pw-1' }), {
      name: 'ice', stateDir, clock: systemClock, exited: none, log: { debug: none, info: none, warn: none, error: none },
    });
    try {
      await ice.start();
      const s = source({ port, password: 'source-pw-1', bitsPerSec: 128_000, maxMs: 20_000 });
      await s.accepted;
      let m = await ice.status();
      for (let i = 0; i < 50 && m.sources !== 1; i++) {
        await sleep(100);
        m = await ice.status();
      }
      expect(m.sources).to.equal(1);
      const heard = await new Promise<number>((resolve, reject) => {
        let bytes = 0;
        const req = get({ host: '127.0.0.1', port, path: '/live', agent: false }, (res) => {
          expect(res.statusCode).to.equal(200);
          res.on('data', (c: Buffer) => { bytes += c.length; });
        });
        req.on('error', reject);
        setTimeout(() => { req.destroy(); resolve(bytes); }, 1500);
      });
      expect(heard).to.be.greaterThan(8000);
      s.stop();
      await s.closed;
    } finally {
      await ice.stop();
      await ice.close?.();
      rmSync(stateDir, { recursive: true, force: true });
    }
  });
});
