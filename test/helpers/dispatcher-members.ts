import { AgentClient } from '@lama/agent';
import type { GrandClient } from '@lama/grand-agent';
import type { Credential } from '@lama/lookup';

/** The member list a dispatcher node's adapter holds now, asked of the node itself (found through the grand agent's view). */
export async function dispatcherMembers(api: GrandClient, controller: Credential, node: string, adapter: string): Promise<string> {
  const ep = (await api.pool()).nodes.find((n) => n.node === node)?.endpoint;
  if (!ep) throw new Error(`${node} is not in the pool`);
  const c = new AgentClient(ep, controller, 5000);
  try {
    return (await c.status()).adapters.find((a) => a.name === adapter)?.params.members ?? '';
  } finally {
    c.close();
  }
}
