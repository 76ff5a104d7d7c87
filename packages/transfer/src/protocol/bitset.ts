/** A fixed-size set of small integers (packet or block indices), one bit each. */
export class Bitset {
  private readonly bits: Uint8Array;
  private ones = 0;

  constructor(readonly size: number) {
    this.bits = new Uint8Array(Math.ceil(size / 8));
  }

  has(i: number): boolean {
    return (this.bits[i >>> 3] & (1 << (i & 7))) !== 0;
  }

  /** Sets bit i; returns false when it was already set. */
  add(i: number): boolean {
    const mask = 1 << (i & 7);
    if (this.bits[i >>> 3] & mask) return false;
    this.bits[i >>> 3] |= mask;
    this.ones++;
    return true;
  }

  delete(i: number): boolean {
    const mask = 1 << (i & 7);
    if (!(this.bits[i >>> 3] & mask)) return false;
    this.bits[i >>> 3] &= ~mask;
    this.ones--;
    return true;
  }

  /** The first index >= from whose bit is set, or -1 (skips clear bytes whole). */
  nextSet(from: number): number {
    let i = Math.max(0, from);
    while (i < this.size) {
      const byte = this.bits[i >>> 3];
      if (byte === 0) {
        i = (i | 7) + 1;
        continue;
      }
      if (byte & (1 << (i & 7))) return i;
      i++;
    }
    return -1;
  }

  get count(): number {
    return this.ones;
  }

  get full(): boolean {
    return this.ones === this.size;
  }

  /** Maximal runs [start, end) of indices whose bit equals `value`, within [from, to). */
  *runs(value: boolean, from = 0, to = this.size): Generator<[number, number]> {
    let i = from;
    while (i < to) {
      // Skip whole bytes that hold no candidate.
      if ((i & 7) === 0 && i + 8 <= to && this.bits[i >>> 3] === (value ? 0 : 0xff)) {
        i += 8;
        continue;
      }
      if (this.has(i) !== value) {
        i++;
        continue;
      }
      const start = i;
      while (i < to) {
        if ((i & 7) === 0 && i + 8 <= to && this.bits[i >>> 3] === (value ? 0xff : 0)) {
          i += 8;
          continue;
        }
        if (this.has(i) !== value) break;
        i++;
      }
      yield [start, i];
    }
  }
}

