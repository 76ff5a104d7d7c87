import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  parseLoss,
  parseRate,
  receiveOverUdp,
  sendOverUdp
} from "./chunk-4UNPKTYS.js";
import "./chunk-VMRBDOJN.js";
import {
  loadCredential
} from "./chunk-AGYS2BOI.js";
import {
  parseHostPort
} from "./chunk-MT4BYXDY.js";
import "./chunk-FEDWZIOZ.js";
import "./chunk-A4HYEA5Q.js";
import "./chunk-COLKQ3MG.js";
import "./chunk-2F4QKM7O.js";
import "./chunk-532ZK4EG.js";
import "./chunk-5RG6R7ES.js";

// packages/cli/dist/src/cli/transfer-action.js
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
var MiB = 1024 * 1024;
function cpuMs() {
  const u = process.cpuUsage();
  return Math.round((u.user + u.system) / 1e3);
}
function groupOf(text) {
  const hp = parseHostPort(text);
  return { group: hp.host, port: hp.port };
}
function progress(line) {
  if (process.stderr.isTTY)
    process.stderr.write(`\r\x1B[K${line}`);
}
var INCOMPLETE = 3;
async function send(dir, f) {
  if (!dir === !f.entries)
    throw new Error("give either DIR or --entries FILE");
  const source = dir ? { dir: resolve(dir) } : { entries: JSON.parse(readFileSync(resolve(f.entries), "utf8")) };
  const rateBps = parseRate(f.rate);
  const session = await sendOverUdp({
    ...groupOf(f.group),
    interface: f.interface,
    ttl: f.ttl,
    source,
    credential: loadCredential(resolve(f.credential)),
    rateBps,
    receivers: f.receivers,
    registerTimeoutMs: f.registerTimeoutMs,
    maxRounds: f.maxRounds,
    deadlineMs: f.deadlineS * 1e3,
    packetSize: f.packetSize,
    packetsPerBlock: f.packetsPerBlock
  });
  const stop = () => void session.stop();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  const t0 = Date.now();
  const timer = setInterval(() => {
    const s = session.sender.stats;
    const secs = (Date.now() - t0) / 1e3;
    progress(`sent ${(s.wireBytes / MiB).toFixed(1)} MiB at ${(s.wireBytes * 8 / secs / 1e6).toFixed(1)} Mbit/s, repairs ${s.repairPackets}, round ${s.rounds}`);
  }, 500);
  try {
    const r = await session.done;
    progress("");
    if (f.json)
      console.log(JSON.stringify({ ...r, manifestMs: session.manifestMs, sendErrors: session.transport.sendErrors, cpuMs: cpuMs() }));
    else {
      const s = r.stats;
      console.log(`${r.complete ? "complete" : `incomplete (${r.missingReceivers ? `${r.missingReceivers} receivers never registered` : r.reason})`}: ${r.receivers.filter((x) => x.complete).length}/${r.receivers.length} receivers in ${(r.elapsedMs / 1e3).toFixed(2)} s; ${s.dataPackets + s.repairPackets} data datagrams (${s.repairPackets} repairs), ${s.rounds} rounds, ${(s.wireBytes / MiB).toFixed(1)} MiB on the wire`);
      for (const x of r.receivers.filter((y) => !y.complete))
        console.log(`  ${x.name} (${x.address}) lacks ${x.lacking.length} files${x.reported ? "" : " (no report)"}: ${x.lacking.slice(0, 5).join(", ")}${x.lacking.length > 5 ? ", \u2026" : ""}`);
    }
    if (!r.complete)
      process.exitCode = INCOMPLETE;
  } finally {
    clearInterval(timer);
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
  }
}
async function receive(f) {
  const credential = loadCredential(resolve(f.credential));
  const target = resolve(f.out);
  const session = await receiveOverUdp({
    ...groupOf(f.group),
    interface: f.interface,
    ttl: f.ttl,
    credential,
    target,
    name: f.name ?? `${credential.certificate.name}:${target}`,
    idleTimeoutMs: f.idleTimeoutS * 1e3,
    simulateLoss: f.simulateLoss ? parseLoss(f.simulateLoss) : void 0
  });
  const { receiver } = session;
  receiver.on("refused", (err) => process.stderr.write(`refused a session: ${err.message}
`));
  const stop = () => void session.stop();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  const waiting = setTimeout(stop, f.idleTimeoutS * 1e3);
  receiver.once("session", () => clearTimeout(waiting));
  const t0 = Date.now();
  const timer = setInterval(() => {
    const s = receiver.stats;
    progress(`received ${(s.dataBytes / MiB).toFixed(1)} MiB at ${(s.dataBytes * 8 / ((Date.now() - t0) / 1e3) / 1e6).toFixed(1)} Mbit/s, ${s.filesLanded} files, ${s.blocksRejected} blocks rejected`);
  }, 500);
  try {
    const r = await session.done;
    progress("");
    const loss = session.transport.loss?.dropped ?? 0;
    if (f.json)
      console.log(JSON.stringify({ ...r, lacking: r.lacking.slice(0, 1e3), stats: receiver.stats, simulatedLoss: loss, cpuMs: cpuMs() }));
    else
      console.log(`${r.complete ? "complete" : `incomplete (${r.reason})`}: ${r.files - r.lacking.length}/${r.files} files, ${(r.bytes / MiB).toFixed(1)} MiB under ${target}${loss ? `; ${loss} datagrams dropped by --simulate-loss` : ""}`);
    if (!r.complete)
      process.exitCode = INCOMPLETE;
  } finally {
    clearInterval(timer);
    clearTimeout(waiting);
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
  }
}
export {
  receive,
  send
};
