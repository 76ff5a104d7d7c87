import { EventEmitter } from 'node:events';
import type { Clock, Timer } from '@lama/lookup';

/** How long one completed step took, and the CPU it cost the agent's process. */
export interface StepTime {
  step: string;
  seconds: number;
  /** User + system CPU seconds of the whole agent process during the step (other work it did meanwhile included). */
  cpuSeconds: number;
}

/** CPU seconds (user + system) this process has used so far. */
export type CpuMeter = () => number;

const processCpu: CpuMeter = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** A procedure's progress (the wire's DeploymentProgress without the life cycle). */
export interface StepProgress {
  /** The step in progress ('' when none). */
  step: string;
  files: number;
  bytes: number;
  /** Seconds since the procedure began. */
  seconds: number;
  steps: StepTime[];
  filesFromCacheSource: number;
  filesFromStore: number;
}

// File counts change per object: watchers hear of them at most this often (step changes at once).
const COUNT_REPORT_MS = 250;

/** Times a deployment's or a cleaning's steps on the agent's clock and tells watchers of every change. */
export class StepTracker extends EventEmitter<{ change: [] }> {
  private began = 0;
  private current = '';
  private done: StepTime[] = [];
  private counts = { files: 0, bytes: 0, filesFromCacheSource: 0, filesFromStore: 0 };
  private pending: Timer | undefined;

  constructor(private readonly clock: Clock, private readonly cpu: CpuMeter = processCpu) {
    super();
  }

  /** Starts a new procedure: no steps, no counts. */
  begin(): void {
    this.began = this.clock.now();
    this.current = '';
    this.done = [];
    this.counts = { files: 0, bytes: 0, filesFromCacheSource: 0, filesFromStore: 0 };
    this.changed();
  }

  /** Runs one step, timing it; a step that throws is not listed as completed. */
  async step<T>(name: string, fn: () => Promise<T>): Promise<T> {
    this.current = name;
    this.changed();
    const at = this.clock.now();
    const cpuAt = this.cpu();
    const out = await fn();
    this.done.push({ step: name, seconds: (this.clock.now() - at) / 1000, cpuSeconds: Math.round((this.cpu() - cpuAt) * 1000) / 1000 });
    this.current = '';
    this.changed();
    return out;
  }

  /** Counts objects that arrived (from the store or the cache source's multicast). */
  count(files: number, bytes: number, from: 'store' | 'cache-source'): void {
    this.counts.files += files;
    this.counts.bytes += bytes;
    if (from === 'store') this.counts.filesFromStore += files;
    else this.counts.filesFromCacheSource += files;
    this.pending ??= this.clock.setTimer(() => {
      this.pending = undefined;
      this.emit('change');
    }, COUNT_REPORT_MS);
  }

  /** Ends the procedure: the step in progress (a failure's) is cleared. */
  end(): void {
    this.current = '';
    this.changed();
  }

  view(): StepProgress {
    return { step: this.current, ...this.counts, seconds: this.began ? (this.clock.now() - this.began) / 1000 : 0, steps: [...this.done] };
  }

  private changed(): void {
    this.pending?.cancel();
    this.pending = undefined;
    this.emit('change');
  }
}
