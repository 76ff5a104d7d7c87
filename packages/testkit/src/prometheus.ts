/** What seriesOf reads: a prom-client Registry (structurally, so this part of testkit depends on no package). */
export interface MetricsJsonSource {
  getMetricsAsJSON(): Promise<{ name: string; values: { labels: Partial<Record<string, string | number>>; value: number }[] }[]>;
}

/** Every series of a registry, scraped now, as `name{label="v",...}` (labels sorted by name) -> value. */
export async function seriesOf(registry: MetricsJsonSource): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const m of await registry.getMetricsAsJSON()) {
    for (const v of m.values) {
      const labels = Object.entries(v.labels).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => `${k}="${String(x)}"`).join(',');
      out.set(labels ? `${m.name}{${labels}}` : m.name, v.value);
    }
  }
  return out;
}
