import { clock, el } from './dom.js';
import type { FeedDeployment } from './feed-types.js';

type FeedNodeDeployment = FeedDeployment['nodes'][number];

const KEEP = 50;

/**
 * The deployments and cleanings, newest first, each with one line per node: its state, the
 * step in progress, the steps done with their seconds, and where its files came from. A
 * deployment's item is redrawn in place each time the feed says it changed.
 */
export class DeploymentList {
  private readonly items = new Map<string, HTMLLIElement>();

  constructor(private readonly list: HTMLElement) {}

  /** Shows every deployment of a snapshot (oldest first, as the grand agent lists them). */
  reset(all: FeedDeployment[]): void {
    this.list.replaceChildren();
    this.items.clear();
    for (const d of all) this.update(d);
  }

  /** Draws a deployment's new state (a new one goes on top). */
  update(d: FeedDeployment): void {
    const item = render(d);
    const old = this.items.get(d.id);
    if (old) old.replaceWith(item);
    else this.list.prepend(item);
    this.items.set(d.id, item);
    while (this.items.size > KEEP) {
      const last = this.list.lastElementChild as HTMLLIElement | null;
      if (!last) break;
      this.items.delete(last.dataset.id ?? '');
      last.remove();
    }
  }
}

function render(d: FeedDeployment): HTMLLIElement {
  // Version 0 asked for the store's newest.
  const what = d.kind === 'deploy' ? `deploy ${d.site}${d.version ? `@${d.version}` : ''}` : `clean${d.site ? ` ${d.site}` : ''}`;
  const took = d.seconds !== undefined ? ` in ${d.seconds.toFixed(1)} s` : '';
  const source = d.kind === 'deploy' && d.started ? (d.cacheSource ? ` · cache source ${d.cacheSource}` : ' · from the store') : '';
  return el('li', { 'data-id': d.id, 'data-kind': d.kind, 'data-state': d.state },
    el('time', {}, clock(d.created)), ` ${d.id} `, el('b', {}, what), ` ${d.state}${took}${source}`, d.message ? el('small', {}, ` ${d.message}`) : '',
    el('ul', { class: 'steps' }, ...d.nodes.map(nodeLine)));
}

function nodeLine(n: FeedNodeDeployment): HTMLLIElement {
  const done = n.steps.map((s) => `${s.step} ${s.seconds.toFixed(2)} s`).join(', ');
  const files = n.files ? ` · ${n.files} files (${n.filesFromCacheSource} by multicast, ${n.filesFromStore} from the store)` : '';
  return el('li', { 'data-node': n.node, 'data-state': n.state, 'data-step': n.step },
    el('b', {}, n.node), ` ${n.state}${n.seconds !== undefined ? ` in ${n.seconds.toFixed(1)} s` : ''}${n.step ? ` · now ${n.step}` : ''}`,
    done ? ` · ${done}` : '', files, n.reason ? ` · ${n.reason}` : '', n.cleanup ? ` · cleanup ${n.cleanup}` : '');
}
