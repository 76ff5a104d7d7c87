import { spawn, type ChildProcess } from 'node:child_process';
import { getPriority, setPriority } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** bench/dist/discovery -> repository root. */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const LAMA_BIN = join(ROOT, 'packages', 'grand-agent', 'bin', 'lama.js');

/** A pino log line; `time` is ms since the epoch, taken by the child when it logged. */
export type LogLine = Record<string, unknown> & { msg?: string; time?: number };

const live = new Set<ChildProcess>();

/** Signals every child still running. */
export function signalAll(signal: NodeJS.Signals): void {
  for (const c of live) c.kill(signal);
}

/** However the benchmark ends (error, Ctrl-C, kill), no child outlives it. */
export function guardChildren(onSignal: () => void): void {
  process.on('exit', () => signalAll('SIGKILL'));
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => {
      signalAll('SIGKILL');
      onSignal();
      process.exit(130);
    });
  }
}

/**
 * Raises the benchmark's own scheduling priority (root only): with 100 node processes
 * booting on two cores, an ordinary-priority parent needs ~200 ms per spawn() call and the
 * "start together" would spread over 20 s. Children are put back to priority 0 at once.
 * Returns the priority in effect.
 */
export function raiseOwnPriority(priority = -10): number {
  try {
    setPriority(priority);
  } catch {
    // Not permitted: run at the normal priority and let spawnSpreadMs show the cost.
  }
  return getPriority();
}

export class LamaChild {
  /** Date.now() right before spawn: the "process start" every latency is measured from. */
  readonly spawnAt: number;
  readonly child: ChildProcess;
  readonly logs: LogLine[] = [];
  stderr = '';
  readonly exited: Promise<number | null>;
  private waiters: { test: (l: LogLine) => boolean; resolve: (l: LogLine) => void }[] = [];

  constructor(args: string[], env: NodeJS.ProcessEnv) {
    this.spawnAt = Date.now();
    this.child = spawn(process.execPath, [LAMA_BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    live.add(this.child);
    if (this.child.pid !== undefined && getPriority() !== 0) {
      try {
        setPriority(this.child.pid, 0);
      } catch {
        // The child already exited.
      }
    }
    let buf = '';
    this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const text = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        let line: LogLine;
        try {
          line = JSON.parse(text) as LogLine;
        } catch {
          line = { msg: text };
        }
        this.logs.push(line);
        this.waiters = this.waiters.filter((w) => (w.test(line) ? (w.resolve(line), false) : true));
      }
    });
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => { this.stderr += chunk; });
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => { live.delete(this.child); resolve(code); }));
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The first log line (past or future) for which test holds; rejects on exit or timeout. */
  waitFor(test: (l: LogLine) => boolean, timeoutMs: number): Promise<LogLine> {
    const seen = this.logs.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`pid ${this.child.pid}: no such log line within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ test, resolve: (l) => { clearTimeout(timer); resolve(l); } });
      void this.exited.then((code) => { clearTimeout(timer); reject(new Error(`pid ${this.child.pid} exited (${code}) first: ${this.stderr.slice(-300)}`)); });
    });
  }

  /** Time of the first line with this msg, if any. */
  timeOf(msg: string, after = 0): number | undefined {
    return this.logs.find((l) => l.msg === msg && (l.time ?? 0) >= after)?.time;
  }

  /** Signals and waits for the exit; SIGKILL after killAfterMs. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', killAfterMs = 3000): Promise<number | null> {
    if (!this.running) return this.child.exitCode;
    this.child.kill(signal);
    const t = setTimeout(() => this.child.kill('SIGKILL'), killAfterMs);
    const code = await this.exited;
    clearTimeout(t);
    return code;
  }
}
