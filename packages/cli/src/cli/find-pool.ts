import { AGENT_SERVICE_TYPE } from '@lama/agent';
import { NAME_ENTRY, RegistrarClient, type Credential, type LookupLocator, type ServiceTemplate } from '@lama/lookup';
import type { DiscoveryFlags } from './discovery-flags.js';
import { discoveryFromFlags } from './discovery-from-flags.js';

/**
 * Discovers lookup services for up to waitMs: stops early once every unicast locator
 * answered (without multicast), or, when `first` is set, once any lookup service is found.
 */
export async function discoverLookups(f: DiscoveryFlags & { waitMs: number }, credential: Credential, first = false): Promise<LookupLocator[]> {
  const dm = discoveryFromFlags(f, credential);
  await dm.start();
  const deadline = Date.now() + f.waitMs;
  while (Date.now() < deadline) {
    if (!f.multicast && dm.lookups.length >= (f.lookup?.length ?? 0)) break;
    if (first && dm.lookups.length > 0) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const found = dm.lookups;
  await dm.stop();
  return found;
}

/** The error when no lookup service answers, saying where discovery looked. */
export function noLookupError(f: DiscoveryFlags & { waitMs: number }): Error {
  const where = f.multicast ? `multicast ${f.mdnsGroup}:${f.mdnsPort} on ${f.mdnsInterface ?? 'every interface'}` : 'no multicast';
  return new Error(`no lookup service found within ${f.waitMs} ms (${where}; locators: ${f.lookup?.join(', ') || 'none'})`);
}

/** The endpoint of the first item matching template in the pool's lookup services; `missing` says what was not found. */
export async function findEndpoint(template: ServiceTemplate, missing: string, f: DiscoveryFlags & { waitMs: number }, credential: Credential): Promise<{ endpoint: string; owner: string }> {
  const lookups = await discoverLookups(f, credential, true);
  if (lookups.length === 0) throw noLookupError(f);
  for (const l of lookups) {
    const c = new RegistrarClient({ endpoint: l.endpoint, expect: { name: l.name }, credential, timeoutMs: 5000 });
    try {
      const r = await c.lookup(template, 1);
      if (r.items[0]?.endpoint) return { endpoint: r.items[0].endpoint, owner: r.items[0].owner };
    } finally {
      c.close();
    }
  }
  throw new Error(`${missing} (asked ${lookups.map((l) => l.name).join(', ')})`);
}

/** The control endpoint of the agent named `node`, found through the pool's lookup services. */
export async function findAgent(node: string, f: DiscoveryFlags & { waitMs: number }, credential: Credential): Promise<string> {
  const template = { serviceTypes: [AGENT_SERVICE_TYPE], attributes: [{ type: NAME_ENTRY, fields: { name: node } }] };
  return (await findEndpoint(template, `node '${node}' is not registered in the pool`, f, credential)).endpoint;
}
