import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (test/dist/helpers -> root). */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** The `lama` entry point, run with this node. */
export const LAMA_BIN = join(ROOT, 'packages', 'grand-agent', 'bin', 'lama.js');

/** A pino log line. */
export type LogLine = Record<string, unknown> & { msg?: string; level?: number };

/** Discovery confined to this machine; every lama process a test starts gets these unless it overrides them. */
export const LOOPBACK_MDNS_ENV = { LAMA_MDNS_INTERFACE: '127.0.0.1', LAMA_MDNS_GROUP: '239.255.76.99', LAMA_MDNS_PORT: '15999' } as const;

const running = new Set<ChildProcess>();
// A test that throws still leaves no process behind: kill whatever is left on exit.
process.on('exit', () => {
  for (const p of running) p.kill('SIGKILL');
});

/** Runs `lama ARGS` to completion and returns its output. */
export function lamaSync(args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [LAMA_BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...LOOPBACK_MDNS_ENV, ...env }, timeout: 30_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A `lama` daemon started by a test. */
export class LamaProcess {
  readonly logs: LogLine[] = [];
  stderr = '';
  private exited: Promise<number | null>;
  private waiters: { test: (l: LogLine) => boolean; resolve: (l: LogLine) => void }[] = [];

  private constructor(readonly child: ChildProcess) {
    running.add(child);
    let buf = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        let parsed: LogLine;
        try {
          parsed = JSON.parse(line) as LogLine;
        } catch {
          parsed = { msg: line };
        }
        this.logs.push(parsed);
        this.waiters = this.waiters.filter((w) => (w.test(parsed) ? (w.resolve(parsed), false) : true));
      }
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => { this.stderr += chunk; });
    this.exited = new Promise((resolve) => child.on('exit', (code) => { running.delete(child); resolve(code); }));
  }

  /** Starts `lama ARGS`. */
  static start(args: string[], env: NodeJS.ProcessEnv = {}): LamaProcess {
    return new LamaProcess(spawn(process.execPath, [LAMA_BIN, ...args], { env: { ...process.env, ...LOOPBACK_MDNS_ENV, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }));
  }

  /** Resolves with the first log line (past or future) for which test holds; rejects on exit or timeout. */
  waitForLog(test: (l: LogLine) => boolean, timeoutMs = 15_000): Promise<LogLine> {
    const seen = this.logs.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for a log line; stderr: ${this.stderr.slice(-500)}`)), timeoutMs);
      this.waiters.push({ test, resolve: (l) => { clearTimeout(timer); resolve(l); } });
      void this.exited.then((code) => { clearTimeout(timer); reject(new Error(`lama exited with ${code} before the log line; stderr: ${this.stderr.slice(-500)}`)); });
    });
  }

  /** Resolves with the exit code. */
  exit(): Promise<number | null> {
    return this.exited;
  }

  /** Sends a signal and waits for the exit (SIGKILL after killAfterMs). */
  async stop(signal: NodeJS.Signals = 'SIGTERM', killAfterMs = 5000): Promise<number | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.child.exitCode;
    this.child.kill(signal);
    const t = setTimeout(() => this.child.kill('SIGKILL'), killAfterMs);
    const code = await this.exited;
    clearTimeout(t);
    return code;
  }
}

/** Starts `lama lookup` on a free loopback port and waits until it listens. */
export async function startLookup(credentialFile: string, extra: string[] = []): Promise<{ proc: LamaProcess; endpoint: string }> {
  const proc = LamaProcess.start(['lookup', '--credential', credentialFile, '--listen', '127.0.0.1:0', ...extra]);
  const line = await proc.waitForLog((l) => l.msg === 'lookup service listening');
  return { proc, endpoint: String(line.endpoint) };
}
