// How adapters start the programs they control, so that an agent killed with SIGKILL leaves
// none behind (supervisord's process groups): each program runs in its own process group
// under `setpriv --pdeathsig KILL` (util-linux), so the kernel kills it when the agent dies,
// and its group is recorded in the agent's ledger, so that a restarted agent kills whatever
// the program forked (workers, a script's background jobs: pdeathsig is not inherited).

import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Where a started program's process group is recorded until it is gone (the agent's ledger). */
export interface ProcessGroupLedger {
  add(pgid: number): void;
  remove(pgid: number): void;
}

/** A ledger that records nothing (an adapter run outside an agent). */
export const NO_LEDGER: ProcessGroupLedger = { add: () => undefined, remove: () => undefined };

const SETPRIV = '/usr/bin/setpriv';
let setprivPresent: boolean | undefined;

// A program that does not exist must fail as before ('error' with ENOENT), not as setpriv's exit 127.
function runnable(command: string, env: NodeJS.ProcessEnv | undefined): boolean {
  const candidates = command.includes('/') ? [command] : (env?.PATH ?? process.env.PATH ?? '').split(delimiter).filter(Boolean).map((d) => join(d, command));
  return candidates.some((c) => {
    try {
      accessSync(c, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * Spawns a service program in its own process group, bound to the agent's life by
 * pdeathsig when setpriv is installed, and records the group in `ledger` until it exits.
 */
export function spawnService(command: string, args: readonly string[], options: SpawnOptions, ledger: ProcessGroupLedger = NO_LEDGER): ChildProcess {
  setprivPresent ??= existsSync(SETPRIV);
  const wrap = setprivPresent && runnable(command, options.env);
  const child = wrap ? spawn(SETPRIV, ['--pdeathsig', 'KILL', '--', command, ...args], { ...options, detached: true }) : spawn(command, [...args], { ...options, detached: true });
  const pid = child.pid;
  if (pid !== undefined) {
    ledger.add(pid);
    child.once('exit', () => {
      // What the leader forked may outlive it in the group: they go with it.
      killGroup(pid, 'SIGKILL');
      ledger.remove(pid);
    });
  }
  return child;
}

/** Signals a whole process group, ignoring one that is gone. */
export function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // Gone already.
  }
}
