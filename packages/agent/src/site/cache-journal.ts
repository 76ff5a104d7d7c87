import { appendFile, readFile, rename, writeFile } from 'node:fs/promises';

/**
 * When each cached object was last used, kept durable as an append-only file of
 * `NAME MS` lines (the last line of a name wins) and rewritten whole when it has grown to
 * several times the live entries. Losing its tail in a crash only makes LRU order coarser.
 */
export class CacheJournal {
  private pending: string[] = [];
  private lines = 0;

  constructor(private readonly path: string) {}

  /** Reads every name's last use. */
  async load(): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    const text = await readFile(this.path, 'utf8').catch(() => '');
    for (const line of text.split('\n')) {
      const [name, ms] = line.split(' ');
      if (name && ms && Number.isFinite(Number(ms))) out.set(name, Number(ms));
      if (line) this.lines++;
    }
    return out;
  }

  /** Records a use (written at the next flush). */
  record(name: string, ms: number): void {
    this.pending.push(`${name} ${ms}\n`);
  }

  /**
   * Appends the recorded uses; compacts when the file holds over 4 lines per live entry. Best
   * effort: a failure (a full disk) drops these uses and never fails the caller's operation.
   */
  async flush(live: Map<string, { lastUsed: number }>): Promise<void> {
    try {
      if (this.pending.length) {
        const text = this.pending.join('');
        this.lines += this.pending.length;
        this.pending = [];
        await appendFile(this.path, text);
      }
      if (this.lines > 4 * live.size + 1000) {
        const tmp = `${this.path}.tmp`;
        await writeFile(tmp, [...live].map(([n, e]) => `${n} ${e.lastUsed}\n`).join(''));
        await rename(tmp, this.path);
        this.lines = live.size;
      }
    } catch {
      // The cost is coarser LRU order after a restart, nothing more.
    }
  }
}
