import { loadSession, post } from './api.js';
import { DeploymentList } from './deployment-list.js';
import { byId, clock, el } from './dom.js';
import type { FeedAlert, FeedDecision, FeedEvent, FeedPool, FeedSnapshot, PageBoot, SessionInfo } from './feed-types.js';
import { ChartPanel } from './chart-panel.js';
import { PoolTable } from './pool-table.js';

const KEEP_ROWS = 200;

/** The console page: one EventSource, the pool table, a chart per service, alerts and decisions. */
async function main(): Promise<void> {
  performance.mark('lama:script');
  const status = byId('link');
  // The server put the session and its state as of serving the page into it: drawn at once,
  // without waiting a round trip for /api/session or the stream's snapshot.
  const boot = readBoot();
  // The stream opens while the session loads: the first data is one round trip sooner. Its
  // events wait in a queue until the page can draw them.
  const events = new EventSource('/events');
  const queue: [string, string][] = [];
  let deliver: ((type: string, data: string) => void) | undefined;
  for (const type of ['snapshot', 'pool', 'alert', 'decision', 'deployment', 'ack', 'link', 'expired']) {
    events.addEventListener(type, (m) => {
      const data = (m as MessageEvent<string>).data;
      if (deliver) deliver(type, data);
      else queue.push([type, data]);
    });
  }
  const session = boot?.session ?? await loadSession();
  if (typeof session === 'string') {
    events.close();
    status.textContent = session;
    document.body.dataset.state = 'signed-out';
    return;
  }
  const controller = session.roles.includes('controller');
  byId('who').textContent = `${session.credential} · ${session.roles.join(', ')} · until ${clock(session.expiresAt)}`;
  const result = byId('action-result');
  const report = (what: string, r: { ok: boolean; message: string }): void => {
    result.textContent = `${what}: ${r.message}`;
    result.className = r.ok ? 'ok' : 'refused';
  };
  const table = new PoolTable(byId('pool'), controller, (node, adapter, verb) => {
    void post(session, `/api/nodes/${encodeURIComponent(node)}/adapters/${encodeURIComponent(adapter)}/${verb}`).then((r) => report(`${verb} ${adapter} on ${node}`, r));
  });
  setupSetForm(session, controller, report);
  setupDeploymentForms(session, controller, report);
  const deployments = new DeploymentList(byId('deployments'));
  const charts = new ChartPanel(byId('services'));
  const acked = new Set<number>();
  let showHolds = false;
  byId<HTMLInputElement>('holds').addEventListener('change', (e) => { showHolds = (e.target as HTMLInputElement).checked; });

  const renderPool = (pool: FeedPool): void => {
    table.update(pool.nodes, pool.atMs);
    byId('pool-title').textContent = `Pool${pool.grand ? ` of ${pool.grand}` : ''}: ${pool.nodes.length} nodes`;
    byId('lookups').textContent = `lookup services: ${pool.lookups.join(', ') || 'none'}`;
  };
  const alertItem = (a: FeedAlert): HTMLLIElement => {
    const li = el('li', { 'data-id': String(a.id), 'data-kind': a.kind, ...(a.node && { 'data-node': a.node }), class: acked.has(a.id) ? 'acked' : '' },
      el('time', {}, clock(a.raisedAt ?? a.at)), ` #${a.id} ${a.kind} `, el('b', {}, a.node ?? (a.nodes ?? []).join(', ')), `: ${a.message} `);
    const ack = el('button', { 'data-ack': String(a.id) }, acked.has(a.id) ? 'acknowledged' : 'acknowledge');
    ack.disabled = !controller || acked.has(a.id);
    ack.addEventListener('click', () => void post(session, `/api/alerts/${a.id}/ack`).then((r) => report(`acknowledge #${a.id}`, r)));
    li.append(ack);
    return li;
  };
  const alerts = new Map<number, FeedAlert>();
  const addAlert = (a: FeedAlert): void => {
    alerts.set(a.id, a);
    prepend(byId('alerts'), alertItem(a));
  };
  // A decision comes again when its deployment starts and when its outcome is known: its line is redrawn in place.
  const addDecision = (d: FeedDecision): void => {
    if (d.action === 'hold' && !d.intended && !showHolds) return;
    const what = d.dryRun ? `dry-run ${d.intended}` : d.action;
    const carriedOut = d.action === 'hold' ? '' : d.outcome ? ` · ${d.outcome}${d.tookSeconds !== undefined ? ` in ${d.tookSeconds.toFixed(1)} s` : ''}` : ' · under way';
    const li = el('li', { 'data-action': d.action, 'data-key': `${d.service} ${d.at}`, 'data-outcome': d.outcome ?? '', ...(d.deployment && { 'data-deployment': d.deployment }) },
      el('time', {}, clock(d.at)), ` ${d.service} `, el('b', {}, what), `${d.node ? ` ${d.node}` : ''}: ${d.reason}`,
      d.deployment ? el('small', {}, ` · ${d.action === 'release' ? 'cleaning' : 'deployment'} ${d.deployment}`) : '', carriedOut);
    const old = Array.from(byId('decisions').children).find((x) => (x as HTMLElement).dataset.key === li.dataset.key);
    if (old) old.replaceWith(li);
    else prepend(byId('decisions'), li);
  };

  const onSnapshot = (s: FeedSnapshot): void => {
    for (const id of s.acked) acked.add(id);
    byId('alerts').replaceChildren();
    alerts.clear();
    byId('decisions').replaceChildren();
    for (const a of s.alerts) addAlert(a);
    for (const d of s.decisions) addDecision(d);
    deployments.reset(s.deployments);
    setLink(s.link.connected, s.link.error);
    if (s.pool) {
      renderPool(s.pool);
      charts.reset(s.pool.services, s.history);
      firstData();
    }
  };
  const onEvent = (e: FeedEvent): void => {
    if (e.type === 'pool') {
      renderPool(e.pool);
      for (const svc of e.pool.services) charts.add(svc, e.points[svc.name]);
      setLink(true);
      firstData();
    } else if (e.type === 'alert') addAlert(e.alert);
    else if (e.type === 'decision') addDecision(e.decision);
    else if (e.type === 'deployment') deployments.update(e.deployment);
    else if (e.type === 'ack') {
      acked.add(e.id);
      const li = document.querySelector(`#alerts li[data-id="${e.id}"]`);
      const a = alerts.get(e.id);
      if (li && a) li.replaceWith(alertItem(a));
    } else if (e.type === 'link') setLink(e.link.connected, e.link.error);
  };

  if (boot) {
    performance.mark('lama:snapshot');
    onSnapshot(boot.snapshot);
  }
  // The stream's own snapshot follows (what changed since the page was served): it is drawn over the first.
  deliver = (type, data) => {
    if (type === 'snapshot') {
      if (!boot) performance.mark('lama:snapshot');
      onSnapshot(JSON.parse(data) as FeedSnapshot);
    } else if (type === 'expired') {
      events.close();
      setLink(false, 'the session has expired: open a new sign-in link');
    } else onEvent(JSON.parse(data) as FeedEvent);
  };
  for (const [type, data] of queue.splice(0)) deliver(type, data);
  events.onerror = () => setLink(false, 'the console is unreachable; retrying');

  function setLink(connected: boolean, error?: string): void {
    status.textContent = connected ? 'live' : (error ?? 'connecting');
    status.className = connected ? 'live' : 'down';
  }
}

