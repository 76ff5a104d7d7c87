import type { Entry } from './item.js';

/** Entry type naming a node: lama.Name{name}. */
export const NAME_ENTRY = 'lama.Name';
/** Entry type of one role a node can play: lama.Role{role} (one entry per role). */
export const ROLE_ENTRY = 'lama.Role';

/** The values of one field across the entries of one type. */
export function entryValues(attributes: readonly Entry[], type: string, field: string): string[] {
  return attributes.filter((e) => e.type === type && e.fields[field] !== undefined).map((e) => e.fields[field]);
}
