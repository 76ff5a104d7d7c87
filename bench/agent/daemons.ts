import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPoolKey, issueCredential, writeCredential, type Credential, type Transport } from '@lama/lookup';
import { childrenOf, startTimeOf } from '@lama/testkit';
import { LamaProcess as ProcessWrapper, atExit } from '@lama/testkit/process';
import { repoRoot } from '../lib/paths.js';
import { progress } from '../lib/progress.js';
import { transportEnv } from '../lib/transport.js';


type LogRecord = { msg?: string; endpoint?: string; state?: string; adapter?: string; level?: number } & Record<string, unknown>;

/** A throwaway pool in a temp dir: credential files for the daemons, a controller credential for the clients. */
export class BenchPool {
  readonly dir = mkdtempSync(join(tmpdir(), 'lama-agent-bench-'));
  readonly lookupCred = join(this.dir, 'lookup.cred');
  readonly controller: Credential;
  private readonly key = createPoolKey();
  private readonly forgetDir = atExit(() => this.remove());

  constructor() {
    writeCredential(this.lookupCred, issueCredential(this.key, { name: 'bench-lookup', roles: ['lookup'], validDays: 1 }));
    this.controller = issueCredential(this.key, { name: 'bench-controller', roles: ['controller'], validDays: 1 });
  }

  /** A credential file for the agent called `name`: an agent registers lama.Name{name}, which the registrar takes only from a credential of that name. */
  agentCred(name: string): string {
    const file = join(this.dir, `agent-${name}.cred`);
    writeCredential(file, issueCredential(this.key, { name, roles: ['agent'], validDays: 1 }));
    return file;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
    this.forgetDir();
  }
}

/** A lama process whose pino JSON log lines can be waited for. */
export class LamaProcess {
  readonly daemon: ProcessWrapper;
  readonly spawnedAt: number;
  private readonly lines: { at: number; rec: LogRecord }[] = [];
  private readonly waiters = new Set<() => void>();
  /** Processes the daemon started (adapter services): killed with it if it cannot clean up. */
  private readonly descendants = new Map<number, string>();

  constructor(name: string, args: string[], nodeArgs: string[] = [], env: NodeJS.ProcessEnv = process.env) {
    this.daemon = ProcessWrapper.start(args, { name, nodeArgs, cwd: repoRoot, env });
    this.spawnedAt = this.daemon.spawnedAt;
    const child = this.daemon.child;
    const forget = atExit(() => this.killDescendants());
    child.once('exit', () => {
      // An agent that exits cleanly has stopped its adapters; one that was killed may leave them behind.
      this.killDescendants();
      forget();
    });
    this.daemon.onLog((rec: LogRecord) => {
      this.lines.push({ at: performance.now(), rec });
      // Warnings and errors (and lines that are not JSON) are worth seeing while the benchmark runs.
      if ((rec.level ?? 50) >= 40) process.stderr.write(`${name}: ${JSON.stringify(rec)}\n`);
      for (const w of [...this.waiters]) w();
    });
  }

  get pid(): number {
    return this.daemon.pid;
  }

