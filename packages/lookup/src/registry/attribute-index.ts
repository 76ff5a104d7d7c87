import type { ServiceItem, ServiceTemplate } from './item.js';

// Index keys: "s" service type, "t" entry type, "f" entry type + field + value.
// NUL cannot appear in a type or field name, so the keys do not collide.
function itemKeys(item: ServiceItem): Set<string> {
  const keys = new Set<string>();
  for (const t of item.serviceTypes) keys.add('s\0' + t);
  for (const e of item.attributes) {
    keys.add('t\0' + e.type);
    for (const k in e.fields) keys.add('f\0' + e.type + '\0' + k + '\0' + e.fields[k]);
  }
  return keys;
}

function templateKeys(template: ServiceTemplate): string[] {
  const keys: string[] = [];
  for (const t of template.serviceTypes ?? []) keys.push('s\0' + t);
  for (const e of template.attributes ?? []) {
    keys.push('t\0' + e.type);
    for (const k in e.fields) keys.push('f\0' + e.type + '\0' + k + '\0' + e.fields[k]);
  }
  return keys;
}

/**
 * Maps each service type, entry type and (entry type, field, value) to the IDs holding it,
 * so a lookup scans only the smallest candidate set instead of every item. A key held by
 * one item (every lama.Name, typically) maps to that ID itself; a Set is made only when a
 * second item shares the key, which saves a Set per unique attribute value.
 */
export class AttributeIndex {
  private readonly sets = new Map<string, string | Set<string>>();

  add(item: ServiceItem): void {
    const id = item.serviceId;
    for (const k of itemKeys(item)) {
      const s = this.sets.get(k);
      if (s === undefined) this.sets.set(k, id);
      else if (typeof s === 'string') {
        if (s !== id) this.sets.set(k, new Set([s, id]));
      } else s.add(id);
    }
  }

  remove(item: ServiceItem): void {
    const id = item.serviceId;
    for (const k of itemKeys(item)) {
      const s = this.sets.get(k);
      if (s === undefined) continue;
      if (typeof s === 'string') {
        if (s === id) this.sets.delete(k);
      } else {
        s.delete(id);
        // Back to a plain ID when one member is left.
        if (s.size === 1) this.sets.set(k, s.values().next().value as string);
      }
    }
  }

  /**
   * A superset of the IDs that can match the template, or undefined when the template
   * constrains nothing indexable (then every item is a candidate).
   */
  candidates(template: ServiceTemplate): Iterable<string> | undefined {
    let best: Set<string> | undefined;
    for (const k of templateKeys(template)) {
      const s = this.sets.get(k);
      if (s === undefined) return [];
      if (typeof s === 'string') return [s];
      if (!best || s.size < best.size) best = s;
    }
    return best;
  }
}
