import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  discoveryFromFlags
} from "./chunk-ISG3PS6S.js";
import {
  AGENT_SERVICE_TYPE
} from "./chunk-7AIZH35D.js";
import {
  NAME_ENTRY
} from "./chunk-W74NIISL.js";
import {
  RegistrarClient
} from "./chunk-IKSWEGPT.js";

// packages/cli/dist/src/cli/find-pool.js
async function discoverLookups(f, credential, first = false) {
  const dm = discoveryFromFlags(f, credential);
  await dm.start();
  const deadline = Date.now() + f.waitMs;
  while (Date.now() < deadline) {
    if (!f.multicast && dm.lookups.length >= (f.lookup?.length ?? 0))
      break;
    if (first && dm.lookups.length > 0)
      break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const found = dm.lookups;
  await dm.stop();
  return found;
}
function noLookupError(f) {
  const where = f.multicast ? `multicast ${f.mdnsGroup}:${f.mdnsPort} on ${f.mdnsInterface ?? "every interface"}` : "no multicast";
  return new Error(`no lookup service found within ${f.waitMs} ms (${where}; locators: ${f.lookup?.join(", ") || "none"})`);
}
async function findEndpoint(template, missing, f, credential) {
  const lookups = await discoverLookups(f, credential, true);
  if (lookups.length === 0)
    throw noLookupError(f);
  for (const l of lookups) {
    const c = new RegistrarClient({ endpoint: l.endpoint, expect: { name: l.name }, credential, timeoutMs: 5e3 });
    try {
      const r = await c.lookup(template, 1);
      if (r.items[0]?.endpoint)
        return { endpoint: r.items[0].endpoint, owner: r.items[0].owner };
    } finally {
      c.close();
    }
  }
  throw new Error(`${missing} (asked ${lookups.map((l) => l.name).join(", ")})`);
}
async function findAgent(node, f, credential) {
  const template = { serviceTypes: [AGENT_SERVICE_TYPE], attributes: [{ type: NAME_ENTRY, fields: { name: node } }] };
  return (await findEndpoint(template, `node '${node}' is not registered in the pool`, f, credential)).endpoint;
}

export {
  discoverLookups,
  noLookupError,
  findEndpoint,
  findAgent
};
