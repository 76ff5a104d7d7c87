import { AgentClient } from '@lama/agent';
import type { Credential } from '@lama/lookup';
import { ConsoleRequestError } from '../errors.js';
import type { ConsoleFeed } from '../feed/console-feed.js';

/** An adapter verb the console performs on an agent. */
export type AdapterVerb = 'start' | 'stop' | 'set';

/** What the console does on behalf of a controller session, with the console's own credential. */
export class ConsoleActions {
  constructor(private readonly credential: Credential, private readonly feed: ConsoleFeed, private readonly timeoutMs = 15_000) {}

  /** Start, Stop or Set an adapter on a node of the pool view; resolves to the adapter's new status. */
  async adapter(node: string, adapter: string, verb: AdapterVerb, params: Record<string, string> = {}): Promise<unknown> {
    const view = this.feed.node(node);
    if (!view) throw new ConsoleRequestError(`node '${node}' is not in the grand agent's pool`);
    // The peer must be that node: the agent's certificate name is checked before anything is sent.
    const client = new AgentClient(view.endpoint, this.credential, this.timeoutMs, { node });
    try {
      if (verb === 'start') return await client.start(adapter);
      if (verb === 'stop') return await client.stop(adapter);
      return await client.set(adapter, params);
    } finally {
      client.close();
    }
  }

  /** Acknowledges an alert for every browser of this console (the grand agent keeps no acknowledgements). */
  acknowledge(id: number): void {
    if (!this.feed.hasAlert(id)) throw new ConsoleRequestError(`no alert #${id}`);
    this.feed.acknowledge(id);
  }
}
