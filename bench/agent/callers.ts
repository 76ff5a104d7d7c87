import type { ChannelOptions } from '@grpc/grpc-js';
import { AgentClient, type RemoteNodeStatus } from '@lama/agent';
import type { Credential, Transport } from '@lama/lookup';

/**
 * How the bench's callers reach the agent:
 * - 'agentClient': one AgentClient per caller, exactly as a controller would use it. grpc-js
 *   pools subchannels process-wide by target and channel options, and without channel options
 *   all of them share ONE TCP/HTTP-2 connection (counted and reported).
 * - 'ownConnections': one AgentClient per caller with 'grpc.use_local_subchannel_pool', so
 *   each has its own TCP connection, as 100 separate monitoring processes would.
 */
export type ConnectionMode = 'agentClient' | 'ownConnections';

export interface Caller {
  status(): Promise<RemoteNodeStatus>;
  /** Streams the status every intervalMs; returns a function that cancels the stream. */
  watch(intervalMs: number, next: (s: RemoteNodeStatus) => void, error: (err: Error) => void): () => void;
  close(): void;
}

const TIMEOUT_MS = 30_000;

class AgentCaller implements Caller {
  private readonly client: AgentClient;

  constructor(agent: AgentAddress, credential: Credential, channelOptions?: ChannelOptions) {
    // `node`: over TLS the peer must be this agent, over plaintext each call proof is bound to it.
    this.client = new AgentClient(agent.endpoint, credential, TIMEOUT_MS, { node: agent.name, channelOptions, transport: agent.transport });
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

/** Where an agent serves, its name and its transport: what its callers dial. */
export interface AgentAddress {
  endpoint: string;
  name: string;
  transport: Transport;
}

/** `n` callers of the agent, over the transport it serves. */
export function makeCallers(mode: ConnectionMode, n: number, agent: AgentAddress, credential: Credential): Caller[] {
  return Array.from({ length: n }, () => new AgentCaller(agent, credential, mode === 'agentClient' ? undefined : { 'grpc.use_local_subchannel_pool': 1 }));
}

/** Runs `fn` with `n` callers of the agent (makeCallers) and closes them after, however it ends. */
export async function withCallers<T>(mode: ConnectionMode, n: number, agent: AgentAddress, credential: Credential, fn: (callers: Caller[]) => Promise<T>): Promise<T> {
  const callers = makeCallers(mode, n, agent, credential);
  try {
    return await fn(callers);
  } finally {
    for (const c of callers) c.close();
  }
}

export const CONNECTION_MODES: Record<ConnectionMode, string> = {
  agentClient: "one AgentClient (@lama/agent) per caller; grpc-js's process-wide subchannel pool puts them all on one TCP/HTTP-2 connection (AgentClient accepts no channel options to prevent it)",
  ownConnections: "one AgentClient per caller with the channel option 'grpc.use_local_subchannel_pool': 1, so each caller has its own TCP connection",
};
