import type { ChildProcess } from 'node:child_process';

// Last resort for a crash that skips every finally: nothing started here may outlive us.
const exitHooks = new Set<() => void>();
process.once('exit', () => {
  for (const hook of exitHooks) {
    try {
      hook();
    } catch {
      // Best effort while exiting.
    }
  }
});

/** Runs fn synchronously when this process exits, unless the returned function is called first. */
export function atExit(fn: () => void): () => void {
  exitHooks.add(fn);
  return () => exitHooks.delete(fn);
}

/** What became of a child process we started: kept so a crash mid-run gets reported, not hidden. */
export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when the exit was not asked for by stop(). */
  unexpected: boolean;
}

/** Wraps a spawned daemon: remembers the tail of its stderr and how it exited. */
export class Daemon {
  exit: ChildExit | undefined;
  private stopping = false;
  private stderrTail = '';
  private readonly exited: Promise<void>;

  constructor(readonly name: string, readonly child: ChildProcess) {
    const forget = atExit(() => child.kill('SIGKILL'));
    child.once('exit', forget);
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (s: string) => {
      this.stderrTail = (this.stderrTail + s).slice(-4000);
    });
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exit = { code, signal, unexpected: !this.stopping };
        resolve();
      });
    });
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error(`${this.name} has no pid`);
    return this.child.pid;
  }

  get alive(): boolean {
    return this.exit === undefined;
  }

  get stderr(): string {
    return this.stderrTail;
  }

  /** SIGTERM, then SIGKILL if it has not gone within graceMs. */
  async stop(graceMs = 5000): Promise<void> {
    if (!this.alive) return;
    this.stopping = true;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** Throws if the daemon died on its own, naming how. */
  assertAlive(): void {
    if (this.exit?.unexpected) {
      throw new Error(`${this.name} exited unexpectedly (code ${this.exit.code}, signal ${this.exit.signal}); stderr tail: ${this.stderrTail.slice(-1000)}`);
    }
  }
}
