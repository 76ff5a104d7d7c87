// @lama/lookup/prometheus: the one home of Prometheus metrics in LAMA. The /metrics endpoint
// and its registry, the scrape-time gauge and counter every daemon's collectors are built
// from, and the lookup service's collectors. Apart from the package index so that prom-client
// loads only in a daemon told to serve metrics (they are off by default).
export { MetricsEndpoint, METRICS_PATH, type MetricsEndpointOptions } from './prometheus/metrics-endpoint.js';
export { scrapedGauge, scrapedCounter, type Labels, type Readings, type MetricSpec } from './prometheus/scraped.js';
export { registerLookupMetrics, type LookupMetricsSource } from './server/lookup-collectors.js';
export type { Registry } from 'prom-client';
