import { DiscoveryManager, unicastDiscoverVia, checkGroup, normalizeMdns, type Credential, type MdnsOptions } from '@lama/lookup';
import type { DiscoveryFlags } from './discovery-flags.js';

/** The multicast options the flags describe, or false. */
export function mdnsFromFlags(f: DiscoveryFlags): MdnsOptions | false {
  if (!f.multicast) return false;
  return normalizeMdns({ interface: f.mdnsInterface, port: f.mdnsPort, group: f.mdnsGroup, ttl: f.mdnsTtl });
}

/** A DiscoveryManager configured from the flags. */
export function discoveryFromFlags(f: DiscoveryFlags, credential: Credential): DiscoveryManager {
  const mdns = mdnsFromFlags(f);
  if (!mdns && !f.lookup?.length) throw new Error('--no-multicast needs at least one --lookup HOST:PORT');
  return new DiscoveryManager({
    credential,
    groups: (f.group ?? []).map(checkGroup),
    mdns,
    locators: f.lookup ?? [],
    unicastDiscover: unicastDiscoverVia(credential),
  });
}
