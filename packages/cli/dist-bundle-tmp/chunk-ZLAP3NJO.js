import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  findEndpoint
} from "./chunk-VQ72MLK2.js";
import {
  formatPool
} from "./chunk-FRI7J5OI.js";
import {
  GRAND_SERVICE_TYPE,
  GrandClient
} from "./chunk-W4TKKIOO.js";
import {
  loadCredential
} from "./chunk-AGYS2BOI.js";
import {
  describeRemoteError
} from "./chunk-IKSWEGPT.js";

// packages/cli/dist/src/cli/grand-queries-action.js
import { resolve } from "node:path";
async function findGrand(f, credential) {
  return f.grand ? { endpoint: f.grand } : findEndpoint({ serviceTypes: [GRAND_SERVICE_TYPE] }, "no grand agent is registered in the pool", f, credential);
}
async function withGrand(f, fn) {
  const credential = loadCredential(resolve(f.credential));
  const grand = await findGrand(f, credential);
  const client = new GrandClient(grand.endpoint, credential, 1e4, grand.owner);
  try {
    return await fn(client);
  } catch (err) {
    const remote = describeRemoteError(err);
    if (remote)
      throw new Error(`grand agent: ${remote}`);
    throw err;
  } finally {
    client.close();
  }
}
function formatAlert(a) {
  const who = a.node ? ` ${a.node}${a.roles?.length ? ` (${a.roles.join(",")})` : ""}` : a.nodes ? ` ${a.nodes.join(",")}` : "";
  return `${a.at}  #${a.id} ${a.kind}${who}: ${a.message}`;
}
function formatDecisionJson(d) {
  const i = d.inputs;
  const f = (x) => x === void 0 ? "-" : typeof x === "string" ? x : Number.isInteger(x) ? String(x) : x.toFixed(1);
  const what = d.dryRun ? `dry-run:${d.intended}` : d.action;
  return `${d.at} ${d.service} ${what}${d.node ? ` ${d.node}` : ""} | sum ${f(i.sum)} forecast ${f(i.forecast)} demand ${f(i.demand)} N ${f(i.n)} C ${f(i.capacity)} bounds [${f(i.lowerBound)}, ${f(i.upperBound)}] | ${d.reason}${d.outcome ? ` | ${d.outcome}${d.tookSeconds !== void 0 ? ` in ${d.tookSeconds.toFixed(1)} s` : ""}` : ""}`;
}
async function runAlerts(alerts) {
  const f = alerts.opts();
  await withGrand(f, async (c) => {
    const list = await c.alerts();
    if (f.json && !f.follow)
      console.log(JSON.stringify(list, null, 2));
    else
      for (const a of list)
        console.log(f.json ? JSON.stringify(a) : formatAlert(a));
    if (!f.json && !f.follow && list.length === 0)
      console.log("no alerts");
    if (!f.follow)
      return;
    await new Promise((resolveDone, reject) => {
      const sub = c.watchAlerts(list.at(-1)?.id ?? 0).subscribe({
        next: (a) => console.log(f.json ? JSON.stringify(a) : formatAlert(a)),
        error: reject,
        complete: resolveDone
      });
      process.once("SIGINT", () => {
        sub.unsubscribe();
        resolveDone();
      });
    });
  });
}
async function runDecisions(decisions) {
  const f = decisions.opts();
  const list = await withGrand(f, (c) => c.decisions({ service: f.service ?? "", actionsOnly: !f.all }));
  if (f.json)
    console.log(JSON.stringify(list, null, 2));
  else
    console.log(list.length ? list.map(formatDecisionJson).join("\n") : "no decisions");
}
async function runPool(pool) {
  const f = pool.opts();
  const p = await withGrand(f, (c) => c.pool());
  console.log(f.json ? JSON.stringify(p, null, 2) : formatPool(p));
}

export {
  findGrand,
  withGrand,
  formatAlert,
  runAlerts,
  runDecisions,
  runPool
};
