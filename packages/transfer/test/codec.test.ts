import { expect } from 'chai';
import { Bitset, MAX_DATAGRAM, PacketError, decodePacket, encodeNaks, encodePacket, encodeSlice, seededRandom, type Packet } from '../src/index.js';

describe('transfer packet codec', () => {
  const session = 0x0123456789abcdefn;

  it('every packet type survives a round trip', () => {
    const packets: Packet[] = [
      { type: 'announce', session, digest: Buffer.alloc(32, 7), manifestBytes: 123_456, packetSize: 1440, packetsPerBlock: 45, totalPackets: 81_234, streamBytes: 116_977_000, rateKbps: 97_000, group: '239.255.77.14', port: 17140, round: 3 },
      { type: 'round-end', session, round: 9, final: true, backoffMs: 20 },
      { type: 'end', session, reason: 'deadline', signature: Buffer.alloc(64, 5) },
      { type: 'register', session, receiver: 42n, name: 'node-7:/srv/cache', token: 'eyJ2IjoxfQ.c2ln', proof: '2.1.n.s' },
      { type: 'register-ack', session, receiver: 42n },
      { type: 'status', session, receiver: 42n, round: 2, missingPackets: 17, missingFiles: 3 },
      { type: 'data', session, index: 77, data: Buffer.from('payload') },
      { type: 'manifest', session, index: 2, data: Buffer.from('manifest') },
    ];
    for (const p of packets) expect(decodePacket(encodePacket(p as Exclude<Packet, { type: 'nak' }>))).to.deep.equal(p);
  });

  it('NAKs carry any missing set exactly, as ranges and bitmaps, in datagrams under the limit', () => {
    const rnd = seededRandom(11);
    for (const density of [0.01, 0.05, 0.3, 0.9]) {
      const size = 90_000;
      const missing = new Bitset(size);
      for (let i = 0; i < size; i++) if (rnd() < density) missing.add(i);
      // A long run too, as a late receiver has.
      for (let i = 50_000; i < 60_000; i++) missing.add(i);
      const ranges = [...missing.runs(true)];
      const datagrams = encodeNaks({ session, receiver: 5n, round: 1, kind: 'data', final: false }, ranges, 1400);
      const back = new Bitset(size);
      for (const d of datagrams) {
        expect(d.length).to.be.at.most(1400);
        const p = decodePacket(d);
        if (p.type !== 'nak') throw new Error('not a nak');
        for (const [s, e] of p.ranges) for (let i = s; i < e; i++) back.add(i);
      }
      expect(back.count).to.equal(missing.count);
      expect([...back.runs(true)]).to.deep.equal(ranges);
      // 5 % random loss of 90,000 packets fits in a handful of datagrams (about a bit per packet).
      if (density === 0.05) expect(datagrams.length).to.be.at.most(12);
    }
  });

  it('refuses what does not parse, naming the reason', () => {
    const good = encodePacket({ type: 'status', session, receiver: 1n, round: 0, missingPackets: 0, missingFiles: 0 });
    const cases: [Buffer, string][] = [
      [Buffer.alloc(5), 'short'],
      [Buffer.alloc(MAX_DATAGRAM + 1), 'oversized'],
      [Buffer.concat([Buffer.from('XX'), good.subarray(2)]), 'magic'],
      [Buffer.from(good).fill(9, 2, 3), 'version'],
      [Buffer.from(good).fill(99, 3, 4), 'type'],
      [good.subarray(0, good.length - 1), 'length'],
      [encodeSlice('data', session, 1, Buffer.alloc(0)), 'length'],
    ];
    for (const [b, reason] of cases) {
      expect(() => decodePacket(b)).to.throw(PacketError).with.property('reason', reason);
    }
  });
});
