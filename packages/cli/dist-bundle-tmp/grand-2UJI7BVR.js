import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  addDiscoveryOptions
} from "./chunk-NC4CQ2LP.js";
import {
  LamaCommand,
  addPrometheusOption,
  collect,
  hostPort,
  intArg,
  positiveNumber
} from "./chunk-TBSGWFJS.js";
import {
  InvalidArgumentError
} from "./chunk-TNCB4SOL.js";
import "./chunk-532ZK4EG.js";
import "./chunk-5RG6R7ES.js";

// packages/cli/dist/src/cli/grand.js
function serviceArg(value, previous = []) {
  try {
    return [...previous, JSON.parse(value)];
  } catch {
    throw new InvalidArgumentError(`'${value}' is not JSON (a service: {"name","role","metric","adapter",...})`);
  }
}
function grandCommand() {
  const cmd = new LamaCommand("grand").description("run the grand agent: an embedded lookup service and the Grand API on one address, a status stream to every agent, lease-expiry alerts, and Algorithm 1 per service").option("--config <file>", "JSON or YAML config; flags override its keys").option("--name <name>", "the grand agent's name (default grand)").option("--credential <file>", "credential with roles 'lookup' and 'controller' ('controller' alone with --no-embedded-lookup)").option("--listen <host:port>", "address of the lookup service, the Grand API and health (port 0 picks one)", hostPort).option("--advertise-host <host>", "host to announce when listening on 0.0.0.0").option("--no-embedded-lookup", "use only existing lookup services (found by discovery or --lookup)").option("--max-lease-ms <n>", "longest lease the embedded lookup service grants", intArg(1e3)).option("--announce-interval-ms <n>", "interval between the embedded lookup service's announcements", intArg(100)).option("--lease-ms <n>", "the grand agent's own registration lease", intArg(100)).option("--monitor-interval-ms <n>", "WatchStatus interval asked of every agent: the longest between two statuses (default 2000)", intArg(100)).option("--monitor-min-interval-ms <n>", "the shortest: a status whose change a decision uses comes this soon (default 250)", intArg(100)).option("--history-samples <n>", "status samples kept per node (default 300)", intArg(2)).option("--webhook <url>", "POST every alert as JSON to this URL, retried with backoff (repeatable)", collect).option("--partition-window-ms <n>", "expiries within this window count together (default 10000)", intArg(100)).option("--partition-share <x>", "share of the pool expiring within the window that is a partition (default 0.3)", positiveNumber).option("--partition-min-nodes <n>", "...and at least this many nodes (default 3)", intArg(2)).option("--partition-hold-ms <n>", "a partition clears after this long without new expiries (default 300000)", intArg(1e3)).option("--alert-settle-ms <n>", "an expiry waits this long for others that would make a partition before it is a lease-expired alert (default 500; alerts come lease + this after a death)", intArg(0)).option("--node-lease-ms <n>", "the agents' lease: the settle window grows by its renewal spread (a third of it) so that a partition's expiries make one alert", intArg(100)).option("--service <json>", 'a service pool to size, as JSON {"name","role","metric","adapter","capacityPerNode",...} (repeatable)', serviceArg).option("--store-url <url>", "the site store's base URL that deployments fetch from (deploy.storeUrl)").option("--cache-group <host:port>", "multicast group of cache sessions (deploy.cacheGroup; without it every node fetches from the store)", hostPort).option("--cache-interface <ipv4>", "interface address of cache sessions (deploy.cacheInterface; default each agent's)").option("--state-dir <dir>", "keep the deployments and the adds and releases under way here, so that a restart (even after kill -9) finishes or rolls back what was left open (default: memory only)").option("--deploy-timeout-ms <n>", "a node without DEPLOYMENT-COMPLETE this long after StartDeployment has timed out and is cleaned (default 600000)", intArg(100)).option("--log-level <level>", "trace, debug, info, warn, error or silent");
  addDiscoveryOptions(cmd);
  addPrometheusOption(cmd);
  return cmd.action(async () => {
    const { runGrand } = await import("./grand-action-I5TUZNV4.js");
    await runGrand(cmd);
  });
}
export {
  grandCommand
};
