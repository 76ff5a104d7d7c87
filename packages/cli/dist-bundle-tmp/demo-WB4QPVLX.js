import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  LamaCommand,
  intArg
} from "./chunk-TBSGWFJS.js";
import {
  InvalidArgumentError
} from "./chunk-TNCB4SOL.js";
import "./chunk-5RG6R7ES.js";

// packages/cli/dist/src/cli/demo.js
function modeArg(v) {
  if (v === "auto" || v === "icecast" || v === "sim")
    return v;
  throw new InvalidArgumentError(`'${v}' is not auto, icecast or sim`);
}
function predictorArg(v) {
  if (v === "threshold" || v === "ar1" || v === "ar1-diff" || v === "holt")
    return v;
  throw new InvalidArgumentError(`'${v}' is not threshold, ar1, ar1-diff or holt`);
}
function loopbackGroup(v) {
  const m = /^239\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(v);
  if (!m || m.slice(1).some((x) => Number(x) > 255))
    throw new InvalidArgumentError(`'${v}' is not an administratively scoped group 239.x.y.z`);
  return v;
}
function portBelowLast(v) {
  const n = intArg(1024)(v);
  if (n > 65534)
    throw new InvalidArgumentError(`'${v}' is above 65534 (the next port carries the cache multicast)`);
  return n;
}
function demoCommand() {
  const cmd = new LamaCommand("demo").description("run a throwaway pool on this machine (loopback only): lookup service, grand agent, dispatcher and streaming agents as processes, driven by a streaming workload; each node the allocator adds is deployed with the streaming site (from the demo's store, or by multicast from a serving node) and each one it releases cleaned; Ctrl-C stops everything").option("--duration <s>", "stop by itself after this many seconds (default: run until Ctrl-C)", intArg(5)).option("--nodes <n>", "streaming nodes the allocator may use", intArg(1), 5).option("--mode <mode>", "auto (icecast2 when installed), icecast, or sim (the built-in simulated streaming adapter)", modeArg, "auto").option("--peak <n>", "listeners at the peak of the workload", intArg(1), 32).option("--capacity <n>", "listeners one node carries at 100 %", intArg(1), 10).option("--mdns-group <ipv4>", "the demo pool's multicast group (on 127.0.0.1 only)", loopbackGroup, "239.255.76.90").option("--mdns-port <port>", "the demo pool's multicast port (the next one carries its cache multicast sessions)", portBelowLast, 15390).option("--predictor <kind>", "the allocator's predictor: threshold, ar1, ar1-diff or holt", predictorArg, "holt").option("--keep", "keep the pool directory (keys, configs, every process log) afterwards", false);
  return cmd.action(async () => {
    const f = cmd.opts();
    const { runDemo } = await import("./demo-5N5J7C42.js");
    const s = await runDemo({
      durationS: f.duration,
      nodes: f.nodes,
      mode: f.mode,
      peak: f.peak,
      capacity: f.capacity,
      mdnsGroup: f.mdnsGroup,
      mdnsPort: f.mdnsPort,
      keep: f.keep,
      predictor: f.predictor,
      print: (line) => console.log(line)
    });
    console.log(`demo over after ${s.seconds} s (${s.mode}): ${s.adds} adds, ${s.releases} releases, at most ${s.maxNodes} nodes serving, ${s.listenersPeak} listeners at the peak, ${s.alerts} alerts, ${s.failures} failed listener attempts, ${s.deployments} deployments (${s.multicastDeployments} with the cache by multicast), ${s.cleanings} cleanings${f.keep ? `; everything is in ${s.dir}` : ""}`);
    process.exit(0);
  });
}
export {
  demoCommand
};
