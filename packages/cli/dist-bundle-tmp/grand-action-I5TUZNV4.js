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
  GrandAgent,
  parseGrandConfig
} from "./chunk-W4TKKIOO.js";
import "./chunk-QKHI2ZJ4.js";
import "./chunk-C6NIVJPH.js";
import "./chunk-7AIZH35D.js";
import "./chunk-IZY2JOMO.js";
import "./chunk-2CLNWT2G.js";
import "./chunk-CV5GMX46.js";
import "./chunk-R4APUNPC.js";
import "./chunk-4UNPKTYS.js";
import "./chunk-X66OQOLM.js";
import {
  readConfigFile
} from "./chunk-IWLBJ6JX.js";
import "./chunk-KSE75MTL.js";
import "./chunk-ZMUX57ID.js";
import "./chunk-EXKF7SXK.js";
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
import {
  toB64u
} from "./chunk-COLKQ3MG.js";
import "./chunk-2F4QKM7O.js";
import "./chunk-532ZK4EG.js";
import "./chunk-5RG6R7ES.js";

// packages/cli/dist/src/cli/grand-action.js
import { dirname, resolve } from "node:path";
async function runGrand(cmd) {
  const o = cmd.opts();
  const configPath = o.config ? resolve(o.config) : void 0;
  const file = configPath ? readConfigFile(configPath) : {};
  const flags = flagsToConfig(cmd, [
    ["name", "name"],
    ["credential", "credential"],
    ["listen", "listen"],
    ["advertiseHost", "advertiseHost"],
    ["embeddedLookup", "embeddedLookup"],
    ["group", "groups"],
    ["lookup", "lookups"],
    ["maxLeaseMs", "maxLeaseMs"],
    ["announceIntervalMs", "announceIntervalMs"],
    ["leaseMs", "leaseMs"],
    ["service", "services"],
    ["logLevel", "logLevel"],
    ["stateDir", "stateDir"]
  ], {
    multicast: MULTICAST_FLAGS,
    monitor: [["monitorIntervalMs", "intervalMs"], ["monitorMinIntervalMs", "minIntervalMs"], ["historySamples", "historySamples"]],
    prometheus: [["prometheus", "listen"]],
    deploy: [["storeUrl", "storeUrl"], ["cacheGroup", "cacheGroup"], ["cacheInterface", "cacheInterface"], ["deployTimeoutMs", "timeoutMs"]],
    alerts: [["webhook", "webhooks"], ["partitionWindowMs", "partitionWindowMs"], ["partitionShare", "partitionShare"], ["partitionMinNodes", "partitionMinNodes"], ["partitionHoldMs", "partitionHoldMs"], ["alertSettleMs", "settleMs"], ["nodeLeaseMs", "nodeLeaseMs"]]
  });
  const config = parseGrandConfig(mergeConfig(file, flags), configPath ?? "flags");
  const configDir = configPath ? dirname(configPath) : process.cwd();
  const log = createLogger("lama-grand", config.logLevel);
  const credential = loadCredential(resolve(configDir, config.credential));
  const grand = new GrandAgent({ config: { ...config, ...config.stateDir && { stateDir: resolve(configDir, config.stateDir) } }, credential, log });
  const prometheus = await servePrometheus(config.prometheus?.listen, "--prometheus / prometheus.listen", log, async (registry) => {
    const [{ registerGrandMetrics }, { registerLookupMetrics }] = await Promise.all([import("./prometheus-V3IEGENJ.js"), import("./prometheus-EICHPUFQ.js")]);
    registerGrandMetrics(registry, grand);
    if (config.embeddedLookup)
      registerLookupMetrics(registry, () => grand.embeddedLookup);
  });
  onShutdown(log, async () => {
    await grand.stop();
    await prometheus?.stop();
  });
  await grand.start();
  log.info({
    name: credential.certificate.name,
    endpoint: grand.endpoint,
    embeddedLookup: config.embeddedLookup,
    pool: toB64u(credential.poolPublicKey),
    services: config.services.map((s) => `${s.name} (role ${s.allocator.role}, ${s.allocator.metric}, ${s.predictor.kind}${s.allocator.dryRun ? ", dry run" : ""})`),
    webhooks: config.alerts.webhooks.length,
    deploy: { storeUrl: config.deploy.storeUrl, cacheGroup: config.deploy.cacheGroup ?? "none (every node fetches from the store)" }
  }, "grand agent running");
}
export {
  runGrand
};
