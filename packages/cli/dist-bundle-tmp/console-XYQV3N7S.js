import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  clientCommand
} from "./chunk-NC4CQ2LP.js";
import {
  hostPort,
  intArg
} from "./chunk-TBSGWFJS.js";
import "./chunk-TNCB4SOL.js";
import "./chunk-532ZK4EG.js";
import "./chunk-5RG6R7ES.js";

// packages/cli/dist/src/cli/console.js
function consoleCommand() {
  const cmd = clientCommand("console", "serve the pool's web console: prints a one-time sign-in link; browsers get the roles of this credential", "the console's credential: role 'controller' lets its sessions act, 'monitor' only watch", { flag: "--grand <host:port>", help: "the grand agent's endpoint (skips finding it through the pool)" }).option("--listen <host:port>", "address of the web page (a non-loopback one exposes the console to that network)", hostPort, "127.0.0.1:4180").option("--interval-ms <n>", "how often the grand agent sends its pool view (the chart's resolution)", intArg(250), 1e3).option("--sign-in-ttl-ms <n>", "how long a printed sign-in link stays valid", intArg(1e3), 5 * 6e4).option("--session-ttl-ms <n>", "how long a signed-in session lasts", intArg(1e3), 8 * 36e5).option("--no-inline-first-view", "serve the page without its first view inlined: it waits for the event stream's first snapshot (the baseline bench/console compares with)").option("--log-level <level>", "trace, debug, info, warn, error or silent", "info").addHelpText("after", '\n--json prints one line per sign-in link on stdout, {"console","signIn","validMs","grand","roles"}, and logs to stderr.');
  return cmd.action(async (o) => {
    await (await import("./console-action-VAC7B4DL.js")).runConsole(o);
  });
}
export {
  consoleCommand
};
