import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  LamaCommand,
  hostPort,
  intArg,
  positiveNumber
} from "./chunk-TBSGWFJS.js";
import "./chunk-TNCB4SOL.js";
import "./chunk-5RG6R7ES.js";

// packages/cli/dist/src/cli/transfer.js
var SCOPE_HELP = "interface address to send and join on (loopback: 127.0.0.1, which forces TTL 1)";
function transferCommand() {
  const transfer = new LamaCommand("transfer").description("reliable multicast of a file tree (a cache snapshot) from one sender to many receivers");
  transfer.command("send").description("announce a session, wait for the receivers to register, send DIR as one paced stream of blocks, repair until every receiver has all of it").argument("[dir]", "directory to send (or --entries)").option("--entries <file>", "JSON list of {path, size, mode, sha256?, source} to send instead of a directory (a cache snapshot)").requiredOption("--group <group:port>", "multicast group and port of the session", hostPort).requiredOption("--credential <file>", "pool credential that signs the manifest").option("--interface <address>", SCOPE_HELP, "127.0.0.1").option("--ttl <n>", "multicast TTL (1 keeps datagrams on the link)", intArg(1), 1).option("--receivers <n>", "registered receivers to wait for before sending", intArg(0), 0).option("--register-timeout-ms <n>", "start anyway after this long without all receivers (default 30 s; 2 s with --receivers 0)", intArg(1)).option("--rate <rate>", "pace on the wire, headers counted (tc units: 90mbit, 500kbit)", "90mbit").option("--max-rounds <k>", "best effort: stop after K repair rounds and say what each receiver lacks", intArg(0)).option("--deadline-s <s>", "best effort: stop after this many seconds", positiveNumber, 600).option("--packet-size <bytes>", "payload bytes per datagram (1440 fits a 1500-byte MTU)", intArg(256), 1440).option("--packets-per-block <n>", "packets per hashed block", intArg(1), 45).option("--json", "print the result as JSON", false).action(async (dir, o) => (await import("./transfer-action-UFB3FW6P.js")).send(dir, o));
  transfer.command("receive").description("join the group, follow the first session announced, verify its signed manifest, land every file atomically under --out").requiredOption("--group <group:port>", "multicast group and port of the session", hostPort).requiredOption("--out <dir>", "target directory").requiredOption("--credential <file>", "pool credential (registers with the sender; manifests are checked against its pool key)").option("--interface <address>", SCOPE_HELP, "127.0.0.1").option("--ttl <n>", "multicast TTL for reports (1 keeps them on the link)", intArg(1), 1).option("--name <name>", "this receiver's name (default: credential name and --out); a restarted receiver keeps its place under the same name").option("--idle-timeout-s <s>", "give up after this long without a datagram of the session (or without any session)", positiveNumber, 60).option("--simulate-loss <p[,burst]>", "TEST AID: drop this fraction of arriving datagrams (5% or 0.05), in bursts of this mean length").option("--json", "print the result as JSON", false).action(async (o) => (await import("./transfer-action-UFB3FW6P.js")).receive(o));
  return transfer;
}
export {
  transferCommand
};
