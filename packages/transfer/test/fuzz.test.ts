import { expect } from 'chai';
import { encodeNaks, encodePacket, encodeSlice, seededRandom, type DropCounts } from '../src/index.js';
import { MemoryNetwork, START, VirtualClock, makePool, memoryReceiver, memorySender, runUntil } from './helpers/session.js';
import { tempDir, treeDigest, writeTree } from './helpers/trees.js';

/** Malformed, oversized and hostile datagrams, some with the live session's ID so they reach the deeper checks. */
function* hostile(count: number, session: bigint, seed: number): Generator<Buffer> {
  const rnd = seededRandom(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)));
  const valid = (): Buffer => {
    switch (int(8)) {
      case 0: return encodePacket({ type: 'announce', session, digest: bytes(32), manifestBytes: int(1e9), packetSize: int(65_536), packetsPerBlock: int(65_536), totalPackets: int(2 ** 32), streamBytes: int(2 ** 40), rateKbps: 1, group: '239.255.77.14', port: 17140, round: 0 });
      case 1: return encodeSlice('data', session, int(2 ** 32), bytes(1 + int(1500)));
      case 2: return encodeSlice('manifest', session, int(64), bytes(1 + int(1500)));
      case 3: return encodeNaks({ session, receiver: BigInt(int(1e9)), round: int(5), kind: int(2) ? 'data' : 'manifest', final: false }, [[int(1e6), 1e6 + int(1e6)]], 1400)[0]!;
      case 4: return encodePacket({ type: 'status', session, receiver: BigInt(int(1e9)), round: int(9), missingPackets: int(9), missingFiles: 0 });
      case 5: return encodePacket({ type: 'register', session, receiver: BigInt(int(1e9)), name: 'x'.repeat(int(100)), token: 'x'.repeat(int(700)), proof: 'p'.repeat(int(120)) });
      case 6: return encodePacket({ type: 'round-end', session, round: int(9), final: false, backoffMs: int(50) });
      default: return encodePacket({ type: 'register-ack', session, receiver: BigInt(int(1e9)) });
    }
  };
  for (let i = 0; i < count; i++) {
    const kind = i % 6;
    if (kind === 0) yield bytes(int(1600));
    else if (kind === 1) yield Buffer.alloc(9000 + int(56_000), int(256));
    else if (kind === 2) {
      const b = valid();
      yield b.subarray(0, int(b.length));
    } else if (kind === 3) {
      const b = Buffer.from(valid());
      for (let k = 0; k < 1 + int(4); k++) b[int(b.length)] = int(256);
      yield b;
    } else if (kind === 4) {
      const b = Buffer.from(valid());
      b[3] = int(256);
      yield b;
    } else {
      yield Buffer.concat([valid(), bytes(1 + int(64))]);
    }
  }
}

const total = (d: DropCounts) => Object.values(d).reduce((n: number, v) => n + (v ?? 0), 0);

describe('transfer under hostile datagrams at both ends', function () {
  this.timeout(60_000);
  it('10,000 malformed or oversized datagrams to the sender and to a receiver: no crash, each counted by reason, the transfer still lands bit-identical', async () => {
    const clock = new VirtualClock(START);
    const net = new MemoryNetwork(clock);
    const { credential, member } = makePool(clock);
    const src = tempDir();
    const dst = tempDir();
    try {
      writeTree(src.dir);
      const { sender } = memorySender(net, clock, credential, src.dir, { receivers: 1 });
      const { receiver } = memoryReceiver(net, clock, member, dst.dir, 'target', {}, 9);
      const attacker = net.attach(() => undefined, '10.0.0.66');
      sender.start();
      const N = 10_000;
      const toSender = [...hostile(N, sender.session, 1)];
      const toReceiver = [...hostile(N, sender.session, 2)];
      // Spread over the transfer: a few datagrams every millisecond, straight to each end.
      let i = 0;
      const inject = () => {
        for (let k = 0; k < 100 && i < N; k++, i++) {
          sender.receive(toSender[i], attacker.peer);
          receiver.receive(toReceiver[i], attacker.peer);
        }
        if (i < N) clock.setTimer(inject, 1);
      };
      clock.setTimer(inject, 2);
      const result = await runUntil(clock, sender.done);
      expect(i).to.equal(N);
      expect(result.complete).to.equal(true);
      expect(treeDigest(dst.dir)).to.deep.equal(treeDigest(src.dir));
      const sd = result.stats.drops;
      const rd = receiver.stats.drops;
      // Nearly all are dropped with a reason; the rest were well-formed enough to be harmless (a NAK, a duplicate).
      expect(total(sd)).to.be.at.least(N * 0.8);
      expect(total(rd) + receiver.stats.duplicates + receiver.stats.blocksRejected).to.be.at.least(N * 0.8);
      for (const reason of ['short', 'oversized', 'magic', 'type', 'length']) {
        expect(sd[reason] ?? 0, `sender ${reason}`).to.be.greaterThan(0);
        expect(rd[reason] ?? 0, `receiver ${reason}`).to.be.greaterThan(0);
      }
      console.log(`      sender drops ${JSON.stringify(sd)}\n      receiver drops ${JSON.stringify(rd)} duplicates ${receiver.stats.duplicates} blocks rejected ${receiver.stats.blocksRejected}`);
    } finally {
      src.remove();
      dst.remove();
    }
  });
});
