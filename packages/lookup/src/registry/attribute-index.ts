import type { Entry, ServiceItem, ServiceTemplate } from './item.js';

/**
 * The members of a key held by more than one item. `key` is the string every member
 * shares; `entry` (for a field value) and `list` (for a service type) are an entry object
 * {type: {field: key}} and a service-type list [key] that new items can share.
 */
class Members<M> extends Set<M> {
  entry: Entry | undefined;
  list: string[] | undefined;
  constructor(readonly key: string) {
    super();
  }
}

function isSingleField(e: Entry): boolean {
  let n = 0;
  for (const k in e.fields) if (Object.prototype.hasOwnProperty.call(e.fields, k) && ++n > 1) return false;
  return n === 1;
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
  /** An entry of this type with no fields, for new items to share. */
  empty: Entry | undefined;
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
    for (const t of item.serviceTypes) {
      const p = AttributeIndex.added(this.services.get(t), member, t);
      if (p instanceof Members && p.list === undefined && item.serviceTypes.length === 1) p.list = item.serviceTypes;
      this.services.set(t, p);
    }
    for (const e of item.attributes) {
      let node = this.types.get(e.type);
      if (node === undefined) this.types.set(e.type, (node = { type: e.type, all: undefined, empty: undefined, fields: new Map() }));
      node.all = AttributeIndex.added(node.all, member, e.type);
      const keys = Object.keys(e.fields);
      if (keys.length === 0 && node.empty === undefined) node.empty = e;
      for (const k of keys) {
        let values = node.fields.get(k);
        if (values === undefined) node.fields.set(k, (values = new Map()));
        const v = e.fields[k];
        const p = AttributeIndex.added(values.get(v), member, v);
        if (p instanceof Members && p.entry === undefined && keys.length === 1) p.entry = e;
        values.set(v, p);
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

  /**
   * Makes the new item share what the indexed items already hold where it is equal: the
   * same service-type list when it names one type, the same entry object for an entry
   * with one field (lama.Role{role: 'cache'}) or none, and otherwise the same type-name and
   * field-value strings. Every replacement is by an equal value (=== on strings cannot tell
   * them apart, so strings are swapped unconditionally); the item's content does not
   * change, only how many copies of it the heap holds. Items are immutable, so sharing
   * their parts is safe. Call it on a new item before add().
   */
  intern(item: ServiceItem): void {
    const types = item.serviceTypes;
    if (types.length === 1) {
      const t = types[0];
      const p = this.services.get(t);
      const list = p === undefined ? undefined : p instanceof Members ? p.list : p.item.serviceTypes.length === 1 ? p.item.serviceTypes : undefined;
      if (list !== undefined) item.serviceTypes = list;
    }
    if (item.serviceTypes === types) {
      for (let i = 0; i < types.length; i++) {
        const t = types[i];
        const p = this.services.get(t);
        types[i] = p === undefined ? t : p instanceof Members ? p.key : (p.item.serviceTypes.find((x) => x === t) ?? t);
      }
    }
    const attrs = item.attributes;
    for (let i = 0; i < attrs.length; i++) {
      const e = attrs[i];
      const node = this.types.get(e.type);
      if (node === undefined) continue;
      const type = node.type;
      const keys = Object.keys(e.fields);
      if (keys.length <= 1) {
        const shared = keys.length === 0 ? node.empty : AttributeIndex.singleFieldEntry(node.fields.get(keys[0])?.get(e.fields[keys[0]]), type, keys[0], e.fields[keys[0]]);
        if (shared !== undefined) {
          attrs[i] = shared;
          continue;
        }
      }
      e.type = type;
      for (const k of keys) {
        const v = e.fields[k];
        const p = node.fields.get(k)?.get(v);
        if (p === undefined) continue;
        if (p instanceof Members) e.fields[k] = p.key;
        else for (const x of p.item.attributes) if (x.type === type && x.fields[k] === v) e.fields[k] = x.fields[k];
      }
    }
  }

  /** An indexed entry equal to {type: {k: v}}, if the members of p hold one. */
  private static singleFieldEntry(p: Posting<Indexed> | undefined, type: string, k: string, v: string): Entry | undefined {
    if (p === undefined) return undefined;
    if (p instanceof Members) return p.entry;
    for (const x of p.item.attributes) if (x.type === type && x.fields[k] === v && isSingleField(x)) return x;
    return undefined;
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
   * A superset of the members that can match the template and its size, or undefined when
   * the template constrains nothing indexable (then every item is a candidate).
   */
  candidates(template: ServiceTemplate): { members: Iterable<M>; size: number } | undefined {
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
    if (best === undefined) return { members: NO_MEMBERS, size: 0 };
    return { members: best instanceof Members ? best : [best], size: bestSize };
  }

  /**
   * True when candidates(template) holds exactly the members that match it: the template
   * (without a service ID) sets one service type, or one entry with at most one field, and
   * nothing else. Then the candidates need no matches() check and their number is the total.
   */
  static exact(template: ServiceTemplate): boolean {
    const types = template.serviceTypes?.length ?? 0;
    const entries = template.attributes?.length ?? 0;
    if (template.serviceId || types + entries !== 1) return false;
    if (types === 1) return true;
    let fields = 0;
    for (const k in template.attributes![0].fields) if (Object.prototype.hasOwnProperty.call(template.attributes![0].fields, k)) fields++;
    return fields <= 1;
  }
}
