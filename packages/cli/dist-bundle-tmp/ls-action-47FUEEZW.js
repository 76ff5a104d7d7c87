import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  discoverLookups,
  noLookupError
} from "./chunk-VQ72MLK2.js";
import "./chunk-ISG3PS6S.js";
import "./chunk-QKHI2ZJ4.js";
import "./chunk-C6NIVJPH.js";
import "./chunk-7AIZH35D.js";
import "./chunk-IZY2JOMO.js";
import "./chunk-2CLNWT2G.js";
import "./chunk-CV5GMX46.js";
import "./chunk-R4APUNPC.js";
import "./chunk-4UNPKTYS.js";
import "./chunk-X66OQOLM.js";
import "./chunk-IWLBJ6JX.js";
import "./chunk-KSE75MTL.js";
import "./chunk-ZMUX57ID.js";
import "./chunk-EXKF7SXK.js";
import "./chunk-JXIYF6K4.js";
import "./chunk-36O33FJM.js";
import "./chunk-S3SJLHWA.js";
import "./chunk-VCFP5DZ7.js";
import "./chunk-VMRBDOJN.js";
import {
  NAME_ENTRY,
  ROLE_ENTRY,
  entryValues
} from "./chunk-W74NIISL.js";
import {
  loadCredential
} from "./chunk-AGYS2BOI.js";
import "./chunk-GREZTAM7.js";
import "./chunk-YUNTATBM.js";
import "./chunk-I7Y4U2ZV.js";
import {
  RegistrarClient
} from "./chunk-IKSWEGPT.js";
import "./chunk-MT4BYXDY.js";
import "./chunk-ZWHKMG5D.js";
import "./chunk-FEDWZIOZ.js";
import "./chunk-A4HYEA5Q.js";
import "./chunk-COLKQ3MG.js";
import "./chunk-2F4QKM7O.js";
import "./chunk-532ZK4EG.js";
import "./chunk-5RG6R7ES.js";

// packages/cli/dist/src/cli/ls-action.js
import { resolve } from "node:path";
async function listPool(f) {
  const credential = loadCredential(resolve(f.credential));
  const lookups = await discoverLookups(f, credential);
  if (lookups.length === 0)
    throw noLookupError(f);
  const template = f.role ? { attributes: [{ type: ROLE_ENTRY, fields: { role: f.role } }] } : {};
  const merged = /* @__PURE__ */ new Map();
  const now = Date.now();
  await Promise.all(lookups.map(async (l) => {
    const c = new RegistrarClient({ endpoint: l.endpoint, expect: { name: l.name }, credential, timeoutMs: 5e3 });
    try {
      const r = await c.lookup(template);
      r.items.forEach((item, i) => {
        const expiresMs = now + (r.leaseRemainingMs[i] ?? 0);
        const prev = merged.get(item.serviceId);
        if (prev) {
          prev.lookups.push(l.name);
          prev.expiresMs = Math.max(prev.expiresMs, expiresMs);
          prev.leaseExpires = new Date(prev.expiresMs).toISOString();
          return;
        }
        merged.set(item.serviceId, {
          name: entryValues(item.attributes, NAME_ENTRY, "name")[0] ?? item.owner,
          serviceId: item.serviceId,
          roles: entryValues(item.attributes, ROLE_ENTRY, "role"),
          endpoint: item.endpoint,
          leaseExpires: new Date(expiresMs).toISOString(),
          lookups: [l.name],
          owner: item.owner,
          serviceTypes: item.serviceTypes,
          attributes: item.attributes,
          expiresMs
        });
      });
    } finally {
      c.close();
    }
  }));
  return [...merged.values()].sort((a, b) => a.name.localeCompare(b.name)).map(({ expiresMs: _e, ...rest }) => rest);
}
function table(rows) {
  const now = Date.now();
  const cells = [["NAME", "ROLES", "ENDPOINT", "LEASE", "LOOKUPS", "SERVICE ID"], ...rows.map((r) => [
    r.name,
    r.roles.join(",") || "-",
    r.endpoint || "-",
    `${Math.max(0, (Date.parse(r.leaseExpires) - now) / 1e3).toFixed(1)}s`,
    r.lookups.join(","),
    r.serviceId
  ])];
  const widths = cells[0].map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  return cells.map((row) => row.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd()).join("\n");
}
async function runLs(f) {
  const rows = await listPool(f);
  console.log(f.json ? JSON.stringify(rows, null, 2) : table(rows));
}
export {
  listPool,
  runLs
};
