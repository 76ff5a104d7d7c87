import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

// Imported by tests and benches that start hundreds of processes: node built-ins only, so
// importing it costs nothing of the lama libraries.

/** The `lama` entry point of this package (works from src and dist). */
export const LAMA_BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'bin', 'lama.js');

/** A pino log line (a line that is not JSON arrives as { msg: line }). */
export type LogLine = Record<string, unknown> & { msg?: string; level?: number; time?: number };

/** How a process ended; kept so that a crash mid-run gets reported, not hidden. */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when the exit was not asked for by stop(). */
  unexpected: boolean;
}

/** How to start a process. */
export interface LamaProcessOptions {
  /** A name for error messages (default: the command and its first argument). */
  name?: string;
  /** Variables set over this process's environment. */
  env?: NodeJS.ProcessEnv;
  /** node flags before the `lama` entry point (start() only). */
  nodeArgs?: string[];
  cwd?: string;
  /** Appends every stdout line, and every stderr line as `[stderr] ...`, to this file. */
  logFile?: string;
  /** Log lines kept for waits that start late (default: all of them). */
  keepLines?: number;
  /** A pipe to the process's stdin (default: none). */
  stdin?: boolean;
  /**
   * Runs it in its own process group, so that the SIGKILL of stop() and of the exit hook
   * also reaches what it started (default: true for `lama`, false for other programs).
   */
  ownGroup?: boolean;
}

const STDERR_TAIL = 64 * 1024;

// A caller that throws still leaves no process behind: whatever is still running when this
// process exits is killed, with its process group.
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

/**
 * One process started by the demo, a test or a benchmark, usually a `lama` daemon: its JSON
 * log lines are kept and offered to watchers, waitForLog() waits for one, stop() signals it
 * and SIGKILLs its process group after a grace period.
 */
export class LamaProcess {
  /** Every log line so far (the last keepLines of them). */
  readonly logs: LogLine[] = [];
  /** performance.now() right before the spawn. */
  readonly spawnedAt: number;
  /** How it ended, once it has. */
  ended: ProcessExit | undefined;
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>;
  private stderrTail = '';
  private stopping = false;
  private readonly watchers = new Set<(l: LogLine) => void>();
  private readonly out: WriteStream | undefined;

  /** Starts `node [nodeArgs] lama ARGS`. */
  static start(args: string[], options: LamaProcessOptions = {}): LamaProcess {
    return LamaProcess.spawn(process.execPath, [...(options.nodeArgs ?? []), LAMA_BIN, ...args], { name: `lama ${args[0] ?? ''}`.trim(), ownGroup: true, ...options });
  }

  /** Starts any program the same way (etcd, a node script). */
  static spawn(command: string, args: string[], options: LamaProcessOptions = {}): LamaProcess {
    const spawnedAt = performance.now();
    // A daemon in its own group does not get the terminal's Ctrl-C: it stops when we are gone instead.
    const env = { ...process.env, ...(options.ownGroup ? { LAMA_EXIT_WITH_PARENT: '1' } : {}), ...options.env };
    const child = spawn(command, args, { cwd: options.cwd, env, detached: options.ownGroup ?? false, stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    return new LamaProcess(options.name ?? `${command} ${args[0] ?? ''}`.trim(), child, options, spawnedAt);
  }

  constructor(readonly name: string, readonly child: ChildProcess, private readonly options: LamaProcessOptions = {}, spawnedAt = performance.now()) {
    this.spawnedAt = spawnedAt;
    this.out = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : undefined;
    const forget = atExit(() => this.signal('SIGKILL', true));
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        forget();
        this.ended = { code, signal, unexpected: !this.stopping };
        resolve(code);
      });
      // A spawn failure (no such program) has no exit event.
      child.once('error', (err) => {
        if (child.pid !== undefined) return;
        forget();
        this.stderrTail += `spawn failed: ${err.message}`;
        this.ended = { code: null, signal: null, unexpected: true };
        resolve(null);
      });
    });
    if (child.stdout) createInterface({ input: child.stdout }).on('line', (text) => this.line(text));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_TAIL);
    });
    if (this.out && child.stderr) createInterface({ input: child.stderr }).on('line', (text) => this.out!.write(`[stderr] ${text}\n`));
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error(`${this.name} has no pid`);
    return this.child.pid;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The last 64 KB of its stderr. */
  get stderr(): string {
    return this.stderrTail;
  }

  /** Calls fn for every later log line until the returned function is called. */
  onLog(fn: (l: LogLine) => void): () => void {
    this.watchers.add(fn);
    return () => this.watchers.delete(fn);
  }

  /** Resolves with the first log line (past or future) for which test holds; rejects on exit or timeout. */
  waitForLog(test: (l: LogLine) => boolean, timeoutMs = 15_000, what = 'the log line'): Promise<LogLine> {
    const seen = this.logs.find(test);
    if (seen) return Promise.resolve(seen);
    const where = (): string => (this.out ? ` (log: ${this.options.logFile})` : `; stderr: ${this.stderrTail.slice(-1000)}`);
    return new Promise((resolve, reject) => {
      const stop = this.onLog((l) => {
        if (!test(l)) return;
        done();
        resolve(l);
      });
      const timer = setTimeout(() => { done(); reject(new Error(`${this.name}: no '${what}' within ${timeoutMs} ms${where()}`)); }, timeoutMs);
      const onExit = (code: number | null): void => { done(); reject(new Error(`${this.name} exited (${code}) before '${what}'${where()}`)); };
      const done = (): void => { stop(); clearTimeout(timer); this.child.off('exit', onExit); };
      if (this.alive) this.child.once('exit', onExit);
      else setImmediate(() => onExit(this.child.exitCode));
    });
  }

  /** Resolves with the exit code. */
  exit(): Promise<number | null> {
    return this.exited;
  }

  /** Sends signal to the process (only it: a daemon stops what it started itself), SIGKILL to its group after graceMs; resolves with the exit code. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 5000): Promise<number | null> {
    if (this.alive) {
      this.stopping = true;
      this.signal(signal, false);
      const t = setTimeout(() => this.signal('SIGKILL', true), graceMs);
      await this.exited;
      clearTimeout(t);
    }
    if (this.out) await new Promise<void>((r) => this.out!.end(r));
    return this.child.exitCode;
  }

  /** Throws if the process died on its own, naming how. */
  assertAlive(): void {
    if (this.ended?.unexpected) {
      throw new Error(`${this.name} exited unexpectedly (code ${this.ended.code}, signal ${this.ended.signal}); stderr tail: ${this.stderrTail.slice(-1000)}`);
    }
  }

  private signal(signal: NodeJS.Signals, group: boolean): void {
    if (group && this.options.ownGroup && this.child.pid !== undefined) {
      try {
        process.kill(-this.child.pid, signal);
        return;
      } catch {
        // The group is gone already; the process too, most likely.
      }
    }
    if (this.alive) this.child.kill(signal);
  }

  private line(text: string): void {
    this.out?.write(text + '\n');
    let line: LogLine;
    try {
      line = JSON.parse(text) as LogLine;
    } catch {
      line = { msg: text };
    }
    this.logs.push(line);
    if (this.logs.length > (this.options.keepLines ?? Infinity)) this.logs.shift();
    for (const w of this.watchers) w(line);
  }
}

/** Runs `lama ARGS` to completion and returns its output. */
export function lamaSync(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 30_000): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [LAMA_BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: timeoutMs });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
