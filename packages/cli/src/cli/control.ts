import type { Command } from 'commander';
import type { ControlFlags } from './control-action.js';
import { clientCommand } from './discovery-flags.js';
import type { LamaCommand } from './options.js';

function controlCommand(name: string, description: string): LamaCommand {
  return clientCommand(name, description, "a credential with role 'controller' ('monitor' is enough for status)",
    { flag: '--agent <host:port>', help: "the agent's control endpoint (skips finding NODE through the pool)" });
}

/** `lama status`, `lama start`, `lama stop`, `lama set`: the four verbs against a running agent. */
export function controlCommands(): Command[] {
  const status = controlCommand('status', "show a node's load L(t) and its adapters")
    .argument('<node>', "the node's name")
    .action(async (node: string, f: ControlFlags) => (await import('./control-action.js')).runStatus(node, f));
  const start = controlCommand('start', 'start an adapter on a node (waits until RUNNING, or FATAL)')
    .argument('<node>').argument('<adapter>')
    .action(async (node: string, adapter: string, f: ControlFlags) => (await import('./control-action.js')).runStart(node, adapter, f));
  const stop = controlCommand('stop', 'stop an adapter on a node')
    .argument('<node>').argument('<adapter>')
    .action(async (node: string, adapter: string, f: ControlFlags) => (await import('./control-action.js')).runStop(node, adapter, f));
  const set = controlCommand('set', 'set adapter parameters on a node: all are applied, or none')
    .argument('<node>').argument('<adapter>').argument('<key=value...>')
    .action(async (node: string, adapter: string, pairs: string[], f: ControlFlags) => (await import('./control-action.js')).runSet(node, adapter, pairs, f));
  return [status, start, stop, set];
}
