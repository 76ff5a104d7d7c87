import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  addDiscoveryOptions
} from "./chunk-NC4CQ2LP.js";
import {
  LamaCommand,
  intArg
} from "./chunk-TBSGWFJS.js";
import "./chunk-TNCB4SOL.js";
import "./chunk-532ZK4EG.js";
import "./chunk-5RG6R7ES.js";

// packages/cli/dist/src/cli/ls.js
function lsCommand() {
  const cmd = new LamaCommand("ls").description("discover the pool and list every registered item").requiredOption("--credential <file>", "a credential of the pool (any role)").option("--role <role>", "only items with this role").option("--json", "print a JSON array", false).option("--wait-ms <n>", "how long to discover lookup services", intArg(1), 1e3);
  addDiscoveryOptions(cmd);
  return cmd.action(async (f) => (await import("./ls-action-47FUEEZW.js")).runLs(f));
}
export {
  lsCommand
};
