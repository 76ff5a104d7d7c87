import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  findAgent
} from "./chunk-VQ72MLK2.js";
import "./chunk-ISG3PS6S.js";
import {
  table
} from "./chunk-25767RH4.js";
import {
  AgentClient
} from "./chunk-QKHI2ZJ4.js";
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
import {
  InvalidArgumentError
} from "./chunk-TNCB4SOL.js";
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
import {
  describeRemoteError
} from "./chunk-IKSWEGPT.js";
import "./chunk-MT4BYXDY.js";
import "./chunk-ZWHKMG5D.js";
import "./chunk-FEDWZIOZ.js";
import "./chunk-A4HYEA5Q.js";
import "./chunk-COLKQ3MG.js";
import "./chunk-2F4QKM7O.js";
import "./chunk-532ZK4EG.js";
import "./chunk-5RG6R7ES.js";

// packages/cli/dist/src/cli/control-action.js
import { resolve } from "node:path";
async function withAgent(node, f, fn) {
  const credential = loadCredential(resolve(f.credential));
  const endpoint = f.agent ?? await findAgent(node, f, credential);
  const client = new AgentClient(endpoint, credential, 3e4, { node });
  try {
    return await fn(client);
  } catch (err) {
    const remote = describeRemoteError(err);
    if (remote)
      throw new Error(`${node}: ${remote}`);
    throw err;
  } finally {
    client.close();
  }
}
var mbit = (bps) => `${(bps / 1e6).toFixed(2)} Mbit/s`;
var gib = (b) => `${(b / 2 ** 30).toFixed(1)} GiB`;
function adapterLine(a) {
  const metrics = Object.entries(a.metrics).map(([k, v]) => `${k}=${Number.isInteger(v) ? v : v.toFixed(2)}`).join(" ");
  const params = Object.entries(a.params).map(([k, v]) => `${k}=${v}`).join(" ");
  return [a.name, a.state, a.roles.join(",") || "-", metrics || "-", params || "-", a.message || ""];
}
function formatStatus(s) {
  const lines = [
    `node ${s.node}  up ${(s.uptimeMs / 1e3).toFixed(1)} s  version ${s.version}  (window ${s.intervalMs} ms)`,
    `cpu ${(s.cpuUtilization * 100).toFixed(1)}% of ${s.cpuCount} cores   load ${s.loadAverage.map((l) => l.toFixed(2)).join(" ")}   memory ${gib(s.memory?.usedBytes ?? 0)} used of ${gib(s.memory?.totalBytes ?? 0)}`,
    `network rx ${mbit(s.rxBitsPerSec)} tx ${mbit(s.txBitsPerSec)}` + (s.interfaces.length ? `   (${s.interfaces.map((i) => `${i.name} rx ${mbit(i.rxBitsPerSec)} tx ${mbit(i.txBitsPerSec)}`).join("; ")})` : ""),
    ...s.disks.map((d) => `disk ${d.path} ${gib(d.usedBytes)} used, ${gib(d.freeBytes)} free`),
    ...Object.keys(s.capacity).length ? [`capacity ${Object.entries(s.capacity).map(([k, v]) => `${k}=${v}`).join(" ")}`] : [],
    ...s.lifecycle ? [`lifecycle ${s.lifecycle.state}${s.lifecycle.site ? ` ${s.lifecycle.site}@${s.lifecycle.version}` : ""}${s.lifecycle.reason ? `  (${s.lifecycle.reason})` : ""}`] : [],
    ...s.problems.map((p) => `PROBLEM ${p.code} since ${new Date(p.sinceMs).toISOString()}: ${p.message}`)
  ];
  if (s.adapters.length)
    lines.push("", table([["ADAPTER", "STATE", "ROLES", "METRICS", "PARAMS", "MESSAGE"], ...s.adapters.map(adapterLine)]));
  return lines.join("\n");
}
function printAdapter(a, json) {
  console.log(json ? JSON.stringify(a, null, 2) : table([["ADAPTER", "STATE", "ROLES", "METRICS", "PARAMS", "MESSAGE"], adapterLine(a)]));
}
function keyValues(pairs) {
  const out = {};
  for (const p of pairs) {
    const eq = p.indexOf("=");
    if (eq <= 0)
      throw new InvalidArgumentError(`'${p}' is not KEY=VALUE`);
    out[p.slice(0, eq)] = p.slice(eq + 1);
  }
  return out;
}
async function runStatus(node, f) {
  const s = await withAgent(node, f, (c) => c.status());
  console.log(f.json ? JSON.stringify(s, null, 2) : formatStatus(s));
}
async function runStart(node, adapter, f) {
  printAdapter(await withAgent(node, f, (c) => c.start(adapter)), f.json);
}
async function runStop(node, adapter, f) {
  printAdapter(await withAgent(node, f, (c) => c.stop(adapter)), f.json);
}
async function runSet(node, adapter, pairs, f) {
  const params = keyValues(pairs);
  printAdapter(await withAgent(node, f, (c) => c.set(adapter, params)), f.json);
}
export {
  formatStatus,
  runSet,
  runStart,
  runStatus,
  runStop
};
