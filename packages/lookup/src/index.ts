// @lama/lookup: the Jini layer of LAMA.
export { systemClock, VirtualClock, type Clock, type Timer } from './time/clock.js';
export { delay, every } from './time/timers.js';
export { writeFileDurably } from './files/durable-file.js';
export type { Startable } from './lifecycle/startable.js';
export { IPV4_SOURCE, IPV6_SOURCE, PORT_SOURCE, parseHostPort, isHostPort, formatHostPort, type HostPort } from './vocabulary/host-port.js';
export { GROUP, checkGroup } from './vocabulary/group.js';
export { MEMBER, parseMembers, formatMembers, type Member } from './vocabulary/members.js';
export { MOUNT, RELAY_FROM, parseRelayFrom, type RelayTarget } from './vocabulary/relay-from.js';
export {
  LamaError, CredentialError, PermissionError, InvalidArgumentError, UnknownLeaseError, UnknownServiceError, DiscoveryRejection, NotStartedError, InternalError, LimitError,
  ConfigurationError, RpcError, LOOKUP_ERRORS, registerErrors, rebuildError, type ErrorEntry, type LamaErrorClass, type WireStatus,
} from './errors.js';
export {
  ROLES, DEFAULT_VALID_DAYS, createPoolKey, issueCredential, parseRoles, credentialFromFile, credentialToFile, withX509,
  type Role, type Certificate, type Credential, type CredentialFile, type IssueOptions, type X509Pair,
} from './credentials/certificate.js';
export { revoke, verifyRevocations, RevocationSet, type RevocationList, type SignedRevocations } from './credentials/revocation.js';
export { makeCallProof, requestDigest, CALL_PROOF_WINDOW_MS, type Audience } from './credentials/call-proof.js';
export { poolCertificatePem, peerIdentity, type PeerIdentity } from './credentials/x509.js';
export {
  writePoolKey, readPoolKey, writeCredential, loadCredential, recordIssued, readIssued, readRevocations, readRevocationFile, writeRevocations,
  POOL_KEY_FILE, POOL_PUBLIC_FILE, ISSUED_FILE, REVOCATIONS_FILE, type IssuedRecord,
} from './credentials/key-files.js';
export { CredentialVerifier, ProofSource, makeProof, requireRole, PROOF_WINDOW_MS, type Principal } from './credentials/verifier.js';
export { generateKeyPair, type KeyPair } from './credentials/ed25519.js';
export { toB64u, fromB64u } from './credentials/encoding.js';
export { signDocument, verifyDocument, type SignedDocument, type VerifiedDocument, type DocumentExpectation } from './credentials/signed-document.js';
export { LIMITS, normalizeItem, normalizeTemplate, newServiceId, type Entry, type ServiceItem, type ServiceTemplate } from './registry/item.js';
export { matches, entryMatches } from './registry/template.js';
export { Registrar, DEFAULT_MAX_LEASE_MS, DEFAULT_OWNER_LIMITS, type RegistrarStats, type Renewal, type Owner, type Change, type LeaseGrant, type RegistrarOptions, type RemovalReason } from './registry/registrar.js';
export { WatchSession, transitionOf, TRANSITIONS, type Transition, type WatchEvent, type WatchSink, type WatchOptions } from './registry/watch-session.js';
export { ExpirySchedule } from './registry/expiry-schedule.js';
export { LookupServer, DEFAULT_LOOKUP_PORT, DEFAULT_ANNOUNCE_INTERVAL_MS, REGISTRAR_SERVICE, type LookupServerOptions, type ExtraService } from './server/lookup-server.js';
export { REGISTRAR_ROLES } from './server/registrar-service.js';
export { RegistrarClient, unicastDiscoverVia, type RegistrarClientOptions, type RenewOutcome, type RemoteWatchEvent, type KeepAliveStream, type WatchParams } from './client/registrar-client.js';
export { credentialInterceptor, CERT_HEADER, PROOF_HEADER, AUDIENCE_HEADER } from './wire/auth.js';
export { RpcServer, type RpcServerOptions, type RpcService } from './rpc/rpc-server.js';
export { RpcClient, type RpcClientOptions, type WireClientClass } from './rpc/rpc-client.js';
export { DEFAULT_LIMITS, currentLimits, type Limits } from './rpc/limits.js';
export { AuthGuard, STREAM_LIMITS, MAX_METADATA_BYTES, type RoleTable, type RejectionHandler, type GuardOptions } from './rpc/auth-guard.js';
export { toServiceError, fromServiceError, describeRemoteError, ERROR_CODE_HEADER, type RemoteError } from './rpc/wire-errors.js';
export { serverCredentials, channelCredentials, defaultTransport, isLoopbackHost, type Transport, type PeerExpectation } from './rpc/transport-security.js';
export { advertisedHost } from './rpc/advertised-host.js';
export { loadProto, protoFile, PROTO_OPTIONS } from './wire/proto.js';
export { MdnsTransport, STANDARD_MDNS, dnsKind, loopbackMdns, normalizeMdns, type MdnsOptions, type Reads } from './discovery/mdns-transport.js';
export { LookupAnnouncer, lookupServiceId, STARTUP_ANNOUNCEMENTS_MS, type AnnouncerStats } from './discovery/lookup-announcer.js';
export { DiscoveryManager, type DiscoveryEvent, type DiscoveryManagerOptions, type DiscoveryStats, type LookupLocator, type UnicastDiscover } from './discovery/discovery-manager.js';
export { SERVICE_TYPE, groupSubtype, discoveryQuery, lookupResponse, lookupFieldsOf, queryFieldsOf } from './discovery/dns-sd.js';
export { signFields, verifyFields, toTxt, fromTxt, DISCOVERY_WINDOW_MS, REJECT_REASONS, type Fields, type RejectReason } from './discovery/signed-fields.js';
export { jitter } from './discovery/jitter.js';
export { LeaseRenewalManager, DEFAULT_RENEW_AT, type Renewer, type LeaseRenewalOptions, type LeaseRenewalEvents } from './join/lease-renewal-manager.js';
export { JoinManager, type JoinManagerOptions, type Registration, type JoinEvents } from './join/join-manager.js';
export { PoolMember, type PoolMemberOptions, type PoolMemberEvents } from './join/pool-member.js';
export { LookupCache, type CachedItem, type CachedLease, type CacheEvent, type LookupCacheOptions } from './join/lookup-cache.js';
export { NAME_ENTRY, ROLE_ENTRY, LIFECYCLE_ENTRY, entryValues } from './registry/conventions.js';
