import { createHash, X509Certificate, type KeyObject } from 'node:crypto';
import { RevocationSet } from './revocation.js';
import { ReplayWindow } from './replay-window.js';
import { DEFAULT_LIMITS, currentLimits } from '../rpc/limits.js';
import { CALL_PROOF_WINDOW_MS, callProofMessage, parseCallProof, type Audience } from './call-proof.js';
import { peerIdentity } from './x509.js';
import { CredentialError, LimitError, PermissionError } from '../errors.js';
import { systemClock, type Clock } from '../time/clock.js';
import { parseCertificateText, type Credential, type Role } from './certificate.js';
import { fromB64u, toB64u } from './encoding.js';
import { PUBLIC_KEY_BYTES, SIGNATURE_BYTES, publicKeyObject, signDetached, verifyDetached } from './ed25519.js';

/** An authenticated caller. */
export interface Principal {
  name: string;
  roles: readonly Role[];
  serial: string;
  notAfter: number;
  notBefore: number;
  publicKey: Uint8Array;
  /** Holder key handle for verifying its proofs and signatures. */
  key: KeyObject;
}

/** How far a proof's timestamp may be from the verifier's clock. */
export const PROOF_WINDOW_MS = 5 * 60_000;
/** How long a holder reuses one proof. */
export const PROOF_REUSE_MS = 60_000;
const PROOF_CONTEXT = 'lama-proof-v1|';
const CACHE_LIMIT = 20_000;
/** Plaintext call proofs remembered at once (each until its proof is stale); beyond it calls are refused. */
export const MAX_CALL_NONCES = 200_000;
/** Longest credential token accepted (a certificate is ~400 characters). */
export const MAX_TOKEN_CHARS = 4096;
/** Bytes the refused-token cache may hold (digests and messages). */
export const REFUSED_CACHE_BYTES = DEFAULT_LIMITS.refusedCacheBytes;

// Verdicts that will never change for these bytes (forged, another pool's): worth remembering.
const forGood = new WeakSet<Error>();
function refusedForGood(message: string): CredentialError {
  const err = new CredentialError(message);
  forGood.add(err);
  return err;
}

function proofMessage(ts: number): Buffer {
  return Buffer.from(PROOF_CONTEXT + ts, 'utf8');
}

/** Makes a proof of possession of the credential's secret key for time ts. */
export function makeProof(credential: Credential, ts: number): string {
  return `${ts}.${toB64u(signDetached(proofMessage(ts), credential.signingKey))}`;
}

/** Hands out proofs for a credential, reusing one for PROOF_REUSE_MS so callers do not sign per call. */
export class ProofSource {
  private current: { ts: number; proof: string } | undefined;
  constructor(private readonly credential: Credential, private readonly clock: Clock = systemClock) {}
  /** A proof valid now. */
  proof(): string {
    const now = this.clock.now();
    if (!this.current || now - this.current.ts > PROOF_REUSE_MS || now < this.current.ts) {
      this.current = { ts: now, proof: makeProof(this.credential, now) };
    }
    return this.current.proof;
  }
}

function setBounded<K, V>(map: Map<K, V>, key: K, value: V): void {
  if (map.size >= CACHE_LIMIT) {
    const oldest = map.keys().next();
    if (!oldest.done) map.delete(oldest.value);
  }
  map.set(key, value);
}

// Certificates verified in this process, keyed by the pool key they were verified against and
// the exact token: shared by every verifier, since the check is a pure function of the two
// (a thousand joiners in one process would otherwise each verify the lookup service's token).
const verifiedCertificates = new Map<string, Principal>();

/**
 * Checks credentials against the pool key. A certificate's signature is verified once per
 * process and cached; revocation and expiry are checked by each verifier on every use; a
 * proof is verified once per distinct proof string.
 */
export class CredentialVerifier {
  private readonly poolKey: KeyObject;
  private readonly poolB64: string;
  // Tokens that failed for good (forged, other pool): refused again without a signature check.
  // Keyed by a digest, not the token, and bounded in bytes, so junk cannot grow it.
  private readonly refused = new Map<string, string>();
  private readonly refusedBudget = currentLimits().refusedCacheBytes;
  private refusedBytes = 0;
  /** Serials this verifier refuses; a newer signed list arrives through update(). */
  readonly revocations: RevocationSet;
  private readonly proofs = new Map<string, number>();
  private readonly peers = new Map<string, Principal>();
  private readonly callNonces = new ReplayWindow(CALL_PROOF_WINDOW_MS, MAX_CALL_NONCES);

