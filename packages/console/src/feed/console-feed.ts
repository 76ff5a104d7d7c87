import { systemClock, type Clock, type Startable } from '@lama/lookup';
import type { Subscription } from '@lama/lookup/rx';
import type { Alert, DecisionJson, DeploymentJson, RemotePool } from '@lama/grand-agent';
import type { Observable } from '@lama/lookup/rx';
import type { FeedAlert, FeedDecision, FeedDeployment, FeedEvent, FeedLink, FeedPool, FeedSnapshot, ServicePoint } from '../../web/src/feed-types.js';

/** The grand agent's watch streams the feed reads (GrandClient has them). */
export interface GrandStreams {
  watchPool(intervalMs: number): Observable<RemotePool>;
  watchAlerts(afterId: number): Observable<Alert>;
  watchDecisions(sinceMs: number): Observable<DecisionJson>;
  watchDeployments(replay: boolean): Observable<DeploymentJson>;
}

export interface ConsoleFeedOptions {
  grand: GrandStreams;
  clock?: Clock;
  /** WatchPool's interval (ms). */
  intervalMs?: number;
  /** Points kept per service for the chart. */
  historyPoints?: number;
  /** Alerts, decisions and deployments kept for a browser that opens later. */
  keep?: number;
}

type Listener = (e: FeedEvent) => void;

/** What names a decision: a service decides once a period. */
function decisionKey(d: DecisionJson): string {
  return `${d.service} ${d.at}`;
}

/**
 * One set of streams from the grand agent (pool view, alerts, decisions, deployments), kept as
 * the state a new browser starts from and fanned out to every listener: ten open consoles cost
 * the grand agent what one does. Streams that fail are reopened with a doubling backoff (1 s
 * to 10 s).
 */
export class ConsoleFeed implements Startable {
  private readonly clock: Clock;
  private pool: FeedPool | null = null;
  private readonly history = new Map<string, ServicePoint[]>();
  private readonly alerts: FeedAlert[] = [];
  private readonly decisions: FeedDecision[] = [];
  // By id, in the grand agent's order; each with the JSON last sent, so only changes go out.
  private readonly deployments = new Map<string, { d: FeedDeployment; json: string }>();
  private readonly acked = new Set<number>();
  private link: FeedLink = { connected: false };
  private readonly listeners = new Set<Listener>();
  private readonly subs: Subscription[] = [];
  private readonly timers: { cancel(): void }[] = [];
  private running = false;
  private lastAlertId = 0;
  private lastDecisionMs = 0;

  constructor(private readonly o: ConsoleFeedOptions) {
    this.clock = o.clock ?? systemClock;
  }

  /** Adds a listener of every change; returns what removes it. */
  listen(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  /** The state a new browser starts from. */
  snapshot(): FeedSnapshot {
    return {
      pool: this.pool, history: Object.fromEntries(this.history), alerts: [...this.alerts], decisions: [...this.decisions],
      deployments: [...this.deployments.values()].map((x) => x.d), acked: [...this.acked], link: this.link,
    };
  }

  /** The node's control endpoint in the latest pool view. */
  node(name: string): { endpoint: string; adapters: Record<string, string> } | undefined {
    return this.pool?.nodes.find((n) => n.node === name);
  }

  /** Whether an alert of this id was seen. */
  hasAlert(id: number): boolean {
    return this.alerts.some((a) => a.id === id);
  }

  /** Marks an alert acknowledged for every browser of this console. */
  acknowledge(id: number): void {
    if (this.acked.has(id)) return;
    this.acked.add(id);
    this.emit({ type: 'ack', id });
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.open('pool', 0);
    this.open('alerts', 0);
    this.open('decisions', 0);
    this.open('deployments', 0);
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const s of this.subs.splice(0)) s.unsubscribe();
    for (const t of this.timers.splice(0)) t.cancel();
    this.listeners.clear();
  }

  private emit(e: FeedEvent): void {
    for (const fn of this.listeners) fn(e);
  }

  private setLink(link: FeedLink): void {
    if (link.connected === this.link.connected && link.error === this.link.error) return;
    this.link = link;
    this.emit({ type: 'link', link });
  }

