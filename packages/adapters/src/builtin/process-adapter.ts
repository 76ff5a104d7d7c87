import type { ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { delay, isHostPort, parseHostPort, type Clock } from '@lama/lookup';
import { z } from 'zod';
import { defineAdapter, type AdapterMetrics } from '../sdk/adapter.js';
import { boundedMessage } from '../sdk/errors.js';
import { integerOption, listOption, parseOptions } from '../sdk/options.js';
import type { ParamValue } from '../sdk/params.js';
import { killGroup, spawnService } from '../sdk/service-process.js';

const SIGNALS = ['SIGTERM', 'SIGINT', 'SIGQUIT', 'SIGHUP', 'SIGUSR1', 'SIGUSR2'] as const;
/** The parameters; args and env choose what runs (LD_PRELOAD, -c ...), so only the operator can open them to Set. */
const PARAMS = ['args', 'env', 'startMs'] as const;
const SETTABLE_BY_DEFAULT: readonly (typeof PARAMS)[number][] = ['startMs'];
/** Longest error message the adapter returns (the child's output stays in the agent's log). */
const MAX_MESSAGE = 200;
const ENV_ITEM = /^[A-Za-z_][A-Za-z0-9_]*=/;

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
  /** The parameters a controller may Set (default: startMs only). */
  settable: string[];
}

const STRINGS = 'must be a list of strings';
const MS = 'must be a non-negative integer (ms)';
const COMMAND = 'is required (the program to run)';
const ENV = 'must map names to strings';
const SETTABLE = `must be a list of parameter names (${PARAMS.join(', ')})`;

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
  settable: z.array(z.enum(PARAMS, { error: SETTABLE }), { error: SETTABLE }).default([...SETTABLE_BY_DEFAULT]),
});

/** A message for the caller: one line, at most MAX_MESSAGE characters. */
const bounded = (text: string): string => boundedMessage(text, MAX_MESSAGE);

/** The env parameter, NAME=VALUE items, as a map (a later item wins). */
function envOf(items: readonly string[]): Record<string, string> {
  return Object.fromEntries(items.map((i) => [i.slice(0, i.indexOf('=')), i.slice(i.indexOf('=') + 1)]));
}

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
  description: 'Runs a command as a service: start, stop (signal, then SIGKILL), restart on exit; Set startMs, and args/env where the config allows.',
  roles: (o) => o.roles,
  params: {
    args: { type: 'list', description: "arguments of the command (JSON array or comma-separated); a running process is restarted with them; settable only if the config's settable lists it" },
    env: {
      type: 'list', pattern: ENV_ITEM,
      description: "NAME=VALUE items added to the command's environment (over the config's env); a running process is restarted with them; settable only if the config's settable lists it",
    },
    startMs: { type: 'integer', min: 0, max: 600_000, description: 'how long the process must stay up to count as started, in ms' },
  },
  settable: (o) => o.settable,
  options: (raw) => parseOptions('process', schema, raw),
  create(options, ctx) {
    let args = options.args;
    let env: string[] = [];
    let startMs = options.startMs;
    let child: ChildProcess | undefined;
    let startedAt = 0;
    let stopping = false;

    const exitOf = (c: ChildProcess): Promise<void> =>
      c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise((r) => c.once('exit', () => r()));

    async function launch(withArgs: string[], withEnv: string[]): Promise<void> {
      stopping = false;
      const c = spawnService(options.command, withArgs, { cwd: options.cwd, env: { ...process.env, ...options.env, ...envOf(withEnv) }, stdio: ['ignore', 'pipe', 'pipe'] }, ctx.processGroups);
      child = c;
      let output = '';
      const keep = (chunk: Buffer): void => { output = (output + chunk.toString()).slice(-2000); };
      c.stdout?.on('data', keep);
      c.stderr?.on('data', keep);
      // The child's output goes to the agent's log only: whatever it printed (secrets, files
      // it was made to read) never travels back to the caller.
      const failed = new Promise<never>((_, reject) => {
        c.once('error', (err) => reject(new Error(bounded(`cannot run ${options.command}: ${(err as NodeJS.ErrnoException).code ?? err.message}`))));
        c.once('exit', (code, signal) => {
          ctx.log.warn('process exited during start', { command: options.command, code, signal, output: output.trim().slice(-2000) });
          reject(new Error(bounded(`${options.command} exited during start (${signal ?? `code ${code}`}); its output is in the agent's log`)));
        });
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
        if (stopping || child !== c) return;
        ctx.log.warn('process exited', { command: options.command, code, signal, output: output.trim().slice(-2000) });
        ctx.exited(bounded(`${options.command} exited (${signal ?? `code ${code}`})`));
      });
    }

    async function halt(): Promise<void> {
      const c = child;
      if (!c) return;
      stopping = true;
      if (c.exitCode === null && c.signalCode === null) {
        // The whole group, as supervisord's stopasgroup: what the program forked stops with it.
        killGroup(c.pid ?? 0, options.stopSignal);
        const killer = ctx.clock.setTimer(() => killGroup(c.pid ?? 0, 'SIGKILL'), options.stopTimeoutMs);
        await exitOf(c);
        killer.cancel();
      }
      if (child === c) child = undefined;
    }

    return {
      start: () => launch(args, env),
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
        const next = {
          args: (values.args as string[] | undefined) ?? args,
          env: (values.env as string[] | undefined) ?? env,
          startMs: (values.startMs as number | undefined) ?? startMs,
        };
        const running = child !== undefined && child.exitCode === null;
        if (!running || (values.args === undefined && values.env === undefined)) {
          ({ args, env, startMs } = next);
          return;
        }
        // Restart with the new arguments; if that fails, bring the old ones back.
        const old = { args, env, startMs };
        await halt();
        ({ args, env, startMs } = next);
        try {
          await launch(args, env);
        } catch (err) {
          await halt();
          ({ args, env, startMs } = old);
          // The old arguments worked a moment ago; if even they fail now, the service is down.
          await launch(args, env).catch((again: Error) => ctx.exited(bounded(`restart with the previous args failed: ${again.message}`)));
          throw err;
        }
      },
      params: () => ({ args, env, startMs }),
      close: halt,
    };
  },
});
