import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  withGrand
} from "./chunk-ZLAP3NJO.js";
import "./chunk-VQ72MLK2.js";
import "./chunk-ISG3PS6S.js";
import "./chunk-FRI7J5OI.js";
import {
  table
} from "./chunk-25767RH4.js";
import "./chunk-W4TKKIOO.js";
import "./chunk-QKHI2ZJ4.js";
import "./chunk-C6NIVJPH.js";
import "./chunk-7AIZH35D.js";
import "./chunk-IZY2JOMO.js";
import "./chunk-2CLNWT2G.js";
import "./chunk-CV5GMX46.js";
import {
  parseSiteRef
} from "./chunk-R4APUNPC.js";
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
import "./chunk-W74NIISL.js";
import "./chunk-AGYS2BOI.js";
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

// packages/cli/dist/src/cli/deploy-action.js
var secs = (s) => s === void 0 ? "-" : `${s.toFixed(1)} s`;
var steps = (n) => n.steps.map((s) => `${s.step} ${s.seconds.toFixed(1)}`).join(", ");
var siteOf = (d) => d.site ? `${d.site}${d.version ? `@${d.version}` : ""}` : "-";
function nodeLine(n) {
  const ended = n.state !== "deploying" && n.state !== "cleaning";
  if (!ended)
    return `  ${n.node}  ${n.state}${n.step ? ` ${n.step}` : ""}`;
  return `  ${n.node}  ${n.state} in ${secs(n.seconds)}${n.steps.length ? ` (${steps(n)})` : ""}${n.reason ? `: ${n.reason}` : ""}${n.cleanup ? `; cleanup ${n.cleanup}` : ""}`;
}
function follow(stream, json) {
  return new Promise((resolve, reject) => {
    let last;
    const shown = /* @__PURE__ */ new Map();
    let message = "";
    stream.subscribe({
      next: (d) => {
        if (!json) {
          if (!last)
            console.log(`${d.kind === "deploy" ? "deployment" : "cleaning"} ${d.id}: ${siteOf(d)} on ${d.nodes.map((n) => n.node).join(", ")}`);
          if (d.message && d.message !== message && d.state !== "complete" && d.state !== "partial" && d.state !== "failed")
            console.log(`  ${d.message}`);
          message = d.message;
          for (const n of d.nodes) {
            const line = nodeLine(n);
            if (shown.get(n.node) !== line)
              console.log(line);
            shown.set(n.node, line);
          }
        }
        last = d;
      },
      error: reject,
      complete: () => resolve(last)
    });
  });
}
function summary(d) {
  const ok = d.nodes.filter((n) => n.state === "complete" || n.state === "clean").length;
  const src = d.kind === "deploy" ? `; ${d.cacheSource ? `cache source ${d.cacheSource}` : "from the store"}` : "";
  return `${d.kind === "deploy" ? "deployment" : "cleaning"} ${d.id} ${d.state}: ${ok} of ${d.nodes.length} nodes in ${secs(d.seconds)}${src}`;
}
async function run(f, open) {
  const d = await withGrand(f, (c) => follow(open(c), f.json));
  if (!d)
    throw new Error("grand agent: the stream ended without a deployment");
  console.log(f.json ? JSON.stringify(d, null, 2) : summary(d));
  if (d.state !== "complete")
    process.exitCode = 1;
}
async function runDeploy(cmd, ref) {
  const f = cmd.opts();
  const { site, version } = parseSiteRef(ref);
  const nodes = f.nodes.split(",").map((n) => n.trim()).filter((n) => n !== "");
  if (nodes.length === 0)
    throw new Error(`--nodes '${f.nodes}' names no node`);
  await run(f, (c) => c.deploy({ site, version, nodes, storeUrl: f.store }));
}
async function runClean(cmd, nodes) {
  const f = cmd.opts();
  await run(f, (c) => c.clean(nodes, f.keepCache));
}
async function runDeployments(cmd) {
  const f = cmd.opts();
  const list = await withGrand(f, (c) => c.deployments(f.site ?? ""));
  if (f.json)
    return console.log(JSON.stringify(list, null, 2));
  if (list.length === 0)
    return console.log("no deployments");
  console.log(table([
    ["ID", "KIND", "SITE", "STATE", "CACHE SOURCE", "SECONDS", "CREATED", "NODES"],
    ...list.map((d) => [
      d.id,
      d.kind,
      siteOf(d),
      d.state,
      d.kind === "deploy" ? d.cacheSource ?? "store" : "-",
      secs(d.seconds),
      d.created,
      d.nodes.map((n) => `${n.node}:${n.state}${n.seconds === void 0 ? "" : `/${n.seconds.toFixed(1)}s`}`).join(" ")
    ])
  ]));
  for (const d of list) {
    console.log(`
${d.id}${d.message ? `: ${d.message}` : ""}`);
    for (const n of d.nodes)
      console.log(nodeLine(n));
  }
}
export {
  runClean,
  runDeploy,
  runDeployments
};
