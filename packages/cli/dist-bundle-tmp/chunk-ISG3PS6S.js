import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  DiscoveryManager,
  checkGroup,
  lazyUnicastDiscover,
  normalizeMdns
} from "./chunk-W74NIISL.js";
import {
  ConfigurationError
} from "./chunk-2F4QKM7O.js";

// packages/cli/dist/src/cli/discovery-from-flags.js
function mdnsFromFlags(f) {
  if (!f.multicast)
    return false;
  return normalizeMdns({ interface: f.mdnsInterface, port: f.mdnsPort, group: f.mdnsGroup, ttl: f.mdnsTtl });
}
function discoveryOptionsFromFlags(f) {
  const mdns = mdnsFromFlags(f);
  if (!mdns && !f.lookup?.length)
    throw new ConfigurationError("--no-multicast needs at least one --lookup HOST:PORT");
  return { groups: (f.group ?? []).map(checkGroup), mdns, locators: f.lookup ?? [] };
}
function discoveryFromFlags(f, credential) {
  return new DiscoveryManager({ credential, ...discoveryOptionsFromFlags(f), unicastDiscover: lazyUnicastDiscover(credential) });
}

export {
  mdnsFromFlags,
  discoveryOptionsFromFlags,
  discoveryFromFlags
};
