import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { delay, isHostPort, parseHostPort, type Clock } from '@lama/lookup';
import { z } from 'zod';
import { defineAdapter, type AdapterMetrics } from '../sdk/adapter.js';
import { integerOption, listOption, parseOptions } from '../sdk/options.js';
import type { ParamValue } from '../sdk/params.js';

const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGQUIT', 'SIGHUP', 'SIGUSR1', 'SIGUSR2'] as const;

/** Options of the process adapter (the `options` of an adapters[] entry in the agent's config). */
export interface ProcessOptions {
  /** Program to run (no shell). */
  command: string;
  args: string[];
  cwd?: string;
  env: Record<string, string>;
  /** Roles this service gives the node. */
  roles: string[];
  stopSignal: (typeof SIGNALS)[number];
  /** After this long, a process that ignores stopSignal gets SIGKILL. */
  stopTimeoutMs: number;
  /** The process must stay up this long to count as started (supervisord's startsecs). */
  startMs: number;
  /** If set, started means this HOST:PORT accepts TCP connections. */
  readyTcp?: string;
}

const STRINGS = 'must be a list of strings';
const MS = 'must be a non-negative integer (ms)';
const COMMAND = 'is required (the program to run)';
const ENV = 'must map names to strings';

const schema = z.strictObject({
  command: z.string({ error: COMMAND }).min(1, COMMAND),
  args: listOption(STRINGS).default([]),
  cwd: z.string({ error: 'must be a path' }).optional(),
  env: z.record(z.string(), z.string({ error: ENV }), { error: ENV }).default({}),
  roles: listOption(STRINGS).default([]),
  stopSignal: z.enum(SIGNALS, { error: `must be one of ${SIGNALS.join(', ')}` }).default('SIGTERM'),
  stopTimeoutMs: integerOption(0, Number.MAX_SAFE_INTEGER, MS).default(5000),
  startMs: integerOption(0, Number.MAX_SAFE_INTEGER, MS).default(500),
  readyTcp: z.string({ error: 'must be HOST:PORT' }).refine(isHostPort, 'must be HOST:PORT').optional(),
});

function tcpReady(clock: Clock, target: string, deadline: number): Promise<void> {
  const { host, port } = parseHostPort(target) ?? { host: '', port: 0 };
  return new Promise((resolve, reject) => {
    const attempt = (): void => {
      const sock = connect({ host, port });
      sock.once('connect', () => { sock.destroy(); resolve(); });
      sock.once('error', () => {
        sock.destroy();
        if (clock.now() > deadline) reject(new Error(`nothing accepts connections on ${target}`));
        else clock.setTimer(attempt, 50);
      });
    };
    attempt();
  });
}

/** The reference adapter: runs any command as a service, like a supervisord program. */
export const processAdapter = defineAdapter<ProcessOptions>({
  type: 'process',
  description: 'Runs a command as a service: start, stop (signal, then SIGKILL), restart on exit; args settable.',
  roles: (o) => o.roles,
  params: {
    args: { type: 'list', description: 'arguments of the command (JSON array or comma-separated); a running process is restarted with them' },
    startMs: { type: 'integer', min: 0, max: 600_000, description: 'how long the process must stay up to count as started, in ms' },
  },
  options: (raw) => parseOptions('process', schema, raw),
  create(options, ctx) {
    let args = options.args;
    let startMs = options.startMs;
    let child: ChildProcess | undefined;
    let startedAt = 0;
    let stopping = false;

    const exitOf = (c: ChildProcess): Promise<void> =>
      c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise((r) => c.once('exit', () => r()));

    async function launch(withArgs: string[]): Promise<void> {
      stopping = false;
      const c = spawn(options.command, withArgs, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
      child = c;
      let output = '';
      const keep = (chunk: Buffer): void => { output = (output + chunk.toString()).slice(-2000); };
      c.stdout?.on('data', keep);
      c.stderr?.on('data', keep);
      const failed = new Promise<never>((_, reject) => {
        c.once('error', (err) => reject(new Error(`cannot run ${options.command}: ${err.message}`)));
        c.once('exit', (code, signal) => reject(new Error(`${options.command} exited during start (${signal ?? `code ${code}`}): ${output.trim().slice(-300)}`)));
      });
      failed.catch(() => undefined);
      const ready = (async () => {
        await delay(ctx.clock, startMs);
        if (options.readyTcp) await tcpReady(ctx.clock, options.readyTcp, ctx.clock.now() + 10_000);
      })();
      await Promise.race([ready, failed]);
      startedAt = ctx.clock.now();
      // From now on an exit nobody asked for is reported to the supervisor.
      c.once('exit', (code, signal) => {
        if (!stopping && child === c) ctx.exited(`${options.command} exited (${signal ?? `code ${code}`})`);
      });
    }

    async function halt(): Promise<void> {
      const c = child;
      if (!c) return;
      stopping = true;
      if (c.exitCode === null && c.signalCode === null) {
        c.kill(options.stopSignal);
        const killer = ctx.clock.setTimer(() => c.kill('SIGKILL'), options.stopTimeoutMs);
        await exitOf(c);
        killer.cancel();
      }
      if (child === c) child = undefined;
    }

    return {
      start: () => launch(args),
      stop: halt,
      async status(): Promise<AdapterMetrics> {
        const c = child;
        if (!c?.pid || c.exitCode !== null) return {};
        let rss = 0;
        try {
          const m = /VmRSS:\s+(\d+) kB/.exec(await readFile(`/proc/${c.pid}/status`, 'utf8'));
          rss = m ? Number(m[1]) * 1024 : 0;
        } catch {
          // The process is gone between the check and the read.
        }
        return { pid: c.pid, uptime_seconds: (ctx.clock.now() - startedAt) / 1000, rss_bytes: rss };
      },
      async set(values: Record<string, ParamValue>) {
        const next = { args: (values.args as string[] | undefined) ?? args, startMs: (values.startMs as number | undefined) ?? startMs };
        const running = child !== undefined && child.exitCode === null;
        if (!running || values.args === undefined) {
          args = next.args;
          startMs = next.startMs;
          return;
        }
        // Restart with the new arguments; if that fails, bring the old ones back.
        const old = { args, startMs };
        await halt();
        args = next.args;
        startMs = next.startMs;
        try {
          await launch(args);
        } catch (err) {
          await halt();
          args = old.args;
          startMs = old.startMs;
          // The old arguments worked a moment ago; if even they fail now, the service is down.
          await launch(args).catch((again: Error) => ctx.exited(`restart with the previous args failed: ${again.message}`));
          throw err;
        }
      },
      params: () => ({ args, startMs }),
      close: halt,
    };
  },
});
