import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  scrapedCounter,
  scrapedGauge
} from "./chunk-QXSZKABV.js";
import "./chunk-GREZTAM7.js";
import "./chunk-MT4BYXDY.js";
import "./chunk-COLKQ3MG.js";
import "./chunk-2F4QKM7O.js";
import "./chunk-5RG6R7ES.js";

// packages/grand-agent/dist/src/grand/grand-collectors.js
function registerGrandMetrics(registry, grand) {
  const perService = (read) => () => grand.pools.flatMap((p) => {
    const value = read(p.snapshot());
    return value === void 0 ? [] : [[{ service: p.name }, value]];
  });
  scrapedGauge(registry, { name: "lama_grand_nodes", help: "Agents the grand agent watches now." }, () => grand.monitor.list().length);
  scrapedGauge(registry, { name: "lama_grand_service_info", help: "Always 1: each service pool with its role, metric and predictor.", labelNames: ["service", "role", "metric", "predictor"] }, () => grand.pools.map((p) => {
    const s = p.snapshot();
    return [{ service: s.name, role: s.role, metric: s.metric, predictor: s.predictor }, 1];
  }));
  scrapedGauge(registry, { name: "lama_grand_service_nodes", help: "N: nodes serving the service, plus those being added, minus those being released.", labelNames: ["service"] }, perService((s) => s.n));
  scrapedGauge(registry, { name: "lama_grand_service_serving_nodes", help: "Nodes in the service's dispatcher (or running its adapter) now.", labelNames: ["service"] }, perService((s) => s.serving.length));
  scrapedGauge(registry, { name: "lama_grand_service_load", help: "\u03A3 load of the serving nodes at the last period, in the service metric's unit.", labelNames: ["service"] }, perService((s) => s.sum));
  scrapedGauge(registry, { name: "lama_grand_service_level", help: "The predictor's smoothed level of the load (absent for the threshold predictor).", labelNames: ["service"] }, perService((s) => s.level));
  scrapedGauge(registry, { name: "lama_grand_service_forecast", help: "The load forecast one lead time ahead (absent until the predictor has one).", labelNames: ["service"] }, perService((s) => s.forecast));
  scrapedGauge(registry, { name: "lama_grand_service_capacity_per_node", help: "C: the load one node carries at 100 %.", labelNames: ["service"] }, perService((s) => s.capacityPerNode));
  scrapedGauge(registry, { name: "lama_grand_service_upper_bound", help: "upper \xB7 N \xB7 C: demand above it adds a node.", labelNames: ["service"] }, perService((s) => s.upperBound));
  scrapedGauge(registry, { name: "lama_grand_service_lower_bound", help: "lower \xB7 (serving capacity \u2212 C of the release candidate): demand below it releases one.", labelNames: ["service"] }, perService((s) => s.lowerBound));
  scrapedCounter(registry, { name: "lama_grand_decisions_total", help: "Algorithm 1 decisions, by service and kind (add, release, hold; a dry run decides holds).", labelNames: ["service", "kind"] }, () => grand.pools.flatMap((p) => Object.entries(p.policy.log.byAction).map(([kind, n]) => [{ service: p.name, kind }, n])));
  scrapedCounter(registry, { name: "lama_grand_alerts_total", help: "Alerts raised, by kind.", labelNames: ["kind"] }, () => Object.entries(grand.alerts.raised).map(([kind, n]) => [{ kind }, n]));
  scrapedCounter(registry, { name: "lama_grand_deployments_total", help: "Deployments and cleanings ended, by kind (deploy, clean) and state (complete, partial, failed).", labelNames: ["kind", "state"] }, () => Object.entries(grand.deployments.ended).flatMap(([kind, byState]) => Object.entries(byState).map(([state, n]) => [{ kind, state }, n])));
  scrapedGauge(registry, { name: "lama_grand_deployments_running", help: "Deployments and cleanings under way (waiting for the partition brake included)." }, () => grand.deployments.running);
  scrapedGauge(registry, { name: "lama_grand_allocation_held", help: "1 while allocation holds (a partition, or an expiry still settling), else 0." }, () => grand.alerts.holdReason === void 0 ? 0 : 1);
}
export {
  registerGrandMetrics
};
