import type { ChannelOptions } from '@grpc/grpc-js';
import { RpcClient, loadProto, type Credential, type Transport } from '@lama/lookup';
import type { Observable } from 'rxjs';
import type { AgentClient as WireClient } from '../generated/lama/agent/v1/Agent.js';
import type { AdapterStatus__Output } from '../generated/lama/agent/v1/AdapterStatus.js';
import type { NodeStatus__Output } from '../generated/lama/agent/v1/NodeStatus.js';
import type { ProtoGrpcType } from '../generated/agent.js';
// Rebuilding the agent's typed errors needs its codes (and the adapters') registered.
import '../errors.js';

export type RemoteNodeStatus = NodeStatus__Output;
export type RemoteAdapterStatus = AdapterStatus__Output;

let wire: ProtoGrpcType['lama']['agent']['v1']['Agent'] | undefined;
// Parsing the proto costs milliseconds; a grand agent makes one client per node.
const wireClass = (): ProtoGrpcType['lama']['agent']['v1']['Agent'] => (wire ??= loadProto<ProtoGrpcType>('agent').grpcObject.lama.agent.v1.Agent);

/** Promise / Observable client of one agent's control API. */
export class AgentClient extends RpcClient<WireClient> {
  /** `node`: the agent's name; the peer must hold role agent and, when given, this name. */
  constructor(endpoint: string, credential: Credential, timeoutMs = 30_000, o: { node?: string; channelOptions?: ChannelOptions; transport?: Transport } = {}) {
    super(wireClass(), { endpoint, credential, timeoutMs, expect: { name: o.node, role: 'agent' }, channelOptions: o.channelOptions, transport: o.transport });
  }

  status(): Promise<RemoteNodeStatus> {
    return this.unary('Status', {});
  }

  start(adapter: string): Promise<RemoteAdapterStatus> {
    return this.unary('Start', { adapter });
  }

  stop(adapter: string): Promise<RemoteAdapterStatus> {
    return this.unary('Stop', { adapter });
  }

  set(adapter: string, params: Record<string, string>): Promise<RemoteAdapterStatus> {
    return this.unary('Set', { adapter, params });
  }

  /**
   * Streams the node's status every intervalMs (0: the agent's own interval), and sooner, at most
   * every minIntervalMs (0: the agent's 250 ms), when something a decision uses changes (earlyMetrics: the adapter metrics that count).
   */
  watchStatus(intervalMs = 0, o: { minIntervalMs?: number; earlyMetrics?: string[] } = {}): Observable<RemoteNodeStatus> {
    return this.serverStream(() => this.wire.WatchStatus({ intervalMs, minIntervalMs: o.minIntervalMs ?? 0, earlyMetrics: o.earlyMetrics ?? [] }));
  }
}
