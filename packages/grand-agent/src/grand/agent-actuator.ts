import { delay, formatMembers, type Clock } from '@lama/lookup';
import type { Actuator } from '../allocator/actuator.js';
import type { ServiceConfig } from '../config/grand-config.js';
import type { Monitor, MonitoredNode } from '../monitor/monitor.js';
import { DeploymentFailedError, MissingEndpointError, NodeGoneError } from '../errors.js';
import type { DeploymentManager } from '../deploy/deployment-manager.js';
import { lifecycleOf } from '../deploy/lifecycle-entry.js';

/** How the actuator deploys and cleans the nodes of a service with a site. */
export interface SiteDeployment {
  manager: Pick<DeploymentManager, 'deploy' | 'clean' | 'underWay'>;
  /** A released node keeps the site's objects in its cache. */
  keepCache: boolean;
  /** How long a deployed node may take to publish its lama.Endpoint before it joins the dispatcher (default 10 s). */
  endpointWaitMs?: number;
}

/** A dispatcher's members as the pool owns them: IP:PORT → weight, in the order written. */
export type Members = Map<string, number>;

/** Where the service pool keeps the dispatcher's member list it owns. */
export interface MemberStore {
  members(): Members;
  update(next: Members): void;
}

/**
 * Carries out allocations on real agents: Set / Start / Stop go to the service's adapter on
 * the node; the dispatcher is the `param` (default members) of an adapter on the dispatcher
 * node, rewritten whole each time (all or nothing on the agent's side).
 */
export class AgentActuator implements Actuator {
  constructor(
    private readonly service: ServiceConfig,
    private readonly monitor: Monitor,
    private readonly store: MemberStore,
    private readonly clock: Clock,
    private readonly sited?: SiteDeployment,
  ) {
    // Without a site there is nothing to deploy or clean: applyDecision skips the steps.
    if (!service.site || !sited) {
      this.deploy = undefined;
      this.clean = undefined;
    }
  }

  /** Deploys the service's site onto the node (the deployment manager; the partition brake applies). */
  deploy? = async (node: string, started?: (id: string) => void): Promise<void> => {
    const s = this.service.site;
    if (!s || !this.sited) return;
    // An add resumed after a restart: its deployment (resumed too) decides; it is never started twice.
    const open = this.sited.manager.underWay(node);
    if (open) {
      const r = await open;
      if (r.kind !== 'deploy' || r.state !== 'complete') throw new DeploymentFailedError(node, `deployment ${r.id} of ${s.site}`, r.message);
      return;
    }
    // Already running the site (stopped, not yet cleaned): it only needs starting again.
    const l = lifecycleOf(this.node(node).item.attributes);
    if (l?.state === 'OPERATIONAL' && l.site === s.site && (!s.version || l.version === s.version)) return;
    const run = this.sited.manager.deploy({ site: s.site, version: s.version, nodes: [node] });
    started?.(run.deployment.id);
    const r = await run.done;
    if (r.state !== 'complete') throw new DeploymentFailedError(node, `deployment ${r.id} of ${s.site}`, r.message);
  };

  /** Cleans the stopped node back to FREE. */
  clean? = async (node: string, started?: (id: string) => void): Promise<void> => {
    if (!this.sited) return;
    // A release resumed after a restart: its cleaning (resumed too) decides, or it had finished.
    const open = await this.sited.manager.underWay(node)?.catch(() => undefined);
    if (open?.kind === 'clean' && open.state === 'complete') return;
    if (lifecycleOf(this.node(node).item.attributes)?.state === 'FREE') return;
    const run = this.sited.manager.clean({ nodes: [node], keepCache: this.sited.keepCache });
    started?.(run.deployment.id);
    const r = await run.done;
    if (r.state !== 'complete') throw new DeploymentFailedError(node, `cleaning ${r.id}`, r.message);
  };

  private node(name: string): MonitoredNode {
    const n = this.monitor.byName(name);
    if (!n) throw new NodeGoneError(name);
    return n;
  }

  /** The HOST:PORT the dispatcher sends clients to for this node. */
  memberOf(node: MonitoredNode): string {
    const ep = node.serviceEndpoints[this.service.adapter];
    if (!ep) throw new MissingEndpointError(node.name, this.service.adapter);
    return ep;
  }

  async set(node: string, params: Readonly<Record<string, string>>): Promise<void> {
    await this.node(node).client.set(this.service.adapter, { ...params });
  }

  async start(node: string): Promise<void> {
    await this.node(node).client.start(this.service.adapter);
  }

  async stop(node: string): Promise<void> {
    await this.node(node).client.stop(this.service.adapter);
  }

  async addToDispatcher(node: string): Promise<void> {
    if (!this.service.dispatcher) return;
    // A node just deployed publishes its service's lama.Endpoint with its new adapters: the monitor sees it a moment later.
    const waitUntil = this.clock.now() + (this.sited ? this.sited.endpointWaitMs ?? 10_000 : 0);
    while (this.node(node).serviceEndpoints[this.service.adapter] === undefined && this.clock.now() < waitUntil) await delay(this.clock, 100);
    const next = new Map(this.store.members());
    next.set(this.memberOf(this.node(node)), 1);
    await this.writeMembers(next);
  }

  async drainFromDispatcher(node: string): Promise<void> {
    const d = this.service.dispatcher;
    if (!d) return;
    const next = new Map(this.store.members());
    next.delete(this.memberOf(this.node(node)));
    await this.writeMembers(next);
    if (d.drainMs > 0) await delay(this.clock, d.drainMs);
  }

  /** Removes a node that can no longer be asked (its lease expired) from the dispatcher. */
  async forget(member: string): Promise<void> {
    if (!this.service.dispatcher || !this.store.members().has(member)) return;
    const next = new Map(this.store.members());
    next.delete(member);
    await this.writeMembers(next);
  }

  private async writeMembers(next: Members): Promise<void> {
    const d = this.service.dispatcher;
    if (!d) return;
    const dispatcher = this.node(d.node);
    await dispatcher.client.set(d.adapter, { [d.param]: formatMembers([...next].map(([address, weight]) => ({ address, weight }))) });
    this.store.update(next);
  }
}
