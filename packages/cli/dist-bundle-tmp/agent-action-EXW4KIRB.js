import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  MULTICAST_FLAGS,
  flagsToConfig,
  mergeConfig
} from "./chunk-PZX7ZCGH.js";
import {
  servePrometheus
} from "./chunk-M3E3CDOF.js";
import {
  createLogger,
  onShutdown
} from "./chunk-GV54AVZ6.js";
import {
  MetricsSampler
} from "./chunk-C6NIVJPH.js";
import {
  Agent
} from "./chunk-7AIZH35D.js";
import "./chunk-CV5GMX46.js";
import {
  parseAgentConfig,
  readConfigFile
} from "./chunk-IWLBJ6JX.js";
import "./chunk-KSE75MTL.js";
import "./chunk-ZMUX57ID.js";
import "./chunk-JXIYF6K4.js";
import "./chunk-36O33FJM.js";
import "./chunk-S3SJLHWA.js";
import "./chunk-VCFP5DZ7.js";
import "./chunk-VMRBDOJN.js";
import "./chunk-W74NIISL.js";
import {
  loadCredential
} from "./chunk-AGYS2BOI.js";
import "./chunk-GREZTAM7.js";
import "./chunk-YUNTATBM.js";
import "./chunk-I7Y4U2ZV.js";
import "./chunk-IKSWEGPT.js";
import "./chunk-MT4BYXDY.js";
import "./chunk-ZWHKMG5D.js";
import "./chunk-FEDWZIOZ.js";
import "./chunk-A4HYEA5Q.js";
import "./chunk-COLKQ3MG.js";
import "./chunk-2F4QKM7O.js";
import "./chunk-532ZK4EG.js";
import "./chunk-5RG6R7ES.js";

// packages/cli/dist/src/cli/agent-action.js
import { dirname, resolve } from "node:path";
async function runAgent(cmd) {
  const o = cmd.opts();
  const configPath = o.config ? resolve(o.config) : void 0;
  const file = configPath ? readConfigFile(configPath) : {};
  const flags = flagsToConfig(cmd, [
    ["name", "name"],
    ["credential", "credential"],
    ["group", "groups"],
    ["lookup", "lookups"],
    ["listen", "listen"],
    ["advertiseHost", "advertiseHost"],
    ["leaseMs", "leaseMs"],
    ["capacity", "capacity"],
    ["adapter", "adapters"],
    ["attribute", "attributes"],
    ["stateDir", "stateDir"],
    ["logLevel", "logLevel"]
  ], {
    multicast: MULTICAST_FLAGS,
    metrics: [["metricsIntervalMs", "intervalMs"], ["metricsInterface", "interfaces"], ["metricsDisk", "disks"]],
    prometheus: [["prometheus", "listen"]],
    deploy: [["deployRoot", "root"], ["deployAllowedRoot", "allowedRoots"], ["deployCacheLimitBytes", "cacheLimitBytes"]]
  });
  const config = parseAgentConfig(mergeConfig(file, flags), configPath ?? "flags");
  const configDir = configPath ? dirname(configPath) : process.cwd();
  const log = createLogger("lama-agent", config.logLevel);
  const credential = loadCredential(resolve(configDir, config.credential));
  process.on("unhandledRejection", (err) => log.error({ err: err instanceof Error ? err.message : String(err) }, "unhandled rejection (ignored)"));
  process.on("uncaughtException", (err) => log.error({ err: err.message, stack: err.stack }, "uncaught exception (ignored)"));
  const metrics = new MetricsSampler({ intervalMs: config.metrics.intervalMs, interfaces: config.metrics.interfaces, disks: config.metrics.disks });
  metrics.on("error", (err) => log.warn({ err: err.message }, "metrics sample failed"));
  const agent = new Agent({ config, credential, configDir, metrics, log });
  agent.on("adapterState", (adapter, state, previous, message) => log.info({ adapter, state, previous, message: message || void 0 }, "adapter state"));
  agent.on("rejected", (method, err) => log.warn({ method, err: err.message }, "call rejected"));
  const prometheus = await servePrometheus(config.prometheus?.listen, "--prometheus / prometheus.listen", log, async (registry) => {
    const { registerAgentMetrics } = await import("./prometheus-C3WYBMNF.js");
    registerAgentMetrics(registry, agent);
  });
  onShutdown(log, async () => {
    await agent.stop();
    await prometheus?.stop();
  });
  await agent.start();
  log.info({ node: config.name, endpoint: agent.endpoint, adapters: agent.adapterNames(), serviceId: agent.serviceId, stateDir: agent.stateDir }, "agent running");
}
export {
  runAgent
};
