import { bits, el } from './dom.js';
import type { FeedNode } from './feed-types.js';

const ROW_HEIGHT = 28;
const OVERSCAN = 8;
const COUNTDOWN_MS = 250;

/** Seconds left of a lease ending at `expires` (both on the grand agent's clock). */
function leaseLeft(expires: number, now: number): string {
  return `${(Math.max(0, expires - now) / 1000).toFixed(1)} s`;
}

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
  /** The grand agent's clock minus this browser's, from the latest view: leases count down on the grand agent's time. */
  private offsetMs = 0;
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
    // The lease cells count down in the browser between views: no event from the server for it.
    setInterval(() => this.countDown(), COUNTDOWN_MS);
  }

  /** Replaces the nodes (the grand agent's whole view, sorted by name). */
  update(nodes: FeedNode[], now: number): void {
    this.nodes = nodes;
    this.now = now;
    this.offsetMs = now - Date.now();
    this.schedule();
  }

  private countDown(): void {
    const now = Date.now() + this.offsetMs;
    for (const cell of Array.from(this.rows.querySelectorAll<HTMLElement>('.lease[data-expires]'))) cell.textContent = leaseLeft(Number(cell.dataset.expires), now);
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
      el('span', { class: 'name' }, n.node), el('span', {}, n.roles.join(', ')), el('span', { title: state }, state),
      el('span', { class: 'num lease', title: n.leaseMs ? `lease ${(n.leaseMs / 1000).toFixed(1)} s` : 'lease unknown', ...(n.leaseExpiresMs && { 'data-expires': String(n.leaseExpiresMs) }) },
        n.leaseExpiresMs ? leaseLeft(n.leaseExpiresMs, Date.now() + this.offsetMs) : '—'),
      el('span', { class: 'num' }, age),
      el('span', { class: 'num' }, `${(n.cpuUtilization * 100).toFixed(0)} %`), el('span', { class: 'num' }, bits(n.rxBitsPerSec)),
      el('span', { class: 'num' }, bits(n.txBitsPerSec)), adapters);
  }
}
