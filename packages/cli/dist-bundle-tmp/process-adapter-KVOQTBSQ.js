import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  killGroup,
  spawnService
} from "./chunk-JXIYF6K4.js";
import {
  defineAdapter,
  external_exports,
  integerOption,
  listOption,
  parseOptions
} from "./chunk-36O33FJM.js";
import {
  boundedMessage
} from "./chunk-S3SJLHWA.js";
import {
  delay
} from "./chunk-VCFP5DZ7.js";
import "./chunk-VMRBDOJN.js";
import "./chunk-W74NIISL.js";
import "./chunk-AGYS2BOI.js";
import "./chunk-GREZTAM7.js";
import "./chunk-YUNTATBM.js";
import "./chunk-I7Y4U2ZV.js";
import "./chunk-IKSWEGPT.js";
import {
  isHostPort,
  parseHostPort
} from "./chunk-MT4BYXDY.js";
import "./chunk-ZWHKMG5D.js";
import "./chunk-FEDWZIOZ.js";
import "./chunk-A4HYEA5Q.js";
import "./chunk-COLKQ3MG.js";
import "./chunk-2F4QKM7O.js";
import "./chunk-532ZK4EG.js";
import "./chunk-5RG6R7ES.js";

// packages/adapters/dist/src/builtin/process-adapter.js
import { readFile } from "node:fs/promises";
import { connect } from "node:net";
var SIGNALS = ["SIGTERM", "SIGINT", "SIGQUIT", "SIGHUP", "SIGUSR1", "SIGUSR2"];
var PARAMS = ["args", "env", "startMs"];
var SETTABLE_BY_DEFAULT = ["startMs"];
var MAX_MESSAGE = 200;
var ENV_ITEM = /^[A-Za-z_][A-Za-z0-9_]*=/;
var STRINGS = "must be a list of strings";
var MS = "must be a non-negative integer (ms)";
var COMMAND = "is required (the program to run)";
var ENV = "must map names to strings";
var SETTABLE = `must be a list of parameter names (${PARAMS.join(", ")})`;
var schema = external_exports.strictObject({
  command: external_exports.string({ error: COMMAND }).min(1, COMMAND),
  args: listOption(STRINGS).default([]),
  cwd: external_exports.string({ error: "must be a path" }).optional(),
  env: external_exports.record(external_exports.string(), external_exports.string({ error: ENV }), { error: ENV }).default({}),
  roles: listOption(STRINGS).default([]),
  stopSignal: external_exports.enum(SIGNALS, { error: `must be one of ${SIGNALS.join(", ")}` }).default("SIGTERM"),
  stopTimeoutMs: integerOption(0, Number.MAX_SAFE_INTEGER, MS).default(5e3),
  startMs: integerOption(0, Number.MAX_SAFE_INTEGER, MS).default(500),
  readyTcp: external_exports.string({ error: "must be HOST:PORT" }).refine(isHostPort, "must be HOST:PORT").optional(),
  settable: external_exports.array(external_exports.enum(PARAMS, { error: SETTABLE }), { error: SETTABLE }).default([...SETTABLE_BY_DEFAULT])
});
var bounded = (text) => boundedMessage(text, MAX_MESSAGE);
function envOf(items) {
  return Object.fromEntries(items.map((i) => [i.slice(0, i.indexOf("=")), i.slice(i.indexOf("=") + 1)]));
}
function tcpReady(clock, target, deadline) {
  const { host, port } = parseHostPort(target) ?? { host: "", port: 0 };
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const sock = connect({ host, port });
      sock.once("connect", () => {
        sock.destroy();
        resolve();
      });
      sock.once("error", () => {
        sock.destroy();
        if (clock.now() > deadline)
          reject(new Error(`nothing accepts connections on ${target}`));
        else
          clock.setTimer(attempt, 50);
      });
    };
    attempt();
  });
}
var processAdapter = defineAdapter({
  type: "process",
  description: "Runs a command as a service: start, stop (signal, then SIGKILL), restart on exit; Set startMs, and args/env where the config allows.",
  roles: (o) => o.roles,
  params: {
    args: { type: "list", description: "arguments of the command (JSON array or comma-separated); a running process is restarted with them; settable only if the config's settable lists it" },
    env: {
      type: "list",
      pattern: ENV_ITEM,
      description: "NAME=VALUE items added to the command's environment (over the config's env); a running process is restarted with them; settable only if the config's settable lists it"
    },
    startMs: { type: "integer", min: 0, max: 6e5, description: "how long the process must stay up to count as started, in ms" }
  },
  settable: (o) => o.settable,
  options: (raw) => parseOptions("process", schema, raw),
  create(options, ctx) {
    let args = options.args;
    let env = [];
    let startMs = options.startMs;
    let child;
    let startedAt = 0;
    let stopping = false;
    const exitOf = (c) => c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise((r) => c.once("exit", () => r()));
    async function launch(withArgs, withEnv) {
      stopping = false;
      const c = spawnService(options.command, withArgs, { cwd: options.cwd, env: { ...process.env, ...options.env, ...envOf(withEnv) }, stdio: ["ignore", "pipe", "pipe"] }, ctx.processGroups);
      child = c;
      let output = "";
      const keep = (chunk) => {
        output = (output + chunk.toString()).slice(-2e3);
      };
      c.stdout?.on("data", keep);
      c.stderr?.on("data", keep);
      const failed = new Promise((_, reject) => {
        c.once("error", (err) => reject(new Error(bounded(`cannot run ${options.command}: ${err.code ?? err.message}`))));
        c.once("exit", (code, signal) => {
          ctx.log.warn("process exited during start", { command: options.command, code, signal, output: output.trim().slice(-2e3) });
          reject(new Error(bounded(`${options.command} exited during start (${signal ?? `code ${code}`}); its output is in the agent's log`)));
        });
      });
      failed.catch(() => void 0);
      const ready = (async () => {
        await delay(ctx.clock, startMs);
        if (options.readyTcp)
          await tcpReady(ctx.clock, options.readyTcp, ctx.clock.now() + 1e4);
      })();
      await Promise.race([ready, failed]);
      startedAt = ctx.clock.now();
      c.once("exit", (code, signal) => {
        if (stopping || child !== c)
          return;
        ctx.log.warn("process exited", { command: options.command, code, signal, output: output.trim().slice(-2e3) });
        ctx.exited(bounded(`${options.command} exited (${signal ?? `code ${code}`})`));
      });
    }
    async function halt() {
      const c = child;
      if (!c)
        return;
      stopping = true;
      if (c.exitCode === null && c.signalCode === null) {
        killGroup(c.pid ?? 0, options.stopSignal);
        const killer = ctx.clock.setTimer(() => killGroup(c.pid ?? 0, "SIGKILL"), options.stopTimeoutMs);
        await exitOf(c);
        killer.cancel();
      }
      if (child === c)
        child = void 0;
    }
    return {
      start: () => launch(args, env),
      stop: halt,
      async status() {
        const c = child;
        if (!c?.pid || c.exitCode !== null)
          return {};
        let rss = 0;
        try {
          const m = /VmRSS:\s+(\d+) kB/.exec(await readFile(`/proc/${c.pid}/status`, "utf8"));
          rss = m ? Number(m[1]) * 1024 : 0;
        } catch {
        }
        return { pid: c.pid, uptime_seconds: (ctx.clock.now() - startedAt) / 1e3, rss_bytes: rss };
      },
      async set(values) {
        const next = {
          args: values.args ?? args,
          env: values.env ?? env,
          startMs: values.startMs ?? startMs
        };
        const running = child !== void 0 && child.exitCode === null;
        if (!running || values.args === void 0 && values.env === void 0) {
          ({ args, env, startMs } = next);
          return;
        }
        const old = { args, env, startMs };
        await halt();
        ({ args, env, startMs } = next);
        try {
          await launch(args, env);
        } catch (err) {
          await halt();
          ({ args, env, startMs } = old);
          await launch(args, env).catch((again) => ctx.exited(bounded(`restart with the previous args failed: ${again.message}`)));
          throw err;
        }
      },
      params: () => ({ args, env, startMs }),
      close: halt
    };
  }
});
export {
  processAdapter
};
