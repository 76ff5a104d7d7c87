import { LIFECYCLE_ENTRY, type Entry } from '@lama/lookup';

export { LIFECYCLE_ENTRY };

/** Fig. 2's states, as deploy.proto names them. */
export type LifecycleStateName = 'FREE' | 'DEPLOYING' | 'OPERATIONAL' | 'CLEANING' | 'FAILED';
const STATES = new Set<string>(['FREE', 'DEPLOYING', 'OPERATIONAL', 'CLEANING', 'FAILED']);

/** A node's life cycle as its lookup item says it. */
export interface NodeLifecycle {
  state: LifecycleStateName;
  site: string;
  version: number;
}

/** The node's lama.Lifecycle entry, or undefined when it has none (or one that does not parse: never trusted as FREE). */
export function lifecycleOf(attributes: readonly Entry[]): NodeLifecycle | undefined {
  const e = attributes.find((a) => a.type === LIFECYCLE_ENTRY);
  if (!e || !STATES.has(e.fields.state ?? '')) return undefined;
  const version = Number(e.fields.version ?? '0');
  return { state: e.fields.state as LifecycleStateName, site: e.fields.site ?? '', version: Number.isInteger(version) && version >= 0 ? version : 0 };
}

/** "OPERATIONAL (site@3)", "FREE", "" without an attribute: how `lama pool` shows a node's state. */
export function lifecycleText(l: NodeLifecycle | undefined): string {
  if (!l) return '';
  return l.site ? `${l.state} (${l.site}@${l.version})` : l.state;
}

/** How a refusal names a node's state. */
export function describeLifecycle(l: NodeLifecycle | undefined): string {
  return lifecycleText(l) || 'without a lama.Lifecycle attribute (an agent without the deployment procedure)';
}
