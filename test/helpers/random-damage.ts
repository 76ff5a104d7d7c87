import { SERVICE_TYPE } from '@lama/lookup';
import { QUERY_RECORD, encodeName, type FuzzKit, type FuzzPacket, type Route, type Weighted } from './fuzz-wire.js';

/** Random bytes, DNS-shaped noise, and genuine packets truncated or bit-flipped; outcomes from the oracle. */
export class RandomDamage {
  constructor(private readonly kit: FuzzKit) {}

  weighted(): Weighted[] {
    return [
      [10, () => this.randomBytes()],
      [8, () => this.dnsShaped()],
      [10, () => this.truncated()],
      [6, () => this.bitFlipped()],
      [1, () => this.kit.predicted('oversized-random', this.kit.rng.bytes(this.kit.rng.int(9_000, 60_000)))],
    ];
  }

  /** A genuine, complete packet to damage. */
  private validSource(): Buffer {
    const { kit } = this;
    const latest = kit.capture.latest;
    const pick = kit.rng.int(0, 2);
    if (pick === 0 || !latest) return kit.queryBytes(kit.queryFields(kit.creds.member));
    if (pick === 1) return latest.bytes;
    return kit.responseBytes(kit.signedAnnounce(kit.creds.strangerLookup));
  }

  private randomBytes(): FuzzPacket {
    const { kit } = this;
    const route: Route = kit.canUnicast && kit.rng.next() < 0.2 ? 'joiner' : 'group';
    return kit.predicted('random-bytes', kit.rng.bytes(kit.rng.int(0, 600)), route);
  }

  /** A plausible header and record counts over random or name-like bytes, to get past the header check. */
  private dnsShaped(): FuzzPacket {
    const { rng } = this.kit;
    const header = Buffer.alloc(12);
    header.writeUInt16BE(rng.int(0, 0xffff), 0);
    header.writeUInt16BE(rng.pick([0, 0x8400, rng.int(0, 0xffff)]), 2);
    for (let i = 0; i < 4; i++) header.writeUInt16BE(rng.int(0, 3), 4 + 2 * i);
    const parts: Buffer[] = [header];
    const name = encodeName(rng.pick([SERVICE_TYPE, QUERY_RECORD, `${this.kit.target.instance}.${SERVICE_TYPE}`]));
    for (let i = rng.int(0, 6); i > 0; i--) parts.push(rng.next() < 0.5 ? name : rng.bytes(rng.int(0, 60)));
    return this.kit.predicted('random-dns-shaped', Buffer.concat(parts));
  }

  private truncated(): FuzzPacket {
    const src = this.validSource();
    return this.kit.predicted('truncated', src.subarray(0, this.kit.rng.int(0, src.length - 1)));
  }

  private bitFlipped(): FuzzPacket {
    const { rng } = this.kit;
    const bytes = Buffer.from(this.validSource());
    for (let i = rng.int(1, 4); i > 0; i--) bytes[rng.int(0, bytes.length - 1)] ^= 1 << rng.int(0, 7);
    return this.kit.predicted('bit-flipped', bytes);
  }
}