  /** Resolves with the first log record matching pred (already logged or not) and ms since spawn. */
  waitFor(pred: (r: LogRecord) => boolean, timeoutMs: number, what: string): Promise<{ rec: LogRecord; msSinceSpawn: number }> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const hit = this.lines.find((l) => pred(l.rec));
        if (!hit) return false;
        done();
        resolve({ rec: hit.rec, msSinceSpawn: Math.round(hit.at - this.spawnedAt) });
        return true;
      };
      const onExit = (): void => {
        done();
        reject(new Error(`${this.daemon.name} exited (${JSON.stringify(this.daemon.ended)}) before ${what}; stderr: ${this.daemon.stderr.slice(-1000)}`));
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`${this.daemon.name}: no ${what} within ${timeoutMs} ms; stderr: ${this.daemon.stderr.slice(-1000)}`));
      }, timeoutMs);
      const waiter = (): void => void check();
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        this.daemon.child.off('exit', onExit);
      };
      if (check()) return;
      this.waiters.add(waiter);
      this.daemon.child.once('exit', onExit);
    });
  }

  /** Remembers the daemon's current child processes (an adapter's service) so none outlives the benchmark. */
  recordDescendants(): number[] {
    for (const pid of childrenOf(this.pid)) {
      const started = startTimeOf(pid);
      if (started) this.descendants.set(pid, started);
    }
    return [...this.descendants.keys()];
  }

  private killDescendants(): void {
    for (const [pid, started] of this.descendants) {
      try {
        // Only if it is still the process we saw: same pid and same start time (no pid reuse).
        if (startTimeOf(pid) === started) process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    this.descendants.clear();
  }

  async stop(): Promise<void> {
    await this.daemon.stop('SIGTERM', 8000);
    this.killDescendants();
  }
}

export interface Lookup {
  proc: LamaProcess;
  endpoint: string;
  transport: Transport;
}

/** `lama lookup` on 127.0.0.1, port 0, no multicast, serving over `transport`. */
export async function startLookup(pool: BenchPool, transport: Transport = 'tls'): Promise<Lookup> {
  const proc = new LamaProcess(transport === 'tls' ? 'lama lookup' : `lama lookup (${transport})`, [
    'lookup', '--credential', pool.lookupCred, '--listen', '127.0.0.1:0',
    // Never the LAN multicast default: the agents are pointed at this lookup service by unicast.
    '--no-multicast',
    // info: the bound port-0 endpoint is only ever logged at info.
    '--log-level', 'info',
  ], [], { ...process.env, ...transportEnv(transport) });
  const { rec } = await proc.waitFor((r) => r.msg === 'lookup service listening' && typeof r.endpoint === 'string', 20_000, "'lookup service listening'");
  const endpoint = String(rec.endpoint);
  if (!endpoint.startsWith('127.0.0.1:')) {
    await proc.stop();
    throw new Error(`lama lookup bound ${endpoint}, not 127.0.0.1`);
  }
  return { proc, endpoint, transport };
}

export interface AdapterSpec {
  name: string;
  module: string;
  options: unknown;
  autostart: boolean;
}

/** The idle adapter of the idleWithAdapter variant: a process that sleeps. */
export const SLEEP_ADAPTER: AdapterSpec = { name: 'w', module: 'process', options: { command: '/bin/sleep', args: ['3600'] }, autostart: true };

export interface AgentOptions {
  name: string;
  pool: BenchPool;
  lookup: string;
  leaseMs: number;
  metricsIntervalMs: number;
  adapters?: AdapterSpec[];
  /** Extra node flags before lama.js (the instrumented memory run). */
  nodeArgs?: string[];
  env?: NodeJS.ProcessEnv;
  /** Mutual TLS (the default) or plaintext: the agent's server and its registrar client alike (LAMA_PLAINTEXT); must match the lookup's. */
  transport?: Transport;
}

export interface StartedAgent {
  proc: LamaProcess;
  name: string;
  endpoint: string;
  /** The exact command line, for the report. */
  command: string;
  /** ms from spawn to 'agent running' (serving), to 'registered' (joined), and to every autostart adapter RUNNING. */
  startup: { runningMs: number; registeredMs: number; adaptersRunningMs?: number };
  /** Processes the agent's adapters run. */
  adapterPids: number[];
  /** What it serves over; the bench's callers dial it the same way. */
  transport: Transport;
}

/** `lama agent` on 127.0.0.1, port 0, no multicast, joined to the given lookup service by unicast. */
export async function startAgent(o: AgentOptions): Promise<StartedAgent> {
  const stateDir = join(o.pool.dir, `state-${o.name}`);
  const args = [
    'agent', '--name', o.name, '--credential', o.pool.agentCred(o.name), '--listen', '127.0.0.1:0', '--no-multicast',
    '--lookup', o.lookup, '--lease-ms', String(o.leaseMs), '--metrics-interval-ms', String(o.metricsIntervalMs),
    // Inside the pool's temp dir (removed at the end); the default is a fresh dir under /tmp nobody removes.
    '--state-dir', stateDir,
    ...(o.adapters ?? []).flatMap((a) => ['--adapter', JSON.stringify(a)]),
  ];
  const transport = o.transport ?? 'tls';
  const proc = new LamaProcess(`lama agent ${o.name}`, args, o.nodeArgs, { ...(o.env ?? process.env), ...transportEnv(transport) });
  const quoted = args.map((a) => (/^[\w./:=,-]+$/.test(a) ? a : `'${a}'`)).join(' ');
  const command = ['node', ...(o.nodeArgs ?? []), 'packages/cli/bin/lama.js', quoted].join(' ').replaceAll(o.pool.dir, '$TMP');
  try {
    const running = await proc.waitFor((r) => r.msg === 'agent running', 30_000, "'agent running'");
    const endpoint = String(running.rec.endpoint);
    if (!endpoint.startsWith('127.0.0.1:')) throw new Error(`agent ${o.name} serves on ${endpoint}, not 127.0.0.1`);
    const registered = await proc.waitFor((r) => r.msg === 'registered', 30_000, "'registered'");
    const startup: StartedAgent['startup'] = { runningMs: running.msSinceSpawn, registeredMs: registered.msSinceSpawn };
    const auto = (o.adapters ?? []).filter((a) => a.autostart);
    for (const a of auto) {
      const r = await proc.waitFor((rec) => rec.msg === 'adapter state' && rec.adapter === a.name && rec.state === 'RUNNING', 30_000, `adapter ${a.name} RUNNING`);
      startup.adaptersRunningMs = Math.max(startup.adaptersRunningMs ?? 0, r.msSinceSpawn);
    }
    const adapterPids = proc.recordDescendants();
    if (auto.length && adapterPids.length === 0) throw new Error(`agent ${o.name}: adapters RUNNING but no child process found`);
    progress(`agent ${o.name} pid ${proc.pid} on ${endpoint}: serving after ${startup.runningMs} ms, registered after ${startup.registeredMs} ms${adapterPids.length ? `, adapter pids ${adapterPids.join(' ')}` : ''}`);
    return { proc, name: o.name, endpoint, command, startup, adapterPids, transport };
  } catch (err) {
    await proc.stop();
    throw err;
  }
}
