import { scrapedCounter, scrapedGauge, type Registry } from '@lama/lookup/prometheus';
import type { ServiceSnapshot } from './service-pool.js';
import type { GrandAgent } from './grand-agent.js';

/**
 * Registers the grand agent's metrics (lama_grand_*) on registry (its embedded lookup service's
 * are registerLookupMetrics', over `grand.embeddedLookup`), read at each scrape from its service pools, decision logs and alert
 * manager. The `service` label is a configured service name (bounded by the config); loads,
 * forecasts and bounds are in the unit of that service's metric (lama_grand_service_info).
 */
export function registerGrandMetrics(registry: Registry, grand: GrandAgent): void {
  const perService = (read: (s: ServiceSnapshot) => number | undefined) => () =>
    grand.pools.flatMap((p) => {
      const value = read(p.snapshot());
      return value === undefined ? [] : [[{ service: p.name }, value] as const];
    });
  scrapedGauge(registry, { name: 'lama_grand_nodes', help: 'Agents the grand agent watches now.' }, () => grand.monitor.list().length);
  scrapedGauge(registry, { name: 'lama_grand_service_info', help: 'Always 1: each service pool with its role, metric and predictor.', labelNames: ['service', 'role', 'metric', 'predictor'] },
    () => grand.pools.map((p) => {
      const s = p.snapshot();
      return [{ service: s.name, role: s.role, metric: s.metric, predictor: s.predictor }, 1] as const;
    }));
  scrapedGauge(registry, { name: 'lama_grand_service_nodes', help: 'N: nodes serving the service, plus those being added, minus those being released.', labelNames: ['service'] }, perService((s) => s.n));
  scrapedGauge(registry, { name: 'lama_grand_service_serving_nodes', help: "Nodes in the service's dispatcher (or running its adapter) now.", labelNames: ['service'] }, perService((s) => s.serving.length));
  scrapedGauge(registry, { name: 'lama_grand_service_load', help: "Σ load of the serving nodes at the last period, in the service metric's unit.", labelNames: ['service'] }, perService((s) => s.sum));
  scrapedGauge(registry, { name: 'lama_grand_service_level', help: "The predictor's smoothed level of the load (absent for the threshold predictor).", labelNames: ['service'] }, perService((s) => s.level));
  scrapedGauge(registry, { name: 'lama_grand_service_forecast', help: 'The load forecast one lead time ahead (absent until the predictor has one).', labelNames: ['service'] }, perService((s) => s.forecast));
  scrapedGauge(registry, { name: 'lama_grand_service_capacity_per_node', help: 'C: the load one node carries at 100 %.', labelNames: ['service'] }, perService((s) => s.capacityPerNode));
  scrapedGauge(registry, { name: 'lama_grand_service_upper_bound', help: 'upper · N · C: demand above it adds a node.', labelNames: ['service'] }, perService((s) => s.upperBound));
  scrapedGauge(registry, { name: 'lama_grand_service_lower_bound', help: 'lower · (serving capacity − C of the release candidate): demand below it releases one.', labelNames: ['service'] }, perService((s) => s.lowerBound));
  scrapedCounter(registry, { name: 'lama_grand_decisions_total', help: 'Algorithm 1 decisions, by service and kind (add, release, hold; a dry run decides holds).', labelNames: ['service', 'kind'] },
    () => grand.pools.flatMap((p) => Object.entries(p.policy.log.byAction).map(([kind, n]) => [{ service: p.name, kind }, n] as const)));
  scrapedCounter(registry, { name: 'lama_grand_alerts_total', help: 'Alerts raised, by kind.', labelNames: ['kind'] },
    () => Object.entries(grand.alerts.raised).map(([kind, n]) => [{ kind }, n] as const));
  scrapedCounter(registry, { name: 'lama_grand_deployments_total', help: 'Deployments and cleanings ended, by kind (deploy, clean) and state (complete, partial, failed).', labelNames: ['kind', 'state'] },
    () => Object.entries(grand.deployments.ended).flatMap(([kind, byState]) => Object.entries(byState).map(([state, n]) => [{ kind, state }, n] as const)));
  scrapedGauge(registry, { name: 'lama_grand_deployments_running', help: 'Deployments and cleanings under way (waiting for the partition brake included).' }, () => grand.deployments.running);
  scrapedGauge(registry, { name: 'lama_grand_allocation_held', help: '1 while allocation holds (a partition, or an expiry still settling), else 0.' }, () => (grand.alerts.holdReason === undefined ? 0 : 1));
}
