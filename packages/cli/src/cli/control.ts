import type { Command } from 'commander';
import { addDiscoveryOptions } from './discovery-flags.js';
import type { ControlFlags } from './control-action.js';
import { LamaCommand, hostPort, intArg } from './options.js';

function controlCommand(name: string, description: string): LamaCommand {
  const cmd = new LamaCommand(name)
    .description(description)
    .requiredOption('--credential <file>', "a credential with role 'controller' ('monitor' is enough for status)")
    .option('--agent <host:port>', "the agent's control endpoint (skips finding NODE through the pool)", hostPort)
    .option('--wait-ms <n>', 'how long to discover lookup services', intArg(1), 2000)
    .option('--json', 'print JSON', false) as LamaCommand;
  addDiscoveryOptions(cmd);
  return cmd;
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
