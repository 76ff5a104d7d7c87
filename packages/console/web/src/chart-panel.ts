import { el } from './dom.js';
import type { FeedService, ServicePoint } from './feed-types.js';
import type { ServiceChart } from './service-chart.js';

const KEEP_POINTS = 900;

/**
 * The services' charts. uPlot is most of the page's script, so it loads as its own chunk after
 * the page has drawn its first data; until then the points wait here, and each chart starts
 * from them.
 */
export class ChartPanel {
  private chart: typeof ServiceChart | undefined;
  private readonly charts = new Map<string, ServiceChart>();
  private readonly waiting = new Map<string, { service: FeedService; points: ServicePoint[] }>();

  constructor(private readonly holder: HTMLElement) {
    void import('./service-chart.js').then((m) => {
      this.chart = m.ServiceChart;
      for (const [name, w] of this.waiting) this.create(name, w.service, w.points);
      this.waiting.clear();
    });
  }

  /** Every service with its history (a snapshot): the charts start over. */
  reset(services: FeedService[], history: Record<string, ServicePoint[]>): void {
    this.holder.replaceChildren();
    this.charts.clear();
    this.waiting.clear();
    for (const s of services) {
      if (this.chart) this.create(s.name, s, history[s.name] ?? []);
      else this.waiting.set(s.name, { service: s, points: [...(history[s.name] ?? [])] });
    }
  }

  /** A service's newest point and figures. */
  add(service: FeedService, point: ServicePoint | undefined): void {
    const chart = this.charts.get(service.name);
    if (chart) {
      if (point) chart.add(point, service);
      return;
    }
    if (this.chart) {
      this.create(service.name, service, point ? [point] : []);
      return;
    }
    const w = this.waiting.get(service.name) ?? { service, points: [] };
    w.service = service;
    if (point) w.points.push(point);
    if (w.points.length > KEEP_POINTS) w.points.splice(0, w.points.length - KEEP_POINTS);
    this.waiting.set(service.name, w);
  }

  private create(name: string, service: FeedService, points: ServicePoint[]): void {
    const figures = el('p', { class: 'figures' });
    const holder = el('div', { class: 'plot' });
    const card = el('section', { class: 'service', 'data-service': name },
      el('h3', {}, `${name} `, el('small', {}, `${service.metric} · C = ${service.capacityPerNode} · ${service.predictor}`)), figures, holder);
    const chart = new (this.chart as typeof ServiceChart)(service, points, { card, figures, holder });
    this.charts.set(name, chart);
    this.holder.append(chart.card);
  }
}
