import type { ServerResponse } from 'node:http';
import { every, type Clock, type Timer } from '@lama/lookup';

interface Stream {
  res: ServerResponse;
  /** When its pacing began (moved forward when it falls too far behind). */
  since: number;
  sent: number;
}

const TICK_MS = 100;
// Bytes that look like nothing in particular; every listener gets slices of the same buffer.
const FILLER = Buffer.alloc(64 * 1024);
for (let i = 0; i < FILLER.length; i++) FILLER[i] = (i * 31 + 7) & 0xff;

/**
 * Endless streams of filler bytes, each paced at bitsPerSec by elapsed time (a late timer
 * is caught up, not lost). A listener that does not read is not buffered for: past
 * maxBehindMs of backlog its stream skips ahead, as a live stream cannot wait for anyone.
 */
export class PacedStreams {
  /** Bytes handed to the sockets since the last reset(). */
  bytesSent = 0;
  private readonly streams = new Set<Stream>();
  private timer: Timer | undefined;
  private readonly bytesPerMs: number;

  constructor(private readonly clock: Clock, bitsPerSec: number, private readonly maxBehindMs = 2000) {
    this.bytesPerMs = bitsPerSec / 8 / 1000;
  }

  get count(): number {
    return this.streams.size;
  }

  /** Streams to res from now on, until it closes. */
  add(res: ServerResponse): void {
    const s: Stream = { res, since: this.clock.now(), sent: 0 };
    this.streams.add(s);
    res.once('close', () => this.streams.delete(s));
    this.timer ??= every(this.clock, TICK_MS, () => this.tick());
  }

  private tick(): void {
    const now = this.clock.now();
    for (const s of this.streams) {
      let owed = Math.floor((now - s.since) * this.bytesPerMs) - s.sent;
      const limit = Math.ceil(this.maxBehindMs * this.bytesPerMs);
      if (owed > limit) {
        s.since += (owed - limit) / this.bytesPerMs;
        owed = limit;
      }
      while (owed > 0 && !s.res.writableNeedDrain && !s.res.destroyed) {
        const n = Math.min(owed, FILLER.length);
        s.res.write(FILLER.subarray(0, n));
        s.sent += n;
        this.bytesSent += n;
        owed -= n;
      }
    }
    if (this.streams.size === 0 && this.timer) {
      this.timer.cancel();
      this.timer = undefined;
    }
  }

  /** Forgets every stream (their connections are closed by the server) and the byte count. */
  reset(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.streams.clear();
    this.bytesSent = 0;
  }
}
