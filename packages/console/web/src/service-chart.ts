import uPlot from 'uplot';
import type { FeedService, ServicePoint } from './feed-types.js';

/** Where a chart draws: its card (the panel builds it), the line of figures and the plot's holder in it. */
export interface ChartCard {
  card: HTMLElement;
  figures: HTMLElement;
  holder: HTMLElement;
}

/** One service's chart, as the paper's Fig. 8: load against N · C with the add and release bounds, the forecast, and N. */
export class ServiceChart {
  readonly card: HTMLElement;
  private readonly plot: uPlot;
  private readonly figures: HTMLElement;
  private readonly data: (number | null)[][] = [[], [], [], [], [], [], []];

  constructor(service: FeedService, history: ServicePoint[], { card, figures, holder }: ChartCard) {
    this.card = card;
    this.figures = figures;
    this.plot = new uPlot({
      width: 560, height: 220, legend: { show: true },
      scales: { x: { time: true }, n: { range: (_u, _min, max) => [0, Math.max(1, max + 1)] } },
      axes: [{}, { label: service.metric }, { scale: 'n', side: 1, label: 'N', grid: { show: false } }],
      series: [
        {},
        { label: 'load', stroke: '#1f6feb', width: 2 },
        { label: 'N·C', stroke: '#222', width: 1.5 },
        { label: 'add at', stroke: '#d1242f', dash: [6, 4] },
        { label: 'release at', stroke: '#1a7f37', dash: [6, 4] },
        { label: 'forecast', stroke: '#8250df', dash: [2, 3] },
        { label: 'N', stroke: '#bf8700', scale: 'n', paths: uPlot.paths.stepped?.({ align: 1 }) },
      ],
    }, this.data as uPlot.AlignedData, holder);
    for (const p of history) this.push(p);
    this.redraw(service);
  }

  /** Points drawn so far. */
  get points(): number {
    return this.data[0].length;
  }

  /** Adds the newest point and the service's current figures. */
  add(point: ServicePoint, service: FeedService): void {
    this.push(point);
    this.redraw(service);
  }

  private push(p: ServicePoint): void {
    const row = [p.t / 1000, p.sum, p.capacity, p.upper, p.lower, p.forecast, p.n];
    row.forEach((v, i) => this.data[i].push(v));
    if (this.data[0].length > 900) for (const col of this.data) col.shift();
  }

  private redraw(s: FeedService): void {
    this.plot.setData(this.data as uPlot.AlignedData);
    this.card.dataset.points = String(this.points);
    const forecast = s.hasForecast ? s.forecast.toFixed(1) : '—';
    this.figures.textContent = `N = ${s.n} (${s.serving.join(', ') || 'none'}) · load ${s.sum.toFixed(1)} · forecast ${forecast} · add above ${s.upperBound.toFixed(1)} · release below ${s.lowerBound.toFixed(1)}${s.holdReason ? ` · held: ${s.holdReason}` : ''}${s.dryRun ? ' · dry run' : ''}`;
  }
}
