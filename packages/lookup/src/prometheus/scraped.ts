import { Counter, Gauge, type Registry } from 'prom-client';

/** Label values of one series. */
export type Labels<L extends string> = Record<L, string>;

/**
 * What a read at scrape time returns: one value (no labels), one value per label set, or
 * undefined when there is nothing to read yet: no series for a labelled metric, 0 for one
 * without labels (prom-client always exposes those).
 */
export type Readings<L extends string> = number | undefined | Iterable<readonly [labels: Labels<L>, value: number]>;

/** A metric's name, help and label names. */
export interface MetricSpec<L extends string> {
  name: string;
  help: string;
  labelNames?: readonly L[];
}

// Hands every reading to put: without labels for a single value.
function forEachReading<L extends string>(r: Readings<L>, put: (labels: Labels<L> | undefined, value: number) => void): void {
  if (typeof r === 'number') put(undefined, r);
  else if (r) for (const [labels, value] of r) put(labels, value);
}

/**
 * A gauge whose value is read from the component when Prometheus scrapes, so nothing runs
 * on the component's own paths. Label sets that `read` no longer returns disappear.
 */
export function scrapedGauge<L extends string = never>(registry: Registry, spec: MetricSpec<L>, read: () => Readings<L>): Gauge<L> {
  return new Gauge<L>({
    name: spec.name, help: spec.help, labelNames: spec.labelNames ?? [], registers: [registry],
    collect() {
      this.reset();
      forEachReading(read(), (labels, value) => (labels ? this.set(labels, value) : this.set(value)));
    },
  });
}

/**
 * A counter read at scrape time from a total the component keeps (a plain number it
 * increments, or a kernel counter). The total only grows while the process lives; Prometheus
 * reads a decrease as a reset.
 */
export function scrapedCounter<L extends string = never>(registry: Registry, spec: MetricSpec<L>, read: () => Readings<L>): Counter<L> {
  return new Counter<L>({
    name: spec.name, help: spec.help, labelNames: spec.labelNames ?? [], registers: [registry],
    collect() {
      this.reset();
      forEachReading(read(), (labels, value) => (labels ? this.inc(labels, value) : this.inc(value)));
    },
  });
}
