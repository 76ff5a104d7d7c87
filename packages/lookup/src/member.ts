// @lama/lookup/member: what a process needs to join the pool, without the server side or the
// gRPC client modules (PoolMember loads those once discovery runs). `lama join` and the daemons'
// start-up import this, not the package index.
export { PoolMember, lazyUnicastDiscover, type PoolMemberOptions, type PoolMemberEvents } from './join/pool-member.js';
export { DiscoveryManager, type DiscoveryEvent, type LookupLocator } from './discovery/discovery-manager.js';
export { normalizeMdns, type MdnsOptions } from './discovery/mdns-transport.js';
export { checkGroup } from './vocabulary/group.js';
export { loadCredential } from './credentials/key-files.js';
export { ConfigurationError } from './errors.js';
export { NAME_ENTRY, ROLE_ENTRY } from './registry/conventions.js';
export type { Entry } from './registry/item.js';
export type { Credential } from './credentials/certificate.js';
