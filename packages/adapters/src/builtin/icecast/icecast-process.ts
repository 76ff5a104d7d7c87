import type { ChildProcess } from 'node:child_process';
import type { Clock } from '@lama/lookup';
import { spawnService, type ProcessGroupLedger } from '../../sdk/service-process.js';

/** How an icecast process ended. */
export interface IcecastExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** One running icecast2 (foreground, never daemonized: its pid stays ours to signal). */
export class IcecastProcess {
  readonly exited: Promise<IcecastExit>;
  private readonly child: ChildProcess;
  private errorLog: string[] = [];
  private partial = '';
  private done: IcecastExit | undefined;

  constructor(binary: string, configPath: string, private readonly clock: Clock, ledger?: ProcessGroupLedger) {
    this.child = spawnService(binary, ['-c', configPath], { stdio: ['ignore', 'pipe', 'pipe'] }, ledger);
    const keep = (chunk: Buffer): void => this.keep(chunk.toString('utf8'));
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => {
      this.child.once('error', (err) => {
        this.errorLog.push(`cannot run ${binary}: ${err.message}`);
        this.done ??= { code: null, signal: null };
        resolve(this.done);
      });
      this.child.once('exit', (code, signal) => {
        this.done ??= { code, signal };
        resolve(this.done);
      });
    });
  }

  // Only error-log lines ("[date] LEVEL ...") are kept: access-log lines of the adapter's own
  // stats requests would push the interesting ones out.
  private keep(text: string): void {
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop() ?? '';
    for (const l of lines) if (l.startsWith('[')) this.errorLog.push(l);
    if (this.errorLog.length > 40) this.errorLog = this.errorLog.slice(-20);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return this.done === undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The last error-log lines, for messages. */
  tail(lines = 5): string {
    return this.errorLog.slice(-lines).join(' | ');
  }

  describeExit(e: IcecastExit): string {
    return `${e.signal ?? `code ${e.code}`}${this.tail() ? `: ${this.tail()}` : ''}`;
  }

  /** Asks icecast to re-read its config (SIGHUP); it does so within about a second. */
  reload(): void {
    if (this.alive) this.child.kill('SIGHUP');
  }

  /** SIGTERM, then SIGKILL after timeoutMs; resolves once the process is gone. */
  async stop(timeoutMs = 5000): Promise<void> {
    if (!this.alive) return;
    this.child.kill('SIGTERM');
    const killer = this.clock.setTimer(() => this.child.kill('SIGKILL'), timeoutMs);
    await this.exited;
    killer.cancel();
  }
}
