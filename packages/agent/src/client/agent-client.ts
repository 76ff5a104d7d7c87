import * as grpc from '@grpc/grpc-js';
import { Observable } from 'rxjs';
import { credentialInterceptor, loadProto, type Credential } from '@lama/lookup';
import type { AgentClient as WireClient } from '../generated/lama/agent/v1/Agent.js';
import type { AdapterStatus__Output } from '../generated/lama/agent/v1/AdapterStatus.js';
import type { NodeStatus__Output } from '../generated/lama/agent/v1/NodeStatus.js';
import type { ProtoGrpcType } from '../generated/agent.js';

export type RemoteNodeStatus = NodeStatus__Output;
export type RemoteAdapterStatus = AdapterStatus__Output;

let wire: ProtoGrpcType['lama']['agent']['v1']['Agent'] | undefined;
// Parsing the proto costs milliseconds; a grand agent makes one client per node.
const wireClass = (): ProtoGrpcType['lama']['agent']['v1']['Agent'] => (wire ??= loadProto<ProtoGrpcType>('agent').grpcObject.lama.agent.v1.Agent);

/** Promise / Observable client of one agent's control API. */
export class AgentClient {
  private readonly client: WireClient;

  constructor(readonly endpoint: string, credential: Credential, private readonly timeoutMs = 30_000) {
    const Ctor = wireClass();
    this.client = new Ctor(endpoint, grpc.credentials.createInsecure(), { interceptors: [credentialInterceptor(credential)] });
  }

  private unary<Res>(method: 'Status' | 'Start' | 'Stop' | 'Set', req: object): Promise<Res> {
    return new Promise((resolve, reject) => {
      const fn = (this.client as unknown as Record<string, (r: object, o: grpc.CallOptions, cb: (e: grpc.ServiceError | null, v?: Res) => void) => void>)[method];
      fn.call(this.client, req, { deadline: Date.now() + this.timeoutMs }, (e, v) => (e ? reject(e) : resolve(v as Res)));
    });
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

  /** Streams the node's status every intervalMs (0: the agent's own interval). */
  watchStatus(intervalMs = 0): Observable<RemoteNodeStatus> {
    return new Observable((subscriber) => {
      const call = this.client.WatchStatus({ intervalMs });
      call.on('data', (s: RemoteNodeStatus) => subscriber.next(s));
      call.on('error', (err: grpc.ServiceError) => { if (err.code !== grpc.status.CANCELLED) subscriber.error(err); });
      call.on('end', () => subscriber.complete());
      return () => call.cancel();
    });
  }

  close(): void {
    this.client.close();
  }
}
