import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  clientCommand
} from "./chunk-NC4CQ2LP.js";
import "./chunk-TBSGWFJS.js";
import "./chunk-TNCB4SOL.js";
import "./chunk-532ZK4EG.js";
import "./chunk-5RG6R7ES.js";

// packages/cli/dist/src/cli/control.js
function controlCommand(name, description) {
  return clientCommand(name, description, "a credential with role 'controller' ('monitor' is enough for status)", { flag: "--agent <host:port>", help: "the agent's control endpoint (skips finding NODE through the pool)" });
}
function controlCommands() {
  const status = controlCommand("status", "show a node's load L(t) and its adapters").argument("<node>", "the node's name").action(async (node, f) => (await import("./control-action-RQ7NM43B.js")).runStatus(node, f));
  const start = controlCommand("start", "start an adapter on a node (waits until RUNNING, or FATAL)").argument("<node>").argument("<adapter>").action(async (node, adapter, f) => (await import("./control-action-RQ7NM43B.js")).runStart(node, adapter, f));
  const stop = controlCommand("stop", "stop an adapter on a node").argument("<node>").argument("<adapter>").action(async (node, adapter, f) => (await import("./control-action-RQ7NM43B.js")).runStop(node, adapter, f));
  const set = controlCommand("set", "set adapter parameters on a node: all are applied, or none").argument("<node>").argument("<adapter>").argument("<key=value...>").action(async (node, adapter, pairs, f) => (await import("./control-action-RQ7NM43B.js")).runSet(node, adapter, pairs, f));
  return [status, start, stop, set];
}
export {
  controlCommands
};
