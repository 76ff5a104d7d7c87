import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  addDiscoveryOptions
} from "./chunk-NC4CQ2LP.js";
import {
  LamaCommand,
  collect,
  hostPort,
  intArg
} from "./chunk-TBSGWFJS.js";
import {
  InvalidArgumentError
} from "./chunk-TNCB4SOL.js";
import "./chunk-532ZK4EG.js";
import "./chunk-5RG6R7ES.js";

// packages/cli/dist/src/cli/join.js
function entryArg(value, previous = []) {
  const m = /^([A-Za-z_][A-Za-z0-9_.-]*):(.*)$/.exec(value);
  if (!m)
    throw new InvalidArgumentError(`'${value}' is not TYPE:key=value,...`);
  const fields = {};
  for (const pair of m[2] ? m[2].split(",") : []) {
    const eq = pair.indexOf("=");
    if (eq <= 0)
      throw new InvalidArgumentError(`'${pair}' in '${value}' is not key=value`);
    fields[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return [...previous, { type: m[1], fields }];
}
function joinCommand() {
  const cmd = new LamaCommand("join").description("register a service item with every discovered lookup service and keep its leases alive until stopped (SIGTERM cancels them)").requiredOption("--credential <file>", "credential with role 'agent' (the item is bound to its name)").option("--name <name>", "lama.Name of the item (default: the credential name)").option("--role <role>", "a role the service plays (repeatable)", collect).option("--endpoint <host:port>", "where the service answers", hostPort).option("--type <name>", "service type the item implements (repeatable)", collect, []).option("--attr <type:k=v,...>", "extra attribute entry (repeatable)", entryArg).option("--lease-ms <n>", "requested lease duration in ms", intArg(1), 1e4).option("--log-level <level>", "trace, debug, info, warn, error or silent", "info");
  addDiscoveryOptions(cmd);
  return cmd.action(async (f) => {
    const { runJoin } = await import("./join-action-TA4TQMW5.js");
    await runJoin(f);
  });
}
export {
  joinCommand
};
