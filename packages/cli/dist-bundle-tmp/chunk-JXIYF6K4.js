import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);

// packages/adapters/dist/src/sdk/service-process.js
import { spawn } from "node:child_process";
import { accessSync, constants, existsSync } from "node:fs";
import { delimiter, join } from "node:path";
var NO_LEDGER = { add: () => void 0, remove: () => void 0 };
var SETPRIV = "/usr/bin/setpriv";
var setprivPresent;
function runnable(command, env) {
  const candidates = command.includes("/") ? [command] : (env?.PATH ?? process.env.PATH ?? "").split(delimiter).filter(Boolean).map((d) => join(d, command));
  return candidates.some((c) => {
    try {
      accessSync(c, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}
function spawnService(command, args, options, ledger = NO_LEDGER) {
  setprivPresent ??= existsSync(SETPRIV);
  const wrap = setprivPresent && runnable(command, options.env);
  const child = wrap ? spawn(SETPRIV, ["--pdeathsig", "KILL", "--", command, ...args], { ...options, detached: true }) : spawn(command, [...args], { ...options, detached: true });
  const pid = child.pid;
  if (pid !== void 0) {
    ledger.add(pid);
    child.once("exit", () => {
      killGroup(pid, "SIGKILL");
      ledger.remove(pid);
    });
  }
  return child;
}
function killGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
  } catch {
  }
}

export {
  NO_LEDGER,
  spawnService,
  killGroup
};
