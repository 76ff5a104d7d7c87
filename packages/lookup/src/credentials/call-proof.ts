import { createHash, randomBytes } from 'node:crypto';
import { CredentialError } from '../errors.js';
import type { Credential } from './certificate.js';
import { signDetached } from './ed25519.js';
import { toB64u } from './encoding.js';

// Over mutual TLS no proof travels: the handshake proves the key and the channel is private.
// Only the plaintext mode (an explicit flag, loopback only) sends a credential with each call,
// and then its proof names the one server, method and request it is for and is used once:
// whoever captures it can replay it nowhere.

/** How far a call proof's timestamp may be from the verifier's clock, either way. */
export const CALL_PROOF_WINDOW_MS = 60_000;
const CONTEXT = 'lama-call-v2';

/** What a call proof is bound to. */
export interface Audience {
  /** The name in the server's credential. */
  server: string;
  /** The gRPC method path, e.g. /lama.agent.v1.Agent/Stop. */
  method: string;
  /** base64url sha256 of the serialized request; '' for streams the client writes to. */
  request: string;
}

/** The digest a proof carries for a serialized request. */
export function requestDigest(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64url');
}

/** The exact bytes a call proof signs. */
export function callProofMessage(audience: Audience, ts: number, nonce: string): Buffer {
  return Buffer.from(`${CONTEXT}|${audience.server}|${audience.method}|${audience.request}|${ts}|${nonce}`, 'utf8');
}

/** A proof for one call: "2.<ts>.<nonce>.<signature>". */
export function makeCallProof(credential: Credential, audience: Audience, ts: number, nonce = randomBytes(12).toString('base64url')): string {
  return `2.${ts}.${nonce}.${toB64u(signDetached(callProofMessage(audience, ts, nonce), credential.signingKey))}`;
}

/** A call proof's parts; throws CredentialError when it is not one. */
export function parseCallProof(proof: string): { ts: number; nonce: string; signature: string } {
  const parts = proof.split('.');
  if (parts.length !== 4 || parts[0] !== '2') {
    throw new CredentialError(parts.length === 2 ? 'proof of possession is the old unbound form (lama-proof-v1); this server needs a call-bound proof: upgrade the client' : 'malformed proof of possession');
  }
  const ts = Number(parts[1]);
  if (!Number.isSafeInteger(ts) || !/^[A-Za-z0-9_-]{16}$/.test(parts[2])) throw new CredentialError('malformed proof of possession');
  return { ts, nonce: parts[2], signature: parts[3] };
}
