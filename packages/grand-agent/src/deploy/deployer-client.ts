import { RpcClient, loadProto, type Credential, type Transport } from '@lama/lookup';
import type { Observable } from 'rxjs';
import type { ProtoGrpcType } from '../generated/deploy.js';
import type { DeployerClient as WireClient } from '../generated/lama/deploy/v1/Deployer.js';
import type { CacheSnapshotReady__Output } from '../generated/lama/deploy/v1/CacheSnapshotReady.js';
import type { DeploymentProgress__Output } from '../generated/lama/deploy/v1/DeploymentProgress.js';
import type { Lifecycle__Output } from '../generated/lama/deploy/v1/Lifecycle.js';
import type { PrepareCacheSnapshotRequest } from '../generated/lama/deploy/v1/PrepareCacheSnapshotRequest.js';
import type { StartDeploymentRequest } from '../generated/lama/deploy/v1/StartDeploymentRequest.js';
// Rebuilding the agent's typed errors (FAILED_PRECONDITION of a refused transition...) needs its codes registered.
import '@lama/agent';

export type RemoteLifecycle = Lifecycle__Output;
export type RemoteProgress = DeploymentProgress__Output;
export type RemoteSnapshot = CacheSnapshotReady__Output;
export type { StartDeploymentRequest, PrepareCacheSnapshotRequest };

let wire: ProtoGrpcType['lama']['deploy']['v1']['Deployer'] | undefined;
const wireClass = (): ProtoGrpcType['lama']['deploy']['v1']['Deployer'] => (wire ??= loadProto<ProtoGrpcType>('deploy').grpcObject.lama.deploy.v1.Deployer);

/**
 * The one client of proto/deploy.proto (lama.deploy.v1.Deployer, served by every agent): the
 * seam between the grand agent's deployment manager and the node's deployment procedure.
 */
export class DeployerClient extends RpcClient<WireClient> {
  /** `node`: the agent's name; the peer must hold role agent and, when given, this name. */
  constructor(endpoint: string, credential: Credential, o: { node?: string; timeoutMs?: number; transport?: Transport } = {}) {
    super(wireClass(), { endpoint, credential, timeoutMs: o.timeoutMs ?? 30_000, expect: { name: o.node, role: 'agent' }, transport: o.transport });
  }

  /** FREE → DEPLOYING; the node answers at once, progress comes by watch(). */
  startDeployment(req: StartDeploymentRequest): Promise<RemoteLifecycle> {
    return this.unary('StartDeployment', req);
  }

  /** On an OPERATIONAL node of the site: starts the multicast session of its cache snapshot. */
  prepareCacheSnapshot(req: PrepareCacheSnapshotRequest): Promise<RemoteSnapshot> {
    return this.unary('PrepareCacheSnapshot', req);
  }

  /** OPERATIONAL or FAILED → CLEANING; answers at once. */
  startCleaning(deploymentId: string, keepCache: boolean): Promise<RemoteLifecycle> {
    return this.unary('StartCleaning', { deploymentId, keepCache });
  }

  /** The node's progress now, then each change, until unsubscribed. */
  watch(): Observable<RemoteProgress> {
    return this.serverStream(() => this.wire.WatchDeployment({}));
  }
}
