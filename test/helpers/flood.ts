import { setTimeout as sleep } from 'node:timers/promises';
import type { FuzzFactory } from './fuzz-packets.js';
import type { FuzzTally } from './fuzz-tally.js';
import type { Destination, LoopbackSender } from './loopback-sender.js';

export interface FloodOptions {
  packets: number;
  /** Packets per burst, then a pause: bounded in count and in rate. */
  batch: number;
  pauseMs: number;
  group: Destination;
  /** The joiners' query ports; a packet routed 'joiner' goes to each. */
  unicast: Destination[];
}

/** Sends the factory's packets, tallying each; resolves with the time it took in ms. */
export async function flood(factory: FuzzFactory, tally: FuzzTally, sender: LoopbackSender, o: FloodOptions): Promise<number> {
  const t0 = Date.now();
  while (tally.sent < o.packets) {
    const batch: Promise<void>[] = [];
    for (let i = 0; i < o.batch && tally.sent < o.packets; i++) {
      const p = factory.next();
      tally.add(p);
      for (const dest of p.route === 'joiner' ? o.unicast : [o.group]) batch.push(sender.send(p.bytes, dest));
    }
    await Promise.all(batch);
    await sleep(o.pauseMs);
  }
  return Date.now() - t0;
}
