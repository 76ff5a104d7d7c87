import type { Decision } from './decision.js';

/** The control calls an allocation needs; the grand agent implements them over the agents' Set/Start/Stop and the dispatcher. */
export interface Actuator {
  /** Set the service's server parameters on a node (the paper's S-CP, e.g. RelayFrom). */
  set(node: string, params: Readonly<Record<string, string>>): Promise<void>;
  start(node: string): Promise<void>;
  /** Add the node to the dispatcher's back-end list (D-CP). */
  addToDispatcher(node: string): Promise<void>;
  /** Take the node out of the dispatcher and wait until its connections have drained. */
  drainFromDispatcher(node: string): Promise<void>;
  stop(node: string): Promise<void>;
  /** Deploy the service's site onto a FREE node (Khnum), before anything else; absent for a service without a site. `started` gets the deployment's id. */
  deploy?(node: string, started?: (id: string) => void): Promise<void>;
  /** Clean a stopped node back to FREE, last; absent for a service without a site. `started` gets the cleaning's id. */
  clean?(node: string, started?: (id: string) => void): Promise<void>;
}

/**
 * Carries out an add or release in the only safe order: a node is deployed first (when the
 * service has a site), joins the dispatcher last, once it is configured and running, and
 * leaves it first, before it stops and is cleaned. Holds and dry runs do nothing. A failing
 * step rejects, leaving the later steps undone. `onDeployment` learns the id of the deployment
 * or cleaning a step starts.
 */
export async function applyDecision(d: Pick<Decision, 'action' | 'node' | 'dryRun'>, actuator: Actuator, serverParams: Readonly<Record<string, string>>, onDeployment?: (id: string) => void): Promise<void> {
  if (d.dryRun || d.node === undefined) return;
  if (d.action === 'add') {
    if (actuator.deploy) await actuator.deploy(d.node, onDeployment);
    if (Object.keys(serverParams).length > 0) await actuator.set(d.node, serverParams);
    await actuator.start(d.node);
    await actuator.addToDispatcher(d.node);
  } else if (d.action === 'release') {
    await actuator.drainFromDispatcher(d.node);
    await actuator.stop(d.node);
    if (actuator.clean) await actuator.clean(d.node, onDeployment);
  }
}
