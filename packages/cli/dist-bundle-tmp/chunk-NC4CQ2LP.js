import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  LamaCommand,
  collect,
  hostPort,
  intArg
} from "./chunk-TBSGWFJS.js";
import {
  DEFAULT_LIMITS
} from "./chunk-532ZK4EG.js";

// packages/cli/dist/src/cli/discovery-flags.js
function addDiscoveryOptions(cmd) {
  return cmd.option("--group <name>", 'discovery group (repeatable; default: every group when discovering, "default" when serving)', collect).option("--lookup <host:port>", "unicast locator of a lookup service (repeatable), for where multicast does not reach", (v, p = []) => [...p, hostPort(v)]).option("--no-multicast", "do not use multicast discovery (unicast locators only)").option("--mdns-interface <ipv4>", "interface address to multicast on (default: every interface; 127.0.0.1 keeps it on this machine)").option("--mdns-port <port>", "multicast UDP port", intArg(1), 5353).option("--mdns-group <ipv4>", "multicast group address", "224.0.0.251").option("--mdns-ttl <n>", "multicast TTL (forced to 1 on a loopback interface)", intArg(1)).option("--max-metadata-bytes <n>", "request metadata a server accepts, in bytes", intArg(1), DEFAULT_LIMITS.maxMetadataBytes).option("--max-streams-per-credential <n>", "open streams one credential may hold on a server", intArg(1), DEFAULT_LIMITS.maxStreamsPerCredential).option("--max-streams-per-connection <n>", "open streams one connection may carry", intArg(1), DEFAULT_LIMITS.maxStreamsPerConnection).option("--refused-cache-bytes <n>", "bytes of refused credential tokens remembered (plaintext mode)", intArg(1), DEFAULT_LIMITS.refusedCacheBytes).option("--min-watch-interval-ms <n>", "shortest WatchStatus interval an agent serves", intArg(1), DEFAULT_LIMITS.minWatchIntervalMs).option("--discovery-nonces <n>", "discovery queries a lookup service remembers within its 30 s window", intArg(1), DEFAULT_LIMITS.discoveryNonces).option("--plaintext", "gRPC without TLS (also LAMA_PLAINTEXT=1): credentials sent with each call, bound to its server, method and request; loopback only, and every process of the pool must agree", false);
}
function clientCommand(name, description, credential, endpoint) {
  const cmd = new LamaCommand(name).description(description).requiredOption("--credential <file>", credential).option(endpoint.flag, endpoint.help, hostPort).option("--wait-ms <n>", "how long to discover lookup services", intArg(1), 2e3).option("--json", "print JSON", false);
  addDiscoveryOptions(cmd);
  return cmd;
}

export {
  addDiscoveryOptions,
  clientCommand
};
