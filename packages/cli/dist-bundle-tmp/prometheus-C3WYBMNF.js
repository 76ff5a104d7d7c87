import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  scrapedCounter,
  scrapedGauge
} from "./chunk-QXSZKABV.js";
import {
  AGENT_VERSION
} from "./chunk-7AIZH35D.js";
import "./chunk-CV5GMX46.js";
import {
  ADAPTER_STATES
} from "./chunk-KSE75MTL.js";
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

// packages/agent/dist/src/daemon/agent-collectors.js
function registerAgentMetrics(registry, agent) {
  const node = (read) => () => {
    const m = agent.latestMetrics();
    return m ? read(m) : void 0;
  };
  scrapedGauge(registry, { name: "lama_agent_info", help: "Always 1: the node this agent runs and its version.", labelNames: ["node", "version"] }, () => [[{ node: agent.node, version: AGENT_VERSION }, 1]]);
  scrapedGauge(registry, { name: "lama_agent_cpu_utilization_ratio", help: "CPU busy over the last sampling window, 0-1 (1 - (idle+iowait)/total)." }, node((m) => m.cpuUtilization));
  scrapedGauge(registry, { name: "lama_agent_cpus", help: "CPUs of the node." }, node((m) => m.cpuCount));
  scrapedGauge(registry, { name: "lama_agent_load1", help: "Load average over 1 minute." }, node((m) => m.loadAverage[0]));
  scrapedGauge(registry, { name: "lama_agent_load5", help: "Load average over 5 minutes." }, node((m) => m.loadAverage[1]));
  scrapedGauge(registry, { name: "lama_agent_load15", help: "Load average over 15 minutes." }, node((m) => m.loadAverage[2]));
  scrapedGauge(registry, { name: "lama_agent_memory_total_bytes", help: "Memory of the node." }, node((m) => m.memory.totalBytes));
  scrapedGauge(registry, { name: "lama_agent_memory_available_bytes", help: "Memory available to new work (MemAvailable)." }, node((m) => m.memory.availableBytes));
  scrapedGauge(registry, { name: "lama_agent_memory_used_bytes", help: "Memory in use (total - available)." }, node((m) => m.memory.usedBytes));
  scrapedGauge(registry, { name: "lama_agent_network_receive_bytes_per_second", help: "Bytes received per second over the last sampling window, every reported interface but lo (what the grand agent reads as rxMbps)." }, node((m) => m.rxBitsPerSec / 8));
  scrapedGauge(registry, { name: "lama_agent_network_transmit_bytes_per_second", help: "Bytes sent per second over the last sampling window, every reported interface but lo (what the grand agent reads as txMbps)." }, node((m) => m.txBitsPerSec / 8));
  scrapedCounter(registry, { name: "lama_agent_network_receive_bytes_total", help: "Bytes received, by interface (the kernel counter at the latest sample).", labelNames: ["interface"] }, node((m) => m.interfaces.map((i) => [{ interface: i.name }, i.rxBytes])));
  scrapedCounter(registry, { name: "lama_agent_network_transmit_bytes_total", help: "Bytes sent, by interface (the kernel counter at the latest sample).", labelNames: ["interface"] }, node((m) => m.interfaces.map((i) => [{ interface: i.name }, i.txBytes])));
  scrapedGauge(registry, { name: "lama_agent_disk_size_bytes", help: "Size of the file system, by configured path.", labelNames: ["path"] }, node((m) => m.disks.map((d) => [{ path: d.path }, d.totalBytes])));
  scrapedGauge(registry, { name: "lama_agent_disk_used_bytes", help: "Bytes used on the file system, by configured path.", labelNames: ["path"] }, node((m) => m.disks.map((d) => [{ path: d.path }, d.usedBytes])));
  scrapedGauge(registry, { name: "lama_agent_disk_free_bytes", help: "Bytes free to unprivileged users on the file system, by configured path.", labelNames: ["path"] }, node((m) => m.disks.map((d) => [{ path: d.path }, d.freeBytes])));
  scrapedGauge(registry, { name: "lama_agent_adapter_state", help: "1 for each adapter's current state (supervisord's states), 0 for the others.", labelNames: ["adapter", "state"] }, () => agent.adapterStates().flatMap((a) => ADAPTER_STATES.map((state) => [{ adapter: a.name, state }, a.state === state ? 1 : 0])));
  scrapedCounter(registry, { name: "lama_agent_verb_calls_total", help: "Control calls served, by verb and gRPC status (OK, NOT_FOUND, PERMISSION_DENIED...).", labelNames: ["verb", "code"] }, () => agent.control.entries().map((c) => [{ verb: c.verb, code: c.code }, c.count]));
  scrapedGauge(registry, { name: "lama_agent_status_streams", help: "WatchStatus streams open now." }, () => agent.control.watchers);
}
export {
  registerAgentMetrics
};
