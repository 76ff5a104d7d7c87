import type { AnnouncementCapture } from './announcement-capture.js';
import { FuzzKit, type FuzzCredentials, type FuzzPacket, type FuzzTarget, type Weighted } from './fuzz-wire.js';
import { QueryAttacks } from './query-attacks.js';
import { RandomDamage } from './random-damage.js';
import { ResponseAttacks } from './response-attacks.js';
import type { SeededRandom } from './seeded-random.js';

export type { FuzzCredentials, FuzzPacket, FuzzTarget } from './fuzz-wire.js';

/**
 * The flood: random and damaged packets, bad queries at the lookup service and bad responses
 * at joiners, each built with the library's own encoders and signers and then broken in one
 * specific way, drawn at random by weight.
 */
export class FuzzFactory {
  private readonly responses: ResponseAttacks;
  private readonly weighted: Weighted[];
  private readonly totalWeight: number;

  constructor(private readonly rng: SeededRandom, creds: FuzzCredentials, target: FuzzTarget, capture: AnnouncementCapture, canUnicast: boolean) {
    const kit = new FuzzKit(rng, creds, target, capture, canUnicast);
    this.responses = new ResponseAttacks(kit);
    this.weighted = [...new RandomDamage(kit).weighted(), ...new QueryAttacks(kit).weighted(), ...this.responses.weighted()];
    this.totalWeight = this.weighted.reduce((s, [w]) => s + w, 0);
  }

  /** Keeps an answer the lookup service sent to one of our genuine queries (replayed later to joiners). */
  noteAnswer(bytes: Buffer): void {
    this.responses.noteAnswer(bytes);
  }

  next(): FuzzPacket {
    let r = this.rng.next() * this.totalWeight;
    for (const [w, make] of this.weighted) {
      r -= w;
      if (r < 0) return make();
    }
    return this.weighted[0][1]();
  }
}
