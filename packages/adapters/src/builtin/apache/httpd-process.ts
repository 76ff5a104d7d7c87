import { execFile, type ChildProcess } from 'node:child_process';
import { open, readFile, stat } from 'node:fs/promises';
import { delay, type Clock } from '@lama/lookup';
import type { AdapterLogger } from '../../sdk/adapter.js';
import { spawnService, type ProcessGroupLedger } from '../../sdk/service-process.js';
import type { ServerRootLayout } from './config-writer.js';
import { commandLine, isAlive, killTree, signal, waitGone } from './proc.js';
import { LamaError } from '@lama/lookup';

/** Resolves true once the server answers the way the current config says it should. */
export type ReadyProbe = () => Promise<boolean>;

/** A probe answer that waiting will not change (e.g. the status page answers 403): stop polling. */
export class ProbeRefusedError extends LamaError {
  constructor(message: string) {
    super('ERR_PROBE_REFUSED', message);
  }
}

export interface HttpdProcessOptions {
  binary: string;
  layout: ServerRootLayout;
  log: AdapterLogger;
  clock: Clock;
  /** httpd exited without being asked to (not during start, reload or stop). */
  onCrash(reason: string): void;
  /** The agent's ledger of process groups. */
  processGroups?: ProcessGroupLedger;
}

const STOP_GRACE_MS = 7000;

/**
 * One httpd parent process, run in the foreground (-DFOREGROUND) as our child: its exit is
 * an event, not something to find out from a pid file later.
 */
export class HttpdProcess {
  private child: ChildProcess | undefined;
  private exit: Promise<string> | undefined;
  private watching = false;
  private output = '';
  /** Size of the error log when the current start or reload began: older lines are old news. */
  private logMark = 0;

  constructor(private readonly o: HttpdProcessOptions) {}

  get running(): boolean {
    return this.child !== undefined;
  }

  /** `apache2 -t` on a config file; throws with httpd's own complaint. */
  configTest(confFile: string): Promise<void> {
    return new Promise((resolve, reject) => {
      execFile(this.o.binary, ['-t', '-f', confFile, '-d', this.o.layout.serverRoot], { timeout: 10_000 }, (err, stdout, stderr) => {
        if (!err) return resolve();
        const text = `${stderr}${stdout}`.trim().split('\n').filter((l) => l && l !== 'Syntax OK').join(' / ');
        reject(new Error(`config test failed: ${text.slice(-600) || err.message}`));
      });
    });
  }

  /** Starts httpd and resolves once ready() holds; rejects when httpd exits first or the deadline passes. */
  async start(ready: ReadyProbe, timeoutMs: number): Promise<void> {
    if (this.child) return;
    await this.killLeftover();
    await this.markLog();
    // Its own process group: workers orphaned by a crashed parent still hold the port, and
    // the group is how they are found and killed (see the exit handler).
    const c = spawnService(this.o.binary, ['-f', this.o.layout.confFile, '-d', this.o.layout.serverRoot, '-DFOREGROUND'], {
      cwd: this.o.layout.serverRoot, stdio: ['ignore', 'pipe', 'pipe'],
    }, this.o.processGroups);
    this.child = c;
    const keep = (chunk: Buffer): void => { this.output = (this.output + chunk.toString()).slice(-2000); };
    c.stdout?.on('data', keep);
    c.stderr?.on('data', keep);
    this.exit = new Promise((resolve) => {
      c.once('error', (err) => {
        if (this.child === c) this.child = undefined;
        resolve(`cannot run ${this.o.binary}: ${err.message}`);
      });
      c.once('exit', (code, sig) => {
        if (c.pid !== undefined) signal(-c.pid, 'SIGKILL');
        if (this.child === c) this.child = undefined;
        const reason = `${this.o.binary} exited (${sig ?? `code ${code}`})`;
        if (this.watching) {
          this.watching = false;
          void this.complaint().then((why) => this.o.onCrash(`${reason}${why}`));
        }
        resolve(reason);
      });
    });
    try {
      await this.untilReady(ready, timeoutMs);
    } catch (err) {
      // A start that failed leaves nothing behind, even when httpd still runs (e.g. it answers 403).
      await this.stop();
      throw err;
    }
    this.o.log.info('apache2 started', { pid: c.pid });
    this.watching = true;
  }

