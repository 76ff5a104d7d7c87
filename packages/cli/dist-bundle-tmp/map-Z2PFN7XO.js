import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  LamaCommand,
  collect,
  intArg
} from "./chunk-TBSGWFJS.js";
import "./chunk-TNCB4SOL.js";
import "./chunk-5RG6R7ES.js";

// packages/cli/dist/src/cli/map.js
function mapCommand() {
  const cmd = new LamaCommand("map").description("map a shared tree onto the local disk by a mapping file (YAML or JSON 4-tuples), or clean what was mapped; conflicts are reported, all of them, before anything changes (exit status 1)").argument("<mapping>", "the mapping file: a list of {shared, local, policy: mktree|mkdir|mklink, script?, exclude?}").option("--dry-run", "plan only: print what would be made, or every conflict", false).option("--clean", "remove exactly what the state directory's journal lists (an interrupted mapping too)", false).option("--allow <root>", "a local root the mapper may write under (repeatable; required to map)", collect).option("--shared <dir>", "what relative 'shared' paths resolve against (default: the mapping file's folder)").option("--allow-shared <root>", "a root shared directories and scripts must lie in (repeatable; default: the --shared folder)", collect).option("--state-dir <dir>", "where the journal is kept (default ~/.local/state/lama/map)").option("--site <name>", "LAMA_SITE for the post-mapping scripts").option("--node <name>", "LAMA_NODE for the post-mapping scripts (default: the host name)").option("--script-timeout-ms <n>", "deadline of each post-mapping script", intArg(100), 1e4).option("--json", "print one JSON document", false);
  return cmd.action(async (mapping, f) => (await import("./map-action-MXEAODRE.js")).runMap(mapping, f));
}
export {
  mapCommand
};