function prepend(list: HTMLElement, item: HTMLElement): void {
  list.prepend(item);
  while (list.children.length > KEEP_ROWS) list.lastElementChild?.remove();
}

// When the first pool view is on screen: the budget says under 1 s on loopback.
function firstData(): void {
  if (document.body.dataset.firstDataMs) return;
  performance.mark('lama:first-data');
  document.body.dataset.firstDataMs = performance.now().toFixed(0);
}

/** The session and first view the server inlined (lama-boot), if it did. */
function readBoot(): PageBoot | undefined {
  const text = document.getElementById('lama-boot')?.textContent;
  return text ? (JSON.parse(text) as PageBoot) : undefined;
}

function setupSetForm(session: SessionInfo, controller: boolean, report: (what: string, r: { ok: boolean; message: string }) => void): void {
  const form = byId<HTMLFormElement>('set-form');
  for (const input of Array.from(form.elements)) (input as HTMLInputElement).disabled = !controller;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const data = new FormData(form);
    const node = String(data.get('node'));
    const adapter = String(data.get('adapter'));
    const params: Record<string, string> = {};
    for (const pair of String(data.get('params')).split(/\s+/).filter(Boolean)) {
      const i = pair.indexOf('=');
      if (i <= 0) return report('set', { ok: false, message: `'${pair}' is not KEY=VALUE` });
      params[pair.slice(0, i)] = pair.slice(i + 1);
    }
    void post(session, `/api/nodes/${encodeURIComponent(node)}/adapters/${encodeURIComponent(adapter)}/set`, { params }).then((r) => report(`set ${adapter} on ${node}`, r));
  });
}

// Deploy SITE[@VERSION] onto nodes, clean nodes: the grand agent checks them and refuses with its reason.
function setupDeploymentForms(session: SessionInfo, controller: boolean, report: (what: string, r: { ok: boolean; message: string }) => void): void {
  const nodes = (v: FormDataEntryValue | null): string[] => String(v ?? '').split(/[\s,]+/).filter(Boolean);
  const deploy = byId<HTMLFormElement>('deploy-form');
  const clean = byId<HTMLFormElement>('clean-form');
  for (const form of [deploy, clean]) for (const input of Array.from(form.elements)) (input as HTMLInputElement).disabled = !controller;
  deploy.addEventListener('submit', (e) => {
    e.preventDefault();
    const data = new FormData(deploy);
    const site = String(data.get('site')).trim();
    void post(session, '/api/deploy', { site, nodes: nodes(data.get('nodes')) }).then((r) => report(`deploy ${site}`, r));
  });
  clean.addEventListener('submit', (e) => {
    e.preventDefault();
    const data = new FormData(clean);
    const list = nodes(data.get('nodes'));
    void post(session, '/api/clean', { nodes: list, keepCache: data.get('keepCache') !== null }).then((r) => report(`clean ${list.join(', ')}`, r));
  });
}

void main();
