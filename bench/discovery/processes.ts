import { spawn, type ChildProcess } from 'node:child_process';
import { getPriority, setPriority } from 'node:os';
import { LAMA_BIN, LamaProcess, type LogLine } from '@lama/testkit/process';

export type { LogLine };

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

/** Spawns `lama ARGS`, noting the time right before (under load, spawn() itself takes a while). */
function spawnLama(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; at: number } {
  // LAMA_BENCH_CPU_PROF=DIR also profiles the lookup service (written when it stops; node
  // refuses --cpu-prof in NODE_OPTIONS, so it goes on the command line).
  const dir = process.env.LAMA_BENCH_CPU_PROF;
  const nodeArgs = dir && args[0] === 'lookup' ? ['--cpu-prof', `--cpu-prof-dir=${dir}/lookup`] : [];
  const at = Date.now();
  // In this process's group: guardChildren() stops every child, however the benchmark ends.
  return { at, child: spawn(process.execPath, [...nodeArgs, LAMA_BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }) };
}

/** One `lama` process of the benchmark: the one process wrapper, with its spawn time and priority. */
export class LamaChild extends LamaProcess {
  /** Date.now() right before spawn: the "process start" every latency is measured from. */
  readonly spawnAt: number;

  constructor(args: string[], env: NodeJS.ProcessEnv, spawned = spawnLama(args, env)) {
    super(`lama ${args[0] ?? ''}`, spawned.child);
    this.spawnAt = spawned.at;
    live.add(this.child);
    void this.exited.then(() => live.delete(this.child));
    if (this.child.pid !== undefined && getPriority() !== 0) {
      try {
        setPriority(this.child.pid, 0);
      } catch {
        // The child already exited.
      }
    }
  }

  get running(): boolean {
    return this.alive;
  }

  /** The first log line (past or future) for which test holds; rejects on exit or timeout. */
  waitFor(test: (l: LogLine) => boolean, timeoutMs: number): Promise<LogLine> {
    return this.waitForLog(test, timeoutMs);
  }

  /** Time of the first line with this msg, if any. */
  timeOf(msg: string, after = 0): number | undefined {
    return this.logs.find((l) => l.msg === msg && (l.time ?? 0) >= after)?.time;
  }

  /** Signals and waits for the exit; SIGKILL after killAfterMs. */
  override stop(signal: NodeJS.Signals = 'SIGTERM', killAfterMs = 3000): Promise<number | null> {
    return super.stop(signal, killAfterMs);
  }
}