  // Each stream resumes where it stopped: alerts after the last id, decisions after the last time.
  private open(which: 'pool' | 'alerts' | 'decisions' | 'deployments', failures: number): void {
    if (!this.running) return;
    const g = this.o.grand;
    const retry = (err: Error): void => {
      this.setLink({ connected: false, error: `${which} stream: ${err.message}` });
      const delay = Math.min(10_000, 1000 * 2 ** failures);
      this.timers.push(this.clock.setTimer(() => this.open(which, failures + 1), delay));
    };
    const ended = (): void => retry(new Error('the grand agent ended the stream'));
    let sub: Subscription;
    if (which === 'pool') {
      sub = g.watchPool(this.o.intervalMs ?? 1000).subscribe({ next: (p) => { failures = 0; this.onPool(p); }, error: retry, complete: ended });
    } else if (which === 'alerts') {
      sub = g.watchAlerts(this.lastAlertId).subscribe({ next: (a) => { failures = 0; this.onAlert(a); }, error: retry, complete: ended });
    } else if (which === 'deployments') {
      sub = g.watchDeployments(true).subscribe({ next: (d) => { failures = 0; this.onDeployment(d); }, error: retry, complete: ended });
    } else {
      sub = g.watchDecisions(this.decisionsResumeAt()).subscribe({ next: (d) => { failures = 0; this.onDecision(d); }, error: retry, complete: ended });
    }
    this.subs.push(sub);
  }

  // A reopened stream replays every kept deployment: only those that changed meanwhile go out.
  private onDeployment(d: FeedDeployment): void {
    const json = JSON.stringify(d);
    if (this.deployments.get(d.id)?.json === json) return;
    this.deployments.set(d.id, { d, json });
    const keep = this.o.keep ?? 500;
    for (const id of this.deployments.keys()) {
      if (this.deployments.size <= keep) break;
      this.deployments.delete(id);
    }
    this.emit({ type: 'deployment', deployment: d });
  }

  private onPool(p: RemotePool): void {
    const pool: FeedPool = p;
    this.pool = pool;
    this.setLink({ connected: true });
    const points: Record<string, ServicePoint> = {};
    const max = this.o.historyPoints ?? 900;
    for (const s of pool.services) {
      const point: ServicePoint = {
        t: pool.atMs, sum: s.sum, n: s.n, capacity: s.n * s.capacityPerNode, upper: s.upperBound, lower: s.lowerBound,
        forecast: s.hasForecast ? s.forecast : null,
      };
      const h = this.history.get(s.name) ?? [];
      h.push(point);
      if (h.length > max) h.splice(0, h.length - max);
      this.history.set(s.name, h);
      points[s.name] = point;
    }
    this.emit({ type: 'pool', pool, points });
  }

  private onAlert(a: Alert): void {
    if (a.id <= this.lastAlertId) return;
    this.lastAlertId = a.id;
    // The node's last status stays with the grand agent (`lama alerts --json` has it): the page does not show it.
    const { lastStatus: _, ...alert } = a;
    this.push(this.alerts, alert);
    this.emit({ type: 'alert', alert });
  }

  // A decision comes again when it changes (its deployment starts, its outcome): it replaces the one kept.
  private onDecision(d: DecisionJson): void {
    this.lastDecisionMs = Math.max(this.lastDecisionMs, Date.parse(d.at));
    const key = decisionKey(d);
    let i = this.decisions.length - 1;
    while (i >= 0 && decisionKey(this.decisions[i]) !== key) i--;
    if (i >= 0) {
      if (JSON.stringify(this.decisions[i]) === JSON.stringify(d)) return;
      this.decisions[i] = d;
    } else this.push(this.decisions, d);
    this.emit({ type: 'decision', decision: d });
  }

  // A reopened stream replays from the oldest add or release still under way, so its outcome is not missed.
  private decisionsResumeAt(): number {
    const open = this.decisions.find((d) => d.action !== 'hold' && d.outcome === undefined);
    if (open) return Date.parse(open.at);
    return this.lastDecisionMs + (this.lastDecisionMs ? 1 : 0);
  }

  private push<T>(list: T[], x: T): void {
    list.push(x);
    const keep = this.o.keep ?? 500;
    if (list.length > keep) list.splice(0, list.length - keep);
  }
}
