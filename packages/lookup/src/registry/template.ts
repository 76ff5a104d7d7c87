import type { Entry, ServiceItem, ServiceTemplate } from './item.js';

/** True when the item entry has the template's type and every field the template sets. */
export function entryMatches(template: Entry, entry: Entry): boolean {
  if (template.type !== entry.type) return false;
  for (const k in template.fields) {
    // Jini: a set field must be equal; a field the item's entry lacks cannot equal it.
    if (!Object.prototype.hasOwnProperty.call(entry.fields, k) || entry.fields[k] !== template.fields[k]) return false;
  }
  return true;
}

/** Jini's matching rules: ID equal if set, every type implemented, every template entry matched by some item entry. */
export function matches(template: ServiceTemplate, item: ServiceItem): boolean {
  if (template.serviceId && template.serviceId !== item.serviceId) return false;
  if (template.serviceTypes) {
    for (const t of template.serviceTypes) if (!item.serviceTypes.includes(t)) return false;
  }
  if (template.attributes) {
    for (const te of template.attributes) {
      if (!item.attributes.some((e) => entryMatches(te, e))) return false;
    }
  }
  return true;
}
