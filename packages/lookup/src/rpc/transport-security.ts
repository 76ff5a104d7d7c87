import { createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { createSecureContext, type SecureContext } from 'node:tls';
import * as grpc from '@grpc/grpc-js';
import type { experimental } from '@grpc/grpc-js';
import type { Credential, Role } from '../credentials/certificate.js';
import { CredentialError, ConfigurationError } from '../errors.js';
import { rolesOf } from '../credentials/x509.js';
import { parseHostPort } from '../vocabulary/host-port.js';

// The one place each side's transport security is chosen. Mutual TLS is the default: both
// ends present their pool-issued X.509 certificate, verify the other's against the pool CA,
// and the client also checks that the peer is the node it meant. Plaintext exists for
// loopback experiments only and must be asked for (LAMA_PLAINTEXT=1 or --plaintext).

/** How a channel is protected. */
export type Transport = 'tls' | 'plaintext';

/** The transport this process uses unless told otherwise: TLS, or plaintext when LAMA_PLAINTEXT=1. */
export function defaultTransport(): Transport {
  const v = process.env.LAMA_PLAINTEXT;
  if (v === undefined || v === '' || v === '0' || v === 'false') return 'tls';
  if (v === '1' || v === 'true') return 'plaintext';
  throw new ConfigurationError(`LAMA_PLAINTEXT='${v}' is neither 1/true (plaintext on loopback) nor 0/false (TLS)`);
}

/** True for 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

function requireLoopback(endpoint: string, side: string): void {
  const parsed = parseHostPort(endpoint);
  if (!parsed || !isLoopbackHost(parsed.host)) {
    throw new ConfigurationError(`plaintext gRPC is allowed on loopback only; ${side} ${endpoint} is not on 127.0.0.0/8 or ::1 (use TLS: the default)`);
  }
}

interface TlsMaterial {
  key: Buffer;
  cert: Buffer;
  ca: Buffer;
  /** The client side's TLS context, made once: a grand agent dials a thousand agents with one credential. */
  clientContext?: SecureContext;
}

const material = new WeakMap<Credential, TlsMaterial>();
// The pool CA's public key by its PEM: every credential of a pool names the same one, and
// parsing it again for each (~0.2 ms) added up in a process holding a thousand credentials.
const poolCaKeys = new Map<string, KeyObject>();

function poolCaKey(pem: string): KeyObject {
  let key = poolCaKeys.get(pem);
  if (!key) {
    key = new X509Certificate(pem).publicKey;
    if (poolCaKeys.size >= 16) poolCaKeys.clear();
    poolCaKeys.set(pem, key);
  }
  return key;
}

function tlsMaterial(credential: Credential): TlsMaterial {
  // Refused here with the reason, rather than by the peer with a bare handshake failure.
  const c = credential.certificate;
  const now = Date.now();
  if (now > Date.parse(c.notAfter)) throw new CredentialError(`credential '${c.name}' expired at ${c.notAfter}`);
  if (now < Date.parse(c.notBefore)) throw new CredentialError(`credential '${c.name}' is not valid before ${c.notBefore}`);
  let m = material.get(credential);
  if (!m) {
    if ((createPublicKey(credential.signingKey).export({ format: 'jwk' }) as { x?: string }).x !== c.key) {
      throw new CredentialError(`credential '${c.name}': the secret key does not belong to the certificate`);
    }
    if (credential.x509 && !new X509Certificate(credential.x509.certificate).verify(poolCaKey(credential.x509.pool))) {
      throw new CredentialError(`credential '${c.name}': its X.509 certificate is not signed by its pool key (forged)`);
    }
    if (!credential.x509) {
      throw new CredentialError(
        `credential '${credential.certificate.name}' has no X.509 certificate (it was issued before TLS): ` +
        'upgrade it with `lama keys upgrade --dir POOL_DIR FILE`, or run on loopback with --plaintext',
      );
    }
    m = {
      key: Buffer.from(credential.signingKey.export({ format: 'pem', type: 'pkcs8' }) as string),
      cert: Buffer.from(credential.x509.certificate),
      ca: Buffer.from(credential.x509.pool),
    };
    material.set(credential, m);
  }
  return m;
}

