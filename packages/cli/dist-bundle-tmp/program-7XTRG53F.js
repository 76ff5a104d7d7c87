import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  LamaCommand
} from "./chunk-TBSGWFJS.js";
import "./chunk-TNCB4SOL.js";
import {
  version
} from "./chunk-BWGGRUOP.js";
import "./chunk-5RG6R7ES.js";

// packages/cli/dist/src/cli/program.js
var LIMIT_FLAGS = [
  ["maxMetadataBytes", "LAMA_MAX_METADATA_BYTES"],
  ["maxStreamsPerCredential", "LAMA_MAX_STREAMS_PER_CREDENTIAL"],
  ["maxStreamsPerConnection", "LAMA_MAX_STREAMS_PER_CONNECTION"],
  ["refusedCacheBytes", "LAMA_REFUSED_CACHE_BYTES"],
  ["minWatchIntervalMs", "LAMA_MIN_WATCH_INTERVAL_MS"],
  ["discoveryNonces", "LAMA_DISCOVERY_NONCES"]
];
var COMMANDS = [
  { names: ["demo"], define: async () => [(await import("./demo-WB4QPVLX.js")).demoCommand()] },
  { names: ["keys"], define: async () => [(await import("./keys-MTO4KOTC.js")).keysCommand()] },
  { names: ["lookup"], define: async () => [(await import("./lookup-E7XDTCTD.js")).lookupCommand()] },
  { names: ["join"], define: async () => [(await import("./join-ZTEWB3UR.js")).joinCommand()] },
  { names: ["ls"], define: async () => [(await import("./ls-BEEU4QEQ.js")).lsCommand()] },
  { names: ["agent"], define: async () => [(await import("./agent-L6V2PCS3.js")).agentCommand()] },
  { names: ["status", "start", "stop", "set"], define: async () => (await import("./control-G7CKN4BV.js")).controlCommands() },
  { names: ["grand"], define: async () => [(await import("./grand-2UJI7BVR.js")).grandCommand()] },
  { names: ["map"], define: async () => [(await import("./map-Z2PFN7XO.js")).mapCommand()] },
  { names: ["alerts", "decisions", "pool"], define: async () => (await import("./grand-queries-GPC5V3D4.js")).grandQueryCommands() },
  { names: ["console"], define: async () => [(await import("./console-XYQV3N7S.js")).consoleCommand()] },
  { names: ["deploy", "deployments", "clean"], define: async () => (await import("./deploy-IDPR45HE.js")).deployCommands() },
  { names: ["site"], define: async () => [(await import("./site-4KHBFF7T.js")).siteCommand()] },
  { names: ["transfer"], define: async () => [(await import("./transfer-L6VLZ42Y.js")).transferCommand()] }
];
async function buildProgram(argv = process.argv) {
  const program = new LamaCommand("lama").description("LAMA: a cluster of servers that manages itself.\nEvery flag can also be set from the environment: --max-lease-ms is LAMA_MAX_LEASE_MS.").version(version).showHelpAfterError("(run with --help for usage)").hook("preAction", (_program, action) => {
    const o = action.opts();
    if (o.plaintext === true)
      process.env.LAMA_PLAINTEXT = "1";
    for (const [flag, env] of LIMIT_FLAGS)
      if (typeof o[flag] === "number")
        process.env[env] = String(o[flag]);
  });
  const named = COMMANDS.find((c) => c.names.includes(argv[2] ?? ""));
  for (const group of named ? [named] : COMMANDS) {
    for (const cmd of await group.define())
      program.addCommand(cmd);
  }
  return program;
}
export {
  buildProgram
};
