import type { ChannelOptions } from '@grpc/grpc-js';
import { RpcClient, loadProto, type Credential, type Transport } from '@lama/lookup';
import type { Observable } from 'rxjs';
import type { ProtoGrpcType } from '../generated/deploy.js';
import type { CacheSnapshotReady__Output } from '../generated/lama/deploy/v1/CacheSnapshotReady.js';
import type { DeployerClient as WireClient } from '../generated/lama/deploy/v1/Deployer.js';
import type { DeploymentProgress__Output } from '../generated/lama/deploy/v1/DeploymentProgress.js';
import type { Lifecycle__Output } from '../generated/lama/deploy/v1/Lifecycle.js';
import type { PrepareCacheSnapshotRequest } from '../generated/lama/deploy/v1/PrepareCacheSnapshotRequest.js';
import type { StartDeploymentRequest } from '../generated/lama/deploy/v1/StartDeploymentRequest.js';
// Rebuilding the agent's typed errors (ERR_LIFECYCLE...) needs its codes registered.
import '../errors.js';

export type RemoteLifecycle = Lifecycle__Output;
export type RemoteDeploymentProgress = DeploymentProgress__Output;
export type RemoteCacheSnapshot = CacheSnapshotReady__Output;
export type { StartDeploymentRequest, PrepareCacheSnapshotRequest };

let wire: ProtoGrpcType['lama']['deploy']['v1']['Deployer'] | undefined;
const wireClass = (): ProtoGrpcType['lama']['deploy']['v1']['Deployer'] => (wire ??= loadProto<ProtoGrpcType>('deploy').grpcObject.lama.deploy.v1.Deployer);

/** Promise / Observable client of one agent's Deployer (lama.deploy.v1.Deployer). */
export class DeployerClient extends RpcClient<WireClient> {
  /** `node`: the agent's name; the peer must hold role agent and, when given, this name. */
  constructor(endpoint: string, credential: Credential, timeoutMs = 30_000, o: { node?: string; channelOptions?: ChannelOptions; transport?: Transport } = {}) {
    super(wireClass(), { endpoint, credential, timeoutMs, expect: { name: o.node, role: 'agent' }, channelOptions: o.channelOptions, transport: o.transport });
  }

  /** FREE -> DEPLOYING; resolves at once with the life cycle, progress comes by watch(). */
  startDeployment(request: StartDeploymentRequest): Promise<RemoteLifecycle> {
    return this.unary('StartDeployment', request);
  }

  prepareCacheSnapshot(request: PrepareCacheSnapshotRequest): Promise<RemoteCacheSnapshot> {
    return this.unary('PrepareCacheSnapshot', request);
  }

  /** OPERATIONAL or FAILED -> CLEANING; resolves at once. */
  startCleaning(deploymentId = '', keepCache = false): Promise<RemoteLifecycle> {
    return this.unary('StartCleaning', { deploymentId, keepCache });
  }

  /** The progress now, then every change. */
  watch(): Observable<RemoteDeploymentProgress> {
    return this.serverStream(() => this.wire.WatchDeployment({}));
  }
}
