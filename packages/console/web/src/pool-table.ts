import { bits, el } from './dom.js';
import type { FeedNode } from './feed-types.js';

const ROW_HEIGHT = 28;
const OVERSCAN = 8;

/** What a row's adapter buttons do. */
export type AdapterAction = (node: string, adapter: string, verb: 'start' | 'stop') => void;

/**
 * The pool as a virtualized table: only the rows in view (and a few around) exist in the DOM,
 * so 1,000 nodes scroll and update as smoothly as 10.
 */
export class PoolTable {
  private nodes: FeedNode[] = [];
  private readonly spacer: HTMLDivElement;
  private readonly rows: HTMLDivElement;
  private now = Date.now();
  private scheduled = false;

  constructor(private readonly viewport: HTMLElement, private readonly canAct: boolean, private readonly act: AdapterAction) {
    this.spacer = el('div', { class: 'spacer' });
    this.rows = el('div', { class: 'rows' });
    this.spacer.append(this.rows);
    viewport.append(this.spacer);
    viewport.addEventListener('scroll', () => this.schedule(), { passive: true });
    viewport.addEventListener('click', (e) => {
      const b = (e.target as HTMLElement).closest('button[data-verb]');
      if (b instanceof HTMLButtonElement) this.act(b.dataset.node ?? '', b.dataset.adapter ?? '', b.dataset.verb as 'start' | 'stop');
    });
  }

  /** Replaces the nodes (the grand agent's whole view, sorted by name). */
  update(nodes: FeedNode[], now: number): void {
    this.nodes = nodes;
    this.now = now;
    this.schedule();
  }

  get size(): number {
    return this.nodes.length;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => {
      this.scheduled = false;
      this.render();
    });
  }

  private render(): void {
    this.spacer.style.height = `${this.nodes.length * ROW_HEIGHT}px`;
    const first = Math.max(0, Math.floor(this.viewport.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(this.nodes.length, Math.ceil((this.viewport.scrollTop + this.viewport.clientHeight) / ROW_HEIGHT) + OVERSCAN);
    this.rows.style.transform = `translateY(${first * ROW_HEIGHT}px)`;
    this.rows.replaceChildren(...this.nodes.slice(first, last).map((n) => this.row(n)));
  }

  private row(n: FeedNode): HTMLDivElement {
    const age = n.lastStatusMs ? `${Math.max(0, (this.now - n.lastStatusMs) / 1000).toFixed(1)} s` : '—';
    // The node's life cycle (Fig. 2: FREE, DEPLOYING, OPERATIONAL, CLEANING, FAILED) and what the allocator does with it.
    const state = [n.lifecycle, n.pending ? n.pending : n.serving ? `serving ${n.serving}` : 'idle'].filter(Boolean).join(' · ');
    const adapters = el('span', { class: 'adapters' });
    for (const [name, st] of Object.entries(n.adapters)) {
      const chip = el('span', { class: `chip ${st.toLowerCase()}` }, `${name} ${st}`);
      for (const verb of ['start', 'stop'] as const) {
        const b = el('button', { 'data-node': n.node, 'data-adapter': name, 'data-verb': verb, title: `${verb} ${name} on ${n.node}` }, verb === 'start' ? '▶' : '■');
        if (!this.canAct) {
          b.disabled = true;
          b.title = 'actions need a controller session';
        }
        chip.append(b);
      }
      adapters.append(chip);
    }
    return el('div', { class: 'row', 'data-node': n.node },
      el('span', { class: 'name' }, n.node), el('span', {}, n.roles.join(', ')), el('span', {}, state), el('span', { class: 'num' }, age),
      el('span', { class: 'num' }, `${(n.cpuUtilization * 100).toFixed(0)} %`), el('span', { class: 'num' }, bits(n.rxBitsPerSec)),
      el('span', { class: 'num' }, bits(n.txBitsPerSec)), adapters);
  }
}
