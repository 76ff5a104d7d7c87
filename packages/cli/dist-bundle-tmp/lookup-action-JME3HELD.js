import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  servePrometheus
} from "./chunk-M3E3CDOF.js";
import {
  createLogger,
  onShutdown
} from "./chunk-GV54AVZ6.js";
import {
  mdnsFromFlags
} from "./chunk-ISG3PS6S.js";
import {
  LookupServer
} from "./chunk-VCFP5DZ7.js";
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

// packages/cli/dist/src/cli/lookup-action.js
import { resolve } from "node:path";
import { setFlagsFromString } from "node:v8";

// packages/cli/dist/src/daemon/rejection-log.js
function rejectionLogger(log, intervalMs = 1e4) {
  const counts = {};
  const pending = {};
  const timer = setInterval(() => {
    if (Object.keys(pending).length === 0)
      return;
    log.warn({ rejected: { ...pending }, total: { ...counts } }, "discovery packets rejected");
    for (const k of Object.keys(pending))
      delete pending[k];
  }, intervalMs);
  timer.unref();
  return {
    note(reason, message, from) {
      counts[reason] = (counts[reason] ?? 0) + 1;
      if (counts[reason] === 1)
        log.warn({ reason, from, err: message }, "discovery packet rejected");
      else
        pending[reason] = (pending[reason] ?? 0) + 1;
    },
    stop: () => clearInterval(timer)
  };
}

// packages/cli/dist/src/cli/lookup-action.js
var LOOKUP_HEAP_GROWING_PERCENT = 25;
async function runLookup(o) {
  setFlagsFromString(`--heap-growing-percent=${LOOKUP_HEAP_GROWING_PERCENT}`);
  setFlagsFromString("--semi-space-growth-factor=1");
  const log = createLogger("lama-lookup", o.logLevel);
  const credential = loadCredential(resolve(o.credential));
  const mdns = mdnsFromFlags(o);
  const server = new LookupServer({
    credential,
    listen: o.listen,
    maxLeaseMs: o.maxLeaseMs,
    groups: o.group,
    mdns,
    announceIntervalMs: o.announceIntervalMs,
    advertiseHost: o.advertiseHost,
    revocationsFile: o.revocations ? resolve(o.revocations) : void 0,
    maxItemsPerOwner: o.maxItemsPerOwner,
    maxBytesPerOwner: o.maxBytesPerOwner
  });
  server.on("revocations", (version, serials) => log.warn({ version, serials }, "credentials revoked"));
  const rejections = rejectionLogger(log);
  server.on("rejected", (method, err) => log.warn({ method, err: err.message }, "call rejected"));
  server.on("discoveryRejected", (reason, message, from) => rejections.note(reason, message, from));
  server.on("change", (c) => {
    if (!c.after)
      log.info({ serviceId: c.serviceId, owner: c.before?.owner, reason: c.reason, revision: c.revision }, "item removed");
    else if (!c.before)
      log.debug({ serviceId: c.serviceId, owner: c.after.owner, revision: c.revision }, "item registered");
  });
  const prometheus = await servePrometheus(o.prometheus, "--prometheus", log, async (registry) => {
    const { registerLookupMetrics } = await import("./prometheus-EICHPUFQ.js");
    registerLookupMetrics(registry, () => server);
  });
  onShutdown(log, async () => {
    rejections.stop();
    log.info({ discovery: server.discoveryStats }, "discovery counters");
    await server.stop();
    await prometheus?.stop();
  });
  await server.start();
  log.info({
    endpoint: server.endpoint,
    serviceId: server.serviceId,
    registrarId: server.registrar.registrarId,
    groups: server.groups,
    multicast: mdns ? `${mdns.group}:${mdns.port} on ${mdns.interface ?? "every interface"} ttl ${mdns.ttl}` : false,
    pool: toB64u(credential.poolPublicKey),
    credentialName: credential.certificate.name,
    maxLeaseMs: o.maxLeaseMs
  }, "lookup service listening");
}
export {
  runLookup
};
