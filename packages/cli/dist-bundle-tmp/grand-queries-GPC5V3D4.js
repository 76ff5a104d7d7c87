import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  clientCommand
} from "./chunk-NC4CQ2LP.js";
import "./chunk-TBSGWFJS.js";
import "./chunk-TNCB4SOL.js";
import "./chunk-532ZK4EG.js";
import "./chunk-5RG6R7ES.js";

// packages/cli/dist/src/cli/grand-queries.js
function queryCommand(name, description) {
  return clientCommand(name, description, "a credential with role 'controller' or 'monitor'", { flag: "--grand <host:port>", help: "the grand agent's endpoint (skips finding it through the pool)" });
}
function grandQueryCommands() {
  const alerts = queryCommand("alerts", "list the grand agent's alerts (lease-expired, partition, partition-cleared, deployment-failed)").option("--follow", "keep printing new alerts as they are raised (Ctrl-C to stop)", false);
  alerts.action(async () => {
    await (await import("./grand-queries-action-PNXF57DJ.js")).runAlerts(alerts);
  });
  const decisions = queryCommand("decisions", "list the allocator's decisions with their inputs (sum or forecast, N, thresholds)").option("--service <name>", "only this service").option("--all", "include holds (default: only adds and releases, dry-run ones included)", false);
  decisions.action(async () => {
    await (await import("./grand-queries-action-PNXF57DJ.js")).runDecisions(decisions);
  });
  const pool = queryCommand("pool", "show the grand agent's view: each service's N, load and forecast, and every node");
  pool.action(async () => {
    await (await import("./grand-queries-action-PNXF57DJ.js")).runPool(pool);
  });
  return [alerts, decisions, pool];
}
export {
  grandQueryCommands
};
