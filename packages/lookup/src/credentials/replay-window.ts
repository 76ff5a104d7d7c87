/**
 * Remembers single-use values (nonces) for as long as the message carrying them could be
 * accepted, so a replay inside the window is always caught. When full of live entries it
 * refuses new ones instead of forgetting live ones: forgetting would reopen the replay.
 */
export class ReplayWindow {
  // Insertion order is expiry order when every entry lives windowMs from when it was seen.
  private readonly entries = new Map<string, number>();

  constructor(private readonly windowMs: number, readonly capacity: number) {}

  /** True when key was accepted and is still within its window. */
  has(key: string, now: number): boolean {
    const until = this.entries.get(key);
    return until !== undefined && until >= now;
  }

  /** Records key until now + windowMs (+ slack for a timestamp ahead of us); false when full of live entries. */
  add(key: string, now: number, aheadMs = 0): boolean {
    this.prune(now);
    if (this.entries.size >= this.capacity) return false;
    this.entries.set(key, now + this.windowMs + Math.max(0, aheadMs));
    return true;
  }

  get size(): number {
    return this.entries.size;
  }

  private prune(now: number): void {
    for (const [k, until] of this.entries) {
      if (until >= now) break;
      this.entries.delete(k);
    }
  }
}
