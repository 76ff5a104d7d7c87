import { createSocket } from 'node:dgram';
import { expect } from 'chai';
import { createPoolKey, issueCredential } from '@lama/lookup';
import { receiveOverUdp, sendOverUdp, type UdpReceive } from '../src/index.js';
import { tempDir, treeDigest, writeTree } from './helpers/trees.js';

// The brief's loopback scope for transfer tests: group 239.255.77.14, ports 17140-17149, TTL 1.
const SCOPE = { group: '239.255.77.14', interface: '127.0.0.1', ttl: 1 };

describe('transfer over real UDP multicast on loopback', function () {
  // Correctness, not speed: on 2 loaded cores the in-process receivers drop datagrams and repair rounds take longer.
  this.timeout(90_000);
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('one sender, three receivers (one with 5 % simulated loss): every tree bit-identical, every socket closed', async () => {
    const pool = createPoolKey();
    const source = issueCredential(pool, { name: 'cache-source', roles: ['agent'] });
    const node = issueCredential(pool, { name: 'new-server', roles: ['agent'] });
    const src = tempDir();
    cleanups.push(src.remove);
    writeTree(src.dir, 300, 3);
    const receives: UdpReceive[] = [];
    const targets: string[] = [];
    for (let i = 0; i < 3; i++) {
      const t = tempDir();
      cleanups.push(t.remove);
      targets.push(t.dir);
      const r = await receiveOverUdp({ ...SCOPE, port: 17141, credential: node, target: t.dir, name: `node-${i}`, simulateLoss: i === 2 ? { rate: 0.05, burst: 1 } : undefined, lingerMs: 500 });
      cleanups.push(() => r.stop());
      receives.push(r);
    }
    const send = await sendOverUdp({ ...SCOPE, port: 17141, source: { dir: src.dir }, credential: source, rateBps: 200e6, receivers: 3, registerTimeoutMs: 5000 });
    cleanups.push(() => send.stop());
    const result = await send.done;
    expect(result.complete, JSON.stringify(result.receivers)).to.equal(true);
    expect(result.receivers).to.have.length(3);
    for (const r of receives) expect((await r.done).complete).to.equal(true);
    const want = treeDigest(src.dir);
    for (const t of targets) expect(treeDigest(t)).to.deep.equal(want);
    expect(receives[2].transport.loss!.dropped).to.be.greaterThan(0);
    expect(result.stats.repairPackets).to.be.greaterThan(0);
  });

  it('a group that cannot be joined on the interface (not this host\'s) fails the start and leaves no socket bound', async () => {
    const node = issueCredential(createPoolKey(), { name: 'new-server', roles: ['agent'] });
    const t = tempDir();
    cleanups.push(t.remove);
    // TEST-NET-1: no address of this host, so the kernel refuses the membership and nothing is sent.
    const err = await receiveOverUdp({ ...SCOPE, interface: '192.0.2.1', port: 17142, credential: node, target: t.dir, name: 'n' }).then(() => undefined, (e: Error) => e);
    expect(err?.message).to.match(/addMembership/);
    // The port is free again: a socket without SO_REUSEADDR binds it.
    const probe = createSocket({ type: 'udp4' });
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.bind(17142, '0.0.0.0', resolve);
    });
    probe.close();
  });
});
