import type { Command } from 'commander';
import { DiscoveryManager, unicastDiscoverVia, checkGroup, normalizeMdns, type Credential, type MdnsOptions } from '@lama/lookup';
import { collect, hostPort, intArg } from './options.js';

/** Flags every command that discovers or announces takes. */
export interface DiscoveryFlags {
  group?: string[];
  lookup?: string[];
  multicast: boolean;
  mdnsInterface?: string;
  mdnsPort: number;
  mdnsGroup: string;
  mdnsTtl?: number;
}

/** Adds --group, --lookup, --no-multicast and the --mdns-* flags. */
export function addDiscoveryOptions(cmd: Command): Command {
  return cmd
    .option('--group <name>', 'discovery group (repeatable; default: every group when discovering, "default" when serving)', collect)
    .option('--lookup <host:port>', 'unicast locator of a lookup service (repeatable), for where multicast does not reach', (v: string, p: string[] = []) => [...p, hostPort(v)])
    .option('--no-multicast', 'do not use multicast discovery (unicast locators only)')
    .option('--mdns-interface <ipv4>', 'interface address to multicast on (default: every interface; 127.0.0.1 keeps it on this machine)')
    .option('--mdns-port <port>', 'multicast UDP port', intArg(1), 5353)
    .option('--mdns-group <ipv4>', 'multicast group address', '224.0.0.251')
    .option('--mdns-ttl <n>', 'multicast TTL (forced to 1 on a loopback interface)', intArg(1));
}

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