  /**
   * Graceful reload (SIGUSR1: workers finish their requests, new connections get the new
   * config). Resolves once ready() holds. httpd exits when the new config cannot be put in
   * force (a Listen address it cannot bind), so the caller must be ready to start it again.
   */
  async reload(ready: ReadyProbe, timeoutMs: number): Promise<void> {
    const c = this.child;
    if (!c?.pid) throw new Error('apache2 is not running');
    this.watching = false;
    await this.markLog();
    c.kill('SIGUSR1');
    await this.untilReady(ready, timeoutMs);
    this.watching = true;
  }

  /** Stops httpd (SIGTERM, then SIGKILL to it and its workers) and any leftover of an earlier run. */
  async stop(): Promise<void> {
    this.watching = false;
    const c = this.child;
    if (c?.pid !== undefined) {
      const pid = c.pid;
      c.kill('SIGTERM');
      const gone = await Promise.race([this.exit?.then(() => true), delay(this.o.clock, STOP_GRACE_MS).then(() => false)]);
      if (!gone) {
        this.o.log.warn('apache2 ignored SIGTERM; killing it and its workers', { pid });
        await killTree(pid);
        await this.exit;
      }
      this.o.log.info('apache2 stopped', { pid });
    }
    await this.killLeftover();
  }

  /**
   * An httpd of an earlier run (the agent was killed and left it running) holds our ports
   * and pid file. Its command line names our config file, which tells it from an unrelated
   * process that got the same pid.
   */
  async killLeftover(): Promise<void> {
    let pid: number;
    try {
      pid = Number((await readFile(this.o.layout.pidFile, 'utf8')).trim());
    } catch {
      return;
    }
    if (!Number.isSafeInteger(pid) || pid <= 1 || pid === this.child?.pid || !(await isAlive(pid))) return;
    if (!(await commandLine(pid)).includes(this.o.layout.confFile)) return;
    this.o.log.warn('stopping a leftover apache2 of an earlier run', { pid });
    signal(pid, 'SIGTERM');
    if (!(await waitGone(this.o.clock, pid, STOP_GRACE_MS))) await killTree(pid);
    // Workers of a parent that died some other way; started by us, they share its group.
    signal(-pid, 'SIGKILL');
    await waitGone(this.o.clock, pid, 2000);
  }

  private async untilReady(ready: ReadyProbe, timeoutMs: number): Promise<void> {
    const deadline = this.o.clock.now() + timeoutMs;
    const exit = this.exit ?? Promise.resolve('not started');
    let exited: string | undefined;
    void exit.then((reason) => { exited = reason; });
    let lastError = '';
    for (;;) {
      if (exited !== undefined || !this.child) throw new Error(`${exited ?? 'apache2 exited'}${await this.complaint()}`);
      try {
        if (await ready()) return;
        lastError = 'it answers, but not yet with the new config';
      } catch (err) {
        if (err instanceof ProbeRefusedError) throw new Error(`${err.message}${await this.complaint()}`);
        lastError = (err as Error).message;
      }
      if (this.o.clock.now() > deadline) throw new Error(`apache2 did not answer its health check within ${timeoutMs} ms (${lastError})${await this.complaint()}`);
      await Promise.race([exit, delay(this.o.clock, 100)]);
    }
  }

  private async markLog(): Promise<void> {
    this.output = '';
    this.logMark = (await stat(this.o.layout.errorLog).catch(() => undefined))?.size ?? 0;
  }

  /** What httpd said since the last start or reload: its stderr, and the error log's serious lines. */
  private async complaint(): Promise<string> {
    let log = '';
    try {
      const f = await open(this.o.layout.errorLog, 'r');
      try {
        const size = (await f.stat()).size;
        const from = size < this.logMark ? 0 : this.logMark;
        const length = Math.min(size - from, 64_000);
        const buf = Buffer.alloc(length);
        await f.read(buf, 0, length, size - length);
        log = buf.toString();
      } finally {
        await f.close();
      }
    } catch {
      // No error log yet: httpd failed before opening it, and said why on stderr.
    }
    const serious = log.split('\n').filter((l) => /:(emerg|alert|crit|error)\]/.test(l)).slice(-3);
    const text = [...this.output.trim().split('\n'), ...serious].map((l) => l.trim()).filter(Boolean).join(' / ');
    return text ? `: ${text.slice(-600)}` : '';
  }
}
