import { expect } from 'chai';
import { LossFilter, seededRandom } from '../src/index.js';
import { MemoryNetwork, START, VirtualClock, makePool, memoryReceiver, memorySender, runUntil } from './helpers/session.js';
import { tempDirs, treeDigest, writeTree } from './helpers/trees.js';

describe('transfer protocol on virtual time (in-memory lossy network)', function () {
  this.timeout(60_000);
  const { temp, cleanup } = tempDirs();
  afterEach(cleanup);

  function setup(n: number, senderOptions = {}) {
    const clock = new VirtualClock(START);
    const net = new MemoryNetwork(clock);
    const { credential, member } = makePool(clock);
    const src = temp();
    writeTree(src);
    const s = memorySender(net, clock, credential, src, { receivers: n, ...senderOptions });
    const receivers = Array.from({ length: n }, (_, i) => memoryReceiver(net, clock, member, temp(), `node-${i}`, {}, i + 1));
    return { clock, net, credential, member, src, ...s, receivers };
  }

  it('without loss: every receiver holds a bit-identical tree after one pass, no part file left behind', async () => {
    const { clock, sender, receivers, src } = setup(3);
    sender.start();
    const result = await runUntil(clock, sender.done);
    expect(result.complete).to.equal(true);
    expect(result.stats.repairPackets).to.equal(0);
    expect(result.stats.rounds).to.equal(1);
    for (const { receiver } of receivers) {
      const r = await receiver.done;
      expect(r.complete).to.equal(true);
    }
    const want = treeDigest(src);
    for (const { receiver } of receivers) {
      const target = (receiver as unknown as { o: { target: string } }).o.target;
      expect(treeDigest(target)).to.deep.equal(want);
    }
  });

  it('never sends faster than the rate, headers counted', async () => {
    const { clock, sender, net } = setup(2, { rateBps: 8_000_000 });
    sender.start();
    await runUntil(clock, sender.done);
    const mine = net.log.filter((l) => l.from === '10.0.0.100');
    // Over every 50 ms window after the first burst: bytes on the wire (payload + 42) <= rate plus one burst.
    const first = mine[0].at;
    const last = mine[mine.length - 1].at;
    const burst = sender['bucket'].burstBytes;
    for (let t = first; t + 50 <= last; t += 10) {
      const bytes = mine.filter((l) => l.at >= t && l.at < t + 50).reduce((n, l) => n + l.bytes + 42, 0);
      expect(bytes).to.be.at.most(8_000_000 / 8 * 0.05 + burst + 600);
    }
  });

  for (const [label, rate, burst] of [['5 % random', 0.05, 1], ['10 % in bursts of 20', 0.1, 20]] as const) {
    it(`with ${label} loss at each receiver: bit-identical, repaired in rounds`, async () => {
      const { clock, sender, receivers, src } = setup(4);
      receivers.forEach(({ node }, i) => { node.loss = new LossFilter({ rate, burst }, seededRandom(100 + i)); });
      sender.start();
      const result = await runUntil(clock, sender.done);
      expect(result.complete, JSON.stringify(result.receivers)).to.equal(true);
      expect(result.stats.repairPackets).to.be.greaterThan(0);
      const want = treeDigest(src);
      for (const { receiver } of receivers) expect(treeDigest((receiver as unknown as { o: { target: string } }).o.target)).to.deep.equal(want);
    });
  }

  it('suppression: a loss every receiver shares costs about one report, not one per receiver', async () => {
    const { clock, sender, receivers, net } = setup(8, { backoffMs: 40 });
    net.sharedLoss = new LossFilter({ rate: 0.05, burst: 1 }, seededRandom(5));
    sender.start();
    const result = await runUntil(clock, sender.done);
    expect(result.complete).to.equal(true);
    const naks = receivers.reduce((n, { receiver }) => n + receiver.stats.nakDatagrams, 0);
    const suppressed = receivers.reduce((n, { receiver }) => n + receiver.stats.nakPacketsSuppressed, 0);
    expect(suppressed).to.be.greaterThan(0);
    // Without suppression every receiver would send its own NAKs each round.
    expect(naks).to.be.lessThan(8 * result.stats.rounds);
  });

  it('accept: the caller\'s veto refuses before anything is written; the files it skips are neither written nor asked for, also through spilled blocks under loss', async () => {
    const clock = new VirtualClock(START);
    const net = new MemoryNetwork(clock);
    const { credential, member } = makePool(clock);
    const src = temp();
    writeTree(src);
    const { sender } = memorySender(net, clock, credential, src, { receivers: 1 });
    const vetoed = temp();
    const refused: Error[] = [];
    const { receiver: no } = memoryReceiver(net, clock, member, vetoed, 'node-no', { accept: () => { throw new Error('not the source I was told of'); } }, 1);
    no.on('refused', (e: Error) => refused.push(e));
    const target = temp();
    let skip: string[] = [];
    const { receiver, node } = memoryReceiver(net, clock, member, target, 'node-0', {
      activeBlocks: 1,
      accept: (m) => {
        const idx = m.manifest.files.flatMap((f, i) => (i % 3 === 0 ? [i] : []));
        skip = idx.map((i) => m.manifest.files[i].path);
        return idx;
      },
    }, 2);
    node.loss = new LossFilter({ rate: 0.05, burst: 1 }, seededRandom(9));
    // The vetoed receiver registered and will never finish: the sender does not end, so wait for the other's completion.
    const complete = new Promise<void>((res) => receiver.once('complete', () => res()));
    sender.start();
    await runUntil(clock, complete);
    sender.stop();
    no.stop();
    receiver.stop();
    expect(receiver.complete).to.equal(true);
    expect(refused.map((e) => e.message)).to.deep.equal(['not the source I was told of']);
    expect(treeDigest(vetoed)).to.deep.equal({});
    const want = Object.fromEntries(Object.entries(treeDigest(src)).filter(([p]) => !skip.includes(p)));
    expect(skip.length).to.be.greaterThan(5);
    expect(treeDigest(target)).to.deep.equal(want);
  });
});
