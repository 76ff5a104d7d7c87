import { RpcClient, loadProto, type Credential } from '@lama/lookup';
import type { Observable } from 'rxjs';
import type { Alert } from '../alerts/alert.js';
import type { ProtoGrpcType } from '../generated/grand.js';
import type { GrandClient as WireClient } from '../generated/lama/grand/v1/Grand.js';
import type { PoolView__Output } from '../generated/lama/grand/v1/PoolView.js';
import { alertFromWire, decisionFromWire, type DecisionJson } from './grand-wire.js';
import { deploymentFromWire, type DeploymentJson } from './deployment-wire.js';
import type { Deployment__Output } from '../generated/lama/grand/v1/Deployment.js';
// Rebuilding the grand agent's typed errors needs its codes registered.
import '../errors.js';

export type RemotePool = PoolView__Output;

let wire: ProtoGrpcType['lama']['grand']['v1']['Grand'] | undefined;
const wireClass = (): ProtoGrpcType['lama']['grand']['v1']['Grand'] => (wire ??= loadProto<ProtoGrpcType>('grand').grpcObject.lama.grand.v1.Grand);

/** Promise / Observable client of a grand agent's API. */
export class GrandClient extends RpcClient<WireClient> {
  /** `name`: the grand agent's credential name; the peer must hold role controller (every grand agent does, with or without its embedded lookup service) and, when given, this name. */
  constructor(endpoint: string, credential: Credential, timeoutMs = 10_000, name?: string) {
    super(wireClass(), { endpoint, credential, timeoutMs, expect: { name, role: 'controller' } });
  }

  async alerts(afterId = 0): Promise<Alert[]> {
    const r = await this.unary<{ alerts: Parameters<typeof alertFromWire>[0][] }>('ListAlerts', { afterId });
    return r.alerts.map(alertFromWire);
  }

  async decisions(o: { service?: string; actionsOnly?: boolean; sinceMs?: number } = {}): Promise<DecisionJson[]> {
    const r = await this.unary<{ decisions: Parameters<typeof decisionFromWire>[0][] }>('ListDecisions', o);
    return r.decisions.map(decisionFromWire);
  }

  pool(): Promise<RemotePool> {
    return this.unary('Pool', {});
  }

  /** The pool view every intervalMs (0: the grand agent's 2 s), the first at once. */
  watchPool(intervalMs = 0): Observable<RemotePool> {
    return this.serverStream(() => this.wire.WatchPool({ intervalMs }));
  }

  /** Decisions as they are recorded (after replaying those at or after sinceMs; -1 replays none). */
  watchDecisions(sinceMs = -1): Observable<DecisionJson> {
    return this.serverStream(() => this.wire.WatchDecisions({ sinceMs }), decisionFromWire);
  }

  /** Deploys SITE[@VERSION] onto FREE nodes: the deployment at every change, completing when it ends. */
  deploy(req: { site: string; version?: number; nodes: string[]; storeUrl?: string }): Observable<DeploymentJson> {
    return this.serverStream(() => this.wire.Deploy({ site: req.site, version: req.version ?? 0, nodes: req.nodes, storeUrl: req.storeUrl ?? '' }), deploymentFromWire);
  }

  /** Cleans nodes back to FREE: the cleaning at every change, completing when it ends. */
  clean(nodes: string[], keepCache = false): Observable<DeploymentJson> {
    return this.serverStream(() => this.wire.Clean({ nodes, keepCache }), deploymentFromWire);
  }

  /** The deployments and cleanings kept, oldest first. */
  async deployments(site = ''): Promise<DeploymentJson[]> {
    const r = await this.unary<{ deployments: Deployment__Output[] }>('ListDeployments', { site });
    return r.deployments.map(deploymentFromWire);
  }

  /** Each deployment and cleaning at every change (after replaying every kept one when replay is set). */
  watchDeployments(replay = false): Observable<DeploymentJson> {
    return this.serverStream(() => this.wire.WatchDeployments({ replay }), deploymentFromWire);
  }

  /** New alerts as they are raised (after replaying those with id > afterId; -1 replays none). */
  watchAlerts(afterId = -1): Observable<Alert> {
    return this.serverStream(() => this.wire.WatchAlerts({ afterId }), alertFromWire);
  }
}
