import * as grpc from '@grpc/grpc-js';
import { AgentClient, type RemoteNodeStatus } from '@lama/agent';
import { credentialInterceptor, loadProto, type Credential } from '@lama/lookup';

/**
 * How the bench's callers reach the agent:
 * - 'agentClient': one AgentClient per caller, exactly as a controller would use it. grpc-js
 *   pools subchannels process-wide by target and channel options, and AgentClient takes no
 *   channel options, so all of them share ONE TCP/HTTP-2 connection (counted and reported).
 * - 'ownConnections': per caller, the same generated client, interceptor and call options
 *   AgentClient uses, with 'grpc.use_local_subchannel_pool' so each has its own TCP
 *   connection, as 100 separate monitoring processes would.
 */
export type ConnectionMode = 'agentClient' | 'ownConnections';

export interface Caller {
  status(): Promise<RemoteNodeStatus>;
  /** Streams the status every intervalMs; returns a function that cancels the stream. */
  watch(intervalMs: number, next: (s: RemoteNodeStatus) => void, error: (err: Error) => void): () => void;
  close(): void;
}

interface WireAgent {
  Status(req: object, options: grpc.CallOptions, cb: (err: grpc.ServiceError | null, value?: RemoteNodeStatus) => void): void;
  WatchStatus(req: { intervalMs: number }): grpc.ClientReadableStream<RemoteNodeStatus>;
  close(): void;
}
type WireAgentCtor = new (address: string, credentials: grpc.ChannelCredentials, options: grpc.ClientOptions) => WireAgent;

const TIMEOUT_MS = 30_000;

class SharedConnectionCaller implements Caller {
  private readonly client: AgentClient;

  constructor(endpoint: string, credential: Credential) {
    this.client = new AgentClient(endpoint, credential, TIMEOUT_MS);
  }

  status(): Promise<RemoteNodeStatus> {
    return this.client.status();
  }

  watch(intervalMs: number, next: (s: RemoteNodeStatus) => void, error: (err: Error) => void): () => void {
    const sub = this.client.watchStatus(intervalMs).subscribe({ next, error });
    return () => sub.unsubscribe();
  }

  close(): void {
    this.client.close();
  }
}

let wireCtor: WireAgentCtor | undefined;

class OwnConnectionCaller implements Caller {
  private readonly client: WireAgent;

  constructor(endpoint: string, credential: Credential) {
    wireCtor ??= loadProto<{ lama: { agent: { v1: { Agent: WireAgentCtor } } } }>('agent').grpcObject.lama.agent.v1.Agent;
    this.client = new wireCtor(endpoint, grpc.credentials.createInsecure(), {
      interceptors: [credentialInterceptor(credential)],
      'grpc.use_local_subchannel_pool': 1,
    });
  }

  status(): Promise<RemoteNodeStatus> {
    return new Promise((resolve, reject) => {
      this.client.Status({}, { deadline: Date.now() + TIMEOUT_MS }, (err, v) => (err ? reject(err) : resolve(v as RemoteNodeStatus)));
    });
  }

  watch(intervalMs: number, next: (s: RemoteNodeStatus) => void, error: (err: Error) => void): () => void {
    const call = this.client.WatchStatus({ intervalMs });
    call.on('data', next);
    call.on('error', (err: grpc.ServiceError) => { if (err.code !== grpc.status.CANCELLED) error(err); });
    return () => call.cancel();
  }

  close(): void {
    this.client.close();
  }
}

export function makeCallers(mode: ConnectionMode, n: number, endpoint: string, credential: Credential): Caller[] {
  return Array.from({ length: n }, () => (mode === 'agentClient' ? new SharedConnectionCaller(endpoint, credential) : new OwnConnectionCaller(endpoint, credential)));
}

export const CONNECTION_MODES: Record<ConnectionMode, string> = {
  agentClient: "one AgentClient (@lama/agent) per caller; grpc-js's process-wide subchannel pool puts them all on one TCP/HTTP-2 connection (AgentClient accepts no channel options to prevent it)",
  ownConnections: "per caller the generated lama.agent.v1.Agent client with AgentClient's interceptor (credentialInterceptor) and deadline, plus 'grpc.use_local_subchannel_pool': 1, so each caller has its own TCP connection",
};
