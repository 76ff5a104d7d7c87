// Post-mapping scripts (seed 000 §3.2): run after their entry, without a shell, in their own
// process group, with a deadline on the injected clock; their output goes to the adapter's log.

import type { Clock } from '@lama/lookup/clock';
import { MappingScriptError } from '../../sdk/errors.js';
import { killGroup, spawnService, type ProcessGroupLedger } from '../../sdk/service-process.js';

/** Where script output and mapper events go (the adapter's log, or the CLI's stderr). */
export interface MapperLog {
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
}

/** Lines of a script's output passed to the log; more are counted, not logged. */
const MAX_LOG_LINES = 200;

/** Runs one script; resolves when it exits 0, rejects with MappingScriptError otherwise (failure, signal, timeout). */
export function runScript(script: string, env: Record<string, string>, cwd: string, timeoutMs: number, clock: Clock, log: MapperLog, signal?: AbortSignal, ledger?: ProcessGroupLedger): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new MappingScriptError(`post-mapping script ${script} not run: the mapping was cancelled`));
    let logged = 0;
    let dropped = 0;
    const tail: string[] = [];
    // A script of a killed agent dies with it (pdeathsig), and its group is in the agent's ledger.
    const child = spawnService(script, [], { cwd, env: { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', ...env }, stdio: ['ignore', 'pipe', 'pipe'] }, ledger);
    const lines = (stream: 'stdout' | 'stderr') => {
      let rest = '';
      return (chunk: Buffer): void => {
        const parts = (rest + chunk.toString('utf8')).split('\n');
        rest = parts.pop() ?? '';
        if (rest.length > 4096) { parts.push(rest); rest = ''; }
        for (const line of parts) {
          tail.push(line);
          if (tail.length > 5) tail.shift();
          if (logged++ < MAX_LOG_LINES) log.info(`script ${script}: ${line}`, { stream });
          else dropped++;
        }
      };
    };
    child.stdout?.on('data', lines('stdout'));
    child.stderr?.on('data', lines('stderr'));
    let done = false;
    const finish = (err?: Error): void => {
      if (done) return;
      done = true;
      timer.cancel();
      signal?.removeEventListener('abort', cancel);
      if (dropped) log.info(`script ${script}: ${dropped} more output lines not logged`);
      if (err) reject(err); else resolve();
    };
    // The whole group: a hung script's children must not outlive it.
    const kill = (): void => killGroup(child.pid ?? 0, 'SIGKILL');
    const timer = clock.setTimer(() => {
      kill();
      finish(new MappingScriptError(`post-mapping script ${script} did not finish within ${timeoutMs} ms (killed)`));
    }, timeoutMs);
    const cancel = (): void => {
      kill();
      finish(new MappingScriptError(`post-mapping script ${script} killed: the mapping was cancelled`));
    };
    signal?.addEventListener('abort', cancel, { once: true });
    child.on('error', (err) => finish(new MappingScriptError(`post-mapping script ${script} cannot run: ${(err as NodeJS.ErrnoException).code ?? err.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) return finish();
      const why = signal ? `was killed by ${signal}` : `exited with status ${code}`;
      finish(new MappingScriptError(`post-mapping script ${script} ${why}${tail.length ? `: ${tail.join(' | ')}` : ''}`));
    });
  });
}
