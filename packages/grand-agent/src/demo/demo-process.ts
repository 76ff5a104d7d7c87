import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The `lama` binary of this package (works from src and dist). */
export const LAMA_BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'bin', 'lama.js');

export type LogLine = Record<string, unknown> & { msg?: string; level?: number };

/**
 * One `lama` daemon the demo started: its JSON log lines are kept in a file (for the curious)
 * and offered to watchers; stop() signals and waits, SIGKILL after a grace period.
 */
export class DemoProcess {
  readonly child: ChildProcess;
  private readonly watchers = new Set<(l: LogLine) => void>();
  /** The latest lines, so a wait that starts late still sees what was already logged. */
  private readonly history: LogLine[] = [];
  private readonly out: WriteStream;
  readonly exited: Promise<number | null>;

  constructor(readonly name: string, args: string[], logFile: string, env: NodeJS.ProcessEnv = {}) {
    this.out = createWriteStream(logFile, { flags: 'a' });
    this.child = spawn(process.execPath, [LAMA_BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
    createInterface({ input: this.child.stdout! }).on('line', (text) => {
      this.out.write(text + '\n');
      let line: LogLine;
      try {
        line = JSON.parse(text) as LogLine;
      } catch {
        return;
      }
      this.history.push(line);
      if (this.history.length > 500) this.history.shift();
      for (const w of this.watchers) w(line);
    });
    createInterface({ input: this.child.stderr! }).on('line', (text) => this.out.write(`[stderr] ${text}\n`));
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Calls fn for every later log line until the returned function is called. */
  onLog(fn: (l: LogLine) => void): () => void {
    this.watchers.add(fn);
    return () => this.watchers.delete(fn);
  }

  /** Resolves with the first log line (of the last 500, or later) that passes test; rejects on timeout or exit. */
  waitFor(test: (l: LogLine) => boolean, timeoutMs: number, what: string): Promise<LogLine> {
    const seen = this.history.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const stop = this.onLog((l) => {
        if (!test(l)) return;
        done();
        resolve(l);
      });
      const timer = setTimeout(() => { done(); reject(new Error(`${this.name}: no '${what}' within ${timeoutMs} ms (log: ${this.out.path})`)); }, timeoutMs);
      const onExit = (code: number | null): void => { done(); reject(new Error(`${this.name} exited (${code}) before '${what}' (log: ${this.out.path})`)); };
      this.child.once('exit', onExit);
      const done = (): void => { stop(); clearTimeout(timer); this.child.off('exit', onExit); };
    });
  }

  /** Signals the process and waits for it to exit (SIGKILL after graceMs). */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 8000): Promise<void> {
    if (this.alive) {
      this.child.kill(signal);
      const t = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
      await this.exited;
      clearTimeout(t);
    }
    await new Promise<void>((r) => this.out.end(r));
  }
}