  /** With `revocations`, this verifier refuses what that set (shared with its owner's other verifiers) holds. */
  constructor(poolPublicKey: Uint8Array, readonly clock: Clock = systemClock, revocations?: RevocationSet) {
    if (poolPublicKey.length !== PUBLIC_KEY_BYTES) throw new CredentialError('pool public key must be 32 bytes');
    this.poolKey = publicKeyObject(poolPublicKey);
    this.poolB64 = toB64u(poolPublicKey);
    this.revocations = revocations ?? new RevocationSet(poolPublicKey);
  }

  /** The trusted pool public key, base64url. */
  get poolPublicKey(): string {
    return this.poolB64;
  }

  /** Verifies a presented certificate token (signature, pool, validity at `at`, default now) and returns its holder. */
  verifyToken(token: string, at?: number): Principal {
    const cacheKey = `${this.poolB64}|${token}`;
    let principal = verifiedCertificates.get(cacheKey);
    if (!principal) {
      if (token.length > MAX_TOKEN_CHARS) throw new CredentialError(`malformed credential token (over ${MAX_TOKEN_CHARS} characters)`);
      const digest = createHash('sha256').update(token).digest('base64url');
      const known = this.refused.get(digest);
      if (known) throw new CredentialError(known);
      try {
        principal = this.verifyUncached(token);
      } catch (err) {
        if (err instanceof Error && forGood.has(err)) this.remember(digest, err.message);
        throw err;
      }
      setBounded(verifiedCertificates, cacheKey, principal);
    }
    return this.checkValidity(principal, at);
  }

  /** Throws unless the principal is not revoked and was valid at `at` (default now); returns it. */
  checkValidity(principal: Principal, at?: number): Principal {
    if (this.revocations.has(principal.serial)) {
      throw new CredentialError(`credential '${principal.name}' (serial ${principal.serial}) is revoked`);
    }
    const now = at ?? this.clock.now();
    if (now > principal.notAfter) {
      throw new CredentialError(`credential '${principal.name}' expired at ${new Date(principal.notAfter).toISOString()}`);
    }
    if (now < principal.notBefore) {
      throw new CredentialError(`credential '${principal.name}' is not valid before ${new Date(principal.notBefore).toISOString()}`);
    }
    return principal;
  }

  private verifyUncached(token: string): Principal {
    const dot = token.indexOf('.');
    if (dot <= 0) throw new CredentialError('malformed credential token');
    const certBytes = fromB64u(token.slice(0, dot));
    const signature = fromB64u(token.slice(dot + 1), SIGNATURE_BYTES);
    if (!certBytes || !signature) throw new CredentialError('malformed credential token');
    const certificate = parseCertificateText(Buffer.from(certBytes).toString('utf8'));
    if (certificate.pool !== this.poolB64) {
      throw refusedForGood(`credential '${certificate.name}' belongs to another pool (pool key ${certificate.pool.slice(0, 12)}…, expected ${this.poolB64.slice(0, 12)}…)`);
    }
    if (!verifyDetached(certBytes, signature, this.poolKey)) {
      throw refusedForGood(`credential '${certificate.name}' is forged: its signature does not verify against the pool key`);
    }
    const publicKey = fromB64u(certificate.key, PUBLIC_KEY_BYTES) as Uint8Array;
    return {
      name: certificate.name,
      roles: certificate.roles,
      serial: certificate.serial,
      notAfter: Date.parse(certificate.notAfter),
      notBefore: Date.parse(certificate.notBefore),
      publicKey,
      key: publicKeyObject(publicKey),
    };
  }

  private remember(digest: string, message: string): void {
    const cost = digest.length + message.length + 64;
    while (this.refusedBytes + cost > this.refusedBudget && this.refused.size > 0) {
      const [k, v] = this.refused.entries().next().value as [string, string];
      this.refused.delete(k);
      this.refusedBytes -= k.length + v.length + 64;
    }
    this.refused.set(digest, message);
    this.refusedBytes += cost;
  }

