import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  addDiscoveryOptions
} from "./chunk-NC4CQ2LP.js";
import {
  LamaCommand,
  addPrometheusOption,
  hostPort,
  intArg
} from "./chunk-TBSGWFJS.js";
import "./chunk-TNCB4SOL.js";
import {
  DEFAULT_ANNOUNCE_INTERVAL_MS,
  DEFAULT_LOOKUP_PORT,
  DEFAULT_MAX_LEASE_MS,
  DEFAULT_OWNER_LIMITS
} from "./chunk-532ZK4EG.js";
import "./chunk-5RG6R7ES.js";

// packages/cli/dist/src/cli/lookup.js
function lookupCommand() {
  const cmd = new LamaCommand("lookup").description("run a lookup service: the registrar of leased service items, served over gRPC and announced by signed multicast").requiredOption("--credential <file>", "this lookup service's credential (role 'lookup')").option("--listen <host:port>", "address to serve on (port 0 picks a free one)", hostPort, `0.0.0.0:${DEFAULT_LOOKUP_PORT}`).option("--max-lease-ms <n>", "longest lease granted, in ms", intArg(1), DEFAULT_MAX_LEASE_MS).option("--announce-interval-ms <n>", "interval between announcements, in ms", intArg(100), DEFAULT_ANNOUNCE_INTERVAL_MS).option("--advertise-host <host>", "host to announce when listening on 0.0.0.0").option("--max-items-per-owner <n>", "most items one credential may hold", intArg(1), DEFAULT_OWNER_LIMITS.items).option("--max-bytes-per-owner <n>", "most bytes of items one credential may hold", intArg(1), DEFAULT_OWNER_LIMITS.bytes).option("--revocations <file>", "the pool's signed revocation list (lama keys revoke writes it): enforced here, handed to every member, re-read when it changes").option("--log-level <level>", "trace, debug, info, warn, error or silent", "info");
  addDiscoveryOptions(cmd);
  addPrometheusOption(cmd);
  return cmd.action(async (o) => {
    const { runLookup } = await import("./lookup-action-JME3HELD.js");
    await runLookup(o);
  });
}
export {
  lookupCommand
};
