import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  createLogger,
  onShutdown
} from "./chunk-GV54AVZ6.js";
import {
  discoveryOptionsFromFlags
} from "./chunk-ISG3PS6S.js";
import {
  NAME_ENTRY,
  PoolMember,
  ROLE_ENTRY
} from "./chunk-W74NIISL.js";
import {
  loadCredential
} from "./chunk-AGYS2BOI.js";
import "./chunk-GREZTAM7.js";
import "./chunk-I7Y4U2ZV.js";
import "./chunk-ZWHKMG5D.js";
import "./chunk-FEDWZIOZ.js";
import "./chunk-A4HYEA5Q.js";
import "./chunk-COLKQ3MG.js";
import "./chunk-2F4QKM7O.js";
import "./chunk-532ZK4EG.js";
import "./chunk-5RG6R7ES.js";

// packages/cli/dist/src/cli/join-action.js
import { resolve } from "node:path";
async function runJoin(f) {
  const log = createLogger("lama-join", f.logLevel);
  const credential = loadCredential(resolve(f.credential));
  const where = discoveryOptionsFromFlags(f);
  const name = f.name ?? credential.certificate.name;
  const attributes = [
    { type: NAME_ENTRY, fields: { name } },
    ...(f.role ?? []).flatMap((r) => r.split(",")).map((role) => ({ type: ROLE_ENTRY, fields: { role } })),
    ...f.attr ?? []
  ];
  const join = new PoolMember({ credential, ...where, leaseMs: f.leaseMs, item: { serviceTypes: f.type.length ? f.type : ["lama.Service"], endpoint: f.endpoint ?? "", attributes } });
  join.on("lookup", (e) => log.info({ lookup: e.lookup.name, endpoint: e.lookup.endpoint, source: e.lookup.source, ...e.type === "discarded" ? { reason: e.reason } : {} }, `lookup service ${e.type}`));
  join.on("rejected", (reason, message) => log.debug({ reason, err: message }, "discovery packet rejected"));
  join.on("registered", (l, leaseId) => log.info({ lookup: l.name, endpoint: l.endpoint, serviceId: join.serviceId, leaseId }, "registered"));
  join.on("lost", (l, reason) => log.warn({ lookup: l.name, reason }, "registration lost"));
  join.on("failed", (l, err) => log.debug({ lookup: l.name, err: err.message }, "registration attempt failed"));
  onShutdown(log, () => join.stop());
  log.info({ node: name, serviceId: join.serviceId }, "joining");
  await join.start();
}
export {
  runJoin
};