/** The credentials a LAMA gRPC server listens with on `listen`. */
export function serverCredentials(credential: Credential, transport: Transport, listen: string): grpc.ServerCredentials {
  if (transport === 'plaintext') {
    requireLoopback(listen, 'listen address');
    return grpc.ServerCredentials.createInsecure();
  }
  const m = tlsMaterial(credential);
  // The server asks every client for a certificate but lets the handshake finish without a
  // valid one, so that a caller who is not a pool member gets UNAUTHENTICATED with a reason
  // rather than a bare connection failure; no handler runs for it (see AuthGuard).
  const provider = staticProvider(m);
  return grpc.experimental.createCertificateProviderServerCredentials(provider, provider, false);
}

type CertificateProvider = experimental.CertificateProvider;

// One provider object serves both roles (the server's identity and the CA it trusts) and
// never changes, so grpc-js's two argument orders cannot be confused. It answers on a later
// tick: grpc-js 1.14 subscribes to providers before it registers the server's watcher, so an
// answer given at once would be lost and every connection dropped.
function staticProvider(m: TlsMaterial): CertificateProvider {
  return {
    addCaCertificateListener: (l) => queueMicrotask(() => l({ caCertificate: m.ca })),
    removeCaCertificateListener: () => undefined,
    addIdentityCertificateListener: (l) => queueMicrotask(() => l({ certificate: m.cert, privateKey: m.key })),
    removeIdentityCertificateListener: () => undefined,
  };
}

const TLS_CALL = Symbol('lama.tlsCall');

/** Marks a call as arriving on a TLS server, so the guard never takes header credentials on it. */
export function markTlsCall(call: object): void {
  (call as Record<symbol, boolean>)[TLS_CALL] = true;
}

/** True when the call came in on a TLS server. */
export function isTlsCall(call: object): boolean {
  return (call as Record<symbol, boolean>)[TLS_CALL] === true;
}

/** Who the client means to reach: the peer's credential name and/or a role it must hold. */
export interface PeerExpectation {
  name?: string;
  role?: Role;
}

/** Why a peer certificate is not the expected one, or undefined when it is. */
export function peerMismatch(cert: { subject?: { CN?: string | string[] }; subjectaltname?: string }, expect: PeerExpectation): string | undefined {
  const cn = cert.subject?.CN;
  const name = Array.isArray(cn) ? cn[0] : cn;
  if (expect.name !== undefined && name !== expect.name) return `peer is '${name ?? '?'}', not '${expect.name}'`;
  if (expect.role !== undefined && !rolesOf(cert.subjectaltname).includes(expect.role)) {
    return `peer '${name ?? '?'}' does not hold role '${expect.role}'`;
  }
  return undefined;
}

/** Channel credentials and options to dial endpoint, verifying the peer against the pool and `expect`. */
export function channelCredentials(credential: Credential, transport: Transport, endpoint: string, expect: PeerExpectation = {}): { credentials: grpc.ChannelCredentials; options: grpc.ChannelOptions } {
  if (transport === 'plaintext') {
    requireLoopback(endpoint, 'endpoint');
    return { credentials: grpc.credentials.createInsecure(), options: {} };
  }
  const m = tlsMaterial(credential);
  // One context per credential: making one (key, certificate, CA) was a tenth of the CPU of a
  // process dialling a thousand peers, and each held its own copy.
  m.clientContext ??= createSecureContext({ ca: m.ca, key: m.key, cert: m.cert });
  const credentials = grpc.credentials.createFromSecureContext(m.clientContext, {
    // Runs after OpenSSL has verified the chain to the pool CA: the peer is a pool member;
    // this makes sure it is the member we meant before any request is sent.
    checkServerIdentity: (_host, cert) => {
      const why = peerMismatch(cert, expect);
      return why ? new CredentialError(`refusing ${endpoint}: ${why}`) : undefined;
    },
  });
  return {
    credentials,
    options: {
      // The TLS server name is a LAMA name, not the IP we dial (SNI may not carry an IP address).
      'grpc.ssl_target_name_override': expect.name ?? 'lama-pool',
      // These credentials (a fresh checkServerIdentity) never equal another channel's, so grpc-js's
      // global pool could never share a subchannel; it would only compare each new channel with
      // every channel to the same target: quadratic for a thousand clients of one lookup service.
      'grpc.use_local_subchannel_pool': 1,
    },
  };
}
