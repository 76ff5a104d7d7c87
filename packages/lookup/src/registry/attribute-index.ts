import type { ServiceItem, ServiceTemplate } from './item.js';

/** The members of a key held by more than one item; `key` is the string every member shares. */
class Members<M> extends Set<M> {
  constructor(readonly key: string) {
    super();
  }
}

/**
 * The members of one key: a key held by one item (every lama.Name, typically) is that
 * member itself, so the index makes a Set only when a second item shares the key.
 */
type Posting<M> = M | Members<M>;

/** Per entry type: every item with an entry of the type, and field -> value -> members. */
interface TypeNode<M> {
  readonly type: string;
  all: Posting<M> | undefined;
  readonly fields: Map<string, Map<string, Posting<M>>>;
}

/** What the index keeps per item: the item itself, reached without a second lookup. */
export interface Indexed {
  readonly item: ServiceItem;
}

const NO_MEMBERS: readonly never[] = [];

/**
 * Maps each service type, entry type and (entry type, field, value) to the members holding
 * it, so a lookup scans only the smallest candidate set instead of every item. The maps are
 * keyed by the items' own strings (no composite key per item and value).
 *
 * The index doubles as the intern table of those strings: intern() makes a new item share
 * the type names and field values the items already indexed hold, so a string repeated over
 * many items (a role, 'lama.agent.v1.Agent') is kept once, and a unique one (a node's name)
 * costs no table entry beyond its index entry. Nothing is kept for strings no item holds.
 */
export class AttributeIndex<M extends Indexed> {
  private readonly services = new Map<string, Posting<M>>();
  private readonly types = new Map<string, TypeNode<M>>();

  private static has<M>(p: Posting<M>, member: M): boolean {
    return p instanceof Members ? p.has(member) : p === member;
  }

  /** p with member added (a new posting when p was a single member or nothing). */
  private static added<M>(p: Posting<M> | undefined, member: M, key: string): Posting<M> {
    if (p === undefined || p === member) return member;
    if (p instanceof Members) {
      p.add(member);
      return p;
    }
    const s = new Members<M>(key);
    s.add(p);
    s.add(member);
    return s;
  }

  /** p without member; undefined when nothing is left. */
  private static removed<M>(p: Posting<M> | undefined, member: M): Posting<M> | undefined {
    if (p === undefined || p === member) return undefined;
    if (!(p instanceof Members)) return p;
    p.delete(member);
    if (p.size > 1) return p;
    // Back to a single member.
    return p.size === 1 ? (p.values().next().value as M) : undefined;
  }

  add(member: M): void {
    const item = member.item;
    for (const t of item.serviceTypes) this.services.set(t, AttributeIndex.added(this.services.get(t), member, t));
    for (const e of item.attributes) {
      let node = this.types.get(e.type);
      if (node === undefined) this.types.set(e.type, (node = { type: e.type, all: undefined, fields: new Map() }));
      node.all = AttributeIndex.added(node.all, member, e.type);
      for (const k of Object.keys(e.fields)) {
        let values = node.fields.get(k);
        if (values === undefined) node.fields.set(k, (values = new Map()));
        const v = e.fields[k];
        values.set(v, AttributeIndex.added(values.get(v), member, v));
      }
    }
  }

  /** Removes member, indexed under member.item (call before replacing member.item). */
  remove(member: M): void {
    const item = member.item;
    for (const t of item.serviceTypes) {
      const p = AttributeIndex.removed(this.services.get(t), member);
      if (p === undefined) this.services.delete(t);
      else this.services.set(t, p);
    }
    for (const e of item.attributes) {
      const node = this.types.get(e.type);
      if (node === undefined) continue;
      for (const k of Object.keys(e.fields)) {
        const values = node.fields.get(k);
        if (values === undefined) continue;
        const v = e.fields[k];
        const p = AttributeIndex.removed(values.get(v), member);
        if (p === undefined) {
          values.delete(v);
          if (values.size === 0) node.fields.delete(k);
        } else values.set(v, p);
      }
      node.all = AttributeIndex.removed(node.all, member);
      // An item may hold several entries of one type: the node goes with the last of them.
      if (node.all === undefined && node.fields.size === 0) this.types.delete(e.type);
    }
  }

  /** The string equal to s that the members of p hold (found in `pick` for a single member). */
  private static shared<M>(p: Posting<M> | undefined, s: string, pick: (member: M) => string | undefined): string {
    if (p === undefined) return s;
    if (p instanceof Members) return p.key;
    return pick(p) ?? s;
  }

  /**
   * Makes the item's service types, entry types and field values the very strings the
   * indexed items hold, where equal ones exist. Each string is replaced by an equal string
   * (=== cannot tell them apart, so it is done unconditionally): the item's content does not
   * change, only how many copies of it the heap holds. Call it on an item before add().
   */
  intern(item: ServiceItem): void {
    const types = item.serviceTypes;
    for (let i = 0; i < types.length; i++) {
      const t = types[i];
      const c = AttributeIndex.shared(this.services.get(t), t, (m) => m.item.serviceTypes.find((x) => x === t));
      types[i] = c;
    }
    for (const e of item.attributes) {
      const node = this.types.get(e.type);
      if (node === undefined) continue;
      e.type = node.type;
      const type = node.type;
      for (const k of Object.keys(e.fields)) {
        const v = e.fields[k];
        const c = AttributeIndex.shared(node.fields.get(k)?.get(v), v, (m) => {
          for (const x of m.item.attributes) if (x.type === type && x.fields[k] === v) return x.fields[k];
          return undefined;
        });
        e.fields[k] = c;
      }
    }
  }

  private posting(template: ServiceTemplate, visit: (p: Posting<M> | undefined) => boolean): void {
    for (const t of template.serviceTypes ?? []) if (!visit(this.services.get(t))) return;
    for (const e of template.attributes ?? []) {
      const node = this.types.get(e.type);
      if (!visit(node?.all)) return;
      for (const k of Object.keys(e.fields)) if (!visit(node?.fields.get(k)?.get(e.fields[k]))) return;
    }
  }

  /**
   * A superset of the members that can match the template, or undefined when the template
   * constrains nothing indexable (then every item is a candidate).
   */
  candidates(template: ServiceTemplate): Iterable<M> | undefined {
    let best: Posting<M> | undefined;
    let bestSize = Infinity;
    this.posting(template, (p) => {
      const size = p === undefined ? 0 : p instanceof Members ? p.size : 1;
      if (size < bestSize) {
        best = p;
        bestSize = size;
      }
      return size > 0;
    });
    if (bestSize === Infinity) return undefined;
    if (best === undefined) return NO_MEMBERS;
    return best instanceof Members ? best : [best];
  }
}