  /** Bytes held by the refused-token cache (for tests and limits). */
  get refusedCacheBytes(): number {
    return this.refusedBytes;
  }

  /** Checks that proof shows possession of the principal's secret key within the time window. */
  verifyProof(principal: Principal, proof: string): void {
    const now = this.clock.now();
    const cacheKey = principal.serial + '|' + proof;
    const seen = this.proofs.get(cacheKey);
    const dot = proof.indexOf('.');
    const ts = dot > 0 ? Number(proof.slice(0, dot)) : NaN;
    if (!Number.isSafeInteger(ts)) throw new CredentialError('malformed proof of possession');
    if (Math.abs(now - ts) > PROOF_WINDOW_MS) {
      throw new CredentialError(`proof of possession is stale or from the future (${Math.round((now - ts) / 1000)} s off; clocks must agree within ${PROOF_WINDOW_MS / 1000} s)`);
    }
    if (seen !== undefined) return;
    const signature = fromB64u(proof.slice(dot + 1), SIGNATURE_BYTES);
    if (!signature || !verifyDetached(proofMessage(ts), signature, principal.key)) {
      throw new CredentialError(`proof of possession does not verify for credential '${principal.name}' (wrong secret key)`);
    }
    setBounded(this.proofs, cacheKey, ts);
  }

  /** Checks a call proof: bound to this audience, within ±60 s, signed by the principal, never seen before. */
  verifyCallProof(principal: Principal, proof: string, audience: Audience): void {
    const { ts, nonce, signature } = parseCallProof(proof);
    const now = this.clock.now();
    if (Math.abs(now - ts) > CALL_PROOF_WINDOW_MS) {
      throw new CredentialError(`proof of possession is stale or from the future (${Math.round((now - ts) / 1000)} s off; clocks must agree within ${CALL_PROOF_WINDOW_MS / 1000} s)`);
    }
    // The replay check comes before the signature (cheap refusal); the nonce is recorded only
    // once the signature holds, so a forger cannot burn a real caller's nonce.
    const key = `${principal.serial}|${nonce}`;
    if (this.callNonces.has(key, now)) throw new CredentialError('proof of possession was already used (replayed call)');
    const sig = fromB64u(signature, SIGNATURE_BYTES);
    if (!sig || !verifyDetached(callProofMessage(audience, ts, nonce), sig, principal.key)) {
      throw new CredentialError(`proof of possession does not verify for credential '${principal.name}' (wrong key, or made for another server, method or request)`);
    }
    if (!this.callNonces.add(key, now, ts - now)) throw new LimitError(`too many plaintext calls within ${CALL_PROOF_WINDOW_MS / 1000} s (${this.callNonces.capacity}); use TLS`);
  }

  /** The principal of a TLS peer whose certificate the handshake verified against the pool CA. */
  authenticatePeer(cert: { raw: Buffer; fingerprint256: string }): Principal {
    let principal = this.peers.get(cert.fingerprint256);
    if (!principal) {
      const x509 = new X509Certificate(cert.raw);
      // The handshake already checked the chain; this keeps a misconfigured CA from widening trust.
      if (!x509.verify(this.poolKey)) throw new CredentialError('peer certificate is not signed by the pool key');
      const id = peerIdentity(x509);
      const publicKey = new Uint8Array(Buffer.from((x509.publicKey.export({ format: 'jwk' }) as { x: string }).x, 'base64url'));
      principal = { ...id, publicKey, key: x509.publicKey };
      setBounded(this.peers, cert.fingerprint256, principal);
    }
    return this.checkValidity(principal);
  }

  /** Authenticates a presented token and proof together. */
  authenticate(token: string | undefined, proof: string | undefined): Principal {
    if (!token) throw new CredentialError('no LAMA credential presented');
    const principal = this.verifyToken(token);
    if (!proof) throw new CredentialError('no proof of possession presented with the credential');
    this.verifyProof(principal, proof);
    return principal;
  }
}

/** Throws unless the principal holds one of the roles. */
export function requireRole(principal: Principal, ...roles: Role[]): void {
  if (!roles.some((r) => principal.roles.includes(r))) {
    throw new PermissionError(`role ${roles.map((r) => `'${r}'`).join(' or ')} required; credential '${principal.name}' has ${principal.roles.join(', ')}`);
  }
}
