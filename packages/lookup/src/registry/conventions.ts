import type { Entry } from './item.js';

/** Entry type naming a node: lama.Name{name}. */
export const NAME_ENTRY = 'lama.Name';
/** Entry type of one role a node can play: lama.Role{role} (one entry per role). */
export const ROLE_ENTRY = 'lama.Role';
/** Entry type by which an agent publishes its server life cycle (Khnum's Fig. 2): lama.Lifecycle{state, site, version}. */
export const LIFECYCLE_ENTRY = 'lama.Lifecycle';

/** The values of one field across the entries of one type. */
export function entryValues(attributes: readonly Entry[], type: string, field: string): string[] {
  return attributes.filter((e) => e.type === type && e.fields[field] !== undefined).map((e) => e.fields[field]);
}
