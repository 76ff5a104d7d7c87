import { EventEmitter } from 'node:events';
import { closeSync, fsyncSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { systemClock, type Clock, type Startable, type Timer } from '@lama/lookup';
import { StateDirWriteError } from '../errors.js';

/** A problem the node has now, as Status reports it. */
export interface NodeProblemView {
  code: string;
  message: string;
  sinceMs: number;
}

export interface StateDirProbeEvents {
  /** The directory stopped being writable (problem set) or became writable again (undefined). */
  change: [problem: NodeProblemView | undefined];
}

// One page: on tmpfs and most file systems the smallest write that needs a free block.
const PROBE = Buffer.alloc(4096, 0x2e);
const PROBE_FILE = '.lama-write-probe';

/**
 * Writes (and syncs, and removes) one page in the state directory every interval, so a full or
 * read-only disk shows in Status and the log before an adapter or a deployment trips on it.
 * Nothing else of the agent depends on that directory: Status and the lease keep going.
 */
export class StateDirProbe extends EventEmitter<StateDirProbeEvents> implements Startable {
  private timer: Timer | undefined;
  private current: NodeProblemView | undefined;
  private running = false;

  constructor(private readonly dir: string, private readonly intervalMs: number, private readonly clock: Clock = systemClock) {
    super();
  }

  /** The problem found by the latest check, if any. */
  get problem(): NodeProblemView | undefined {
    return this.current;
  }

  /** Checks once now, then every interval. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.tick();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.timer?.cancel();
    this.timer = undefined;
  }

  /** Checks the directory now; returns the problem found, if any. */
  check(): NodeProblemView | undefined {
    const file = join(this.dir, PROBE_FILE);
    let failure: Error | undefined;
    try {
      const fd = openSync(file, 'w');
      try {
        writeSync(fd, PROBE);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    } catch (err) {
      failure = err as Error;
    }
    // The probe must not hold the page it found, nor stay behind when the write half failed.
    try { unlinkSync(file); } catch { /* not created */ }
    if (!failure) {
      if (this.current) {
        this.current = undefined;
        this.emit('change', undefined);
      }
      return undefined;
    }
    const e = new StateDirWriteError(`state directory ${this.dir} cannot be written: ${failure.message}`);
    if (!this.current || this.current.message !== e.message) {
      this.current = { code: e.code, message: e.message, sinceMs: this.current?.sinceMs ?? this.clock.now() };
      this.emit('change', this.current);
    }
    return this.current;
  }

  private tick(): void {
    if (!this.running) return;
    this.check();
    this.timer = this.clock.setTimer(() => this.tick(), this.intervalMs);
  }
}
