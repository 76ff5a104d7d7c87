import { ConfigurationError, DiscoveryManager, lazyUnicastDiscover, checkGroup, normalizeMdns, type Credential, type MdnsOptions } from '@lama/lookup/member';
import type { DiscoveryFlags } from './discovery-flags.js';

/** The multicast options the flags describe, or false. */
export function mdnsFromFlags(f: DiscoveryFlags): MdnsOptions | false {
  if (!f.multicast) return false;
  return normalizeMdns({ interface: f.mdnsInterface, port: f.mdnsPort, group: f.mdnsGroup, ttl: f.mdnsTtl });
}

/** Where to discover lookup services, from the flags (groups, multicast, unicast locators). */
export function discoveryOptionsFromFlags(f: DiscoveryFlags): { groups: string[]; mdns: MdnsOptions | false; locators: string[] } {
  const mdns = mdnsFromFlags(f);
  if (!mdns && !f.lookup?.length) throw new ConfigurationError('--no-multicast needs at least one --lookup HOST:PORT');
  return { groups: (f.group ?? []).map(checkGroup), mdns, locators: f.lookup ?? [] };
}

/** A DiscoveryManager configured from the flags. */
export function discoveryFromFlags(f: DiscoveryFlags, credential: Credential): DiscoveryManager {
  return new DiscoveryManager({ credential, ...discoveryOptionsFromFlags(f), unicastDiscover: lazyUnicastDiscover(credential) });
}
