import { CredentialError } from '../errors.js';
import { SIGNATURE_BYTES, signDetached, verifyDetached } from './ed25519.js';
import { fromB64u, toB64u } from './encoding.js';
import { requireRole, type CredentialVerifier, type Principal } from './verifier.js';
import type { Credential, Role } from './certificate.js';

/**
 * A document a pool member signed (a site manifest, a transfer manifest): the body's exact JSON
 * text, who signed it (their credential token) and when, and an Ed25519 signature over a
 * message that names the kind, so a signature made for one kind never passes for another.
 */
export interface SignedDocument {
  type: 'lama-signed';
  v: 1;
  kind: string;
  /** The body as signed, kept verbatim (UTF-8 JSON) so no re-serialisation can change it. */
  body: string;
  /** The signer's credential token (certificate and pool signature). */
  signer: string;
  /** When it was signed, ISO time; the signer's credential must have been valid then. */
  signedAt: string;
  signature: string;
}

/** A verified document: its parsed body and its signer. */
export interface VerifiedDocument {
  body: unknown;
  signer: Principal;
  signedAt: number;
}

/** What a verifier demands of a document. */
export interface DocumentExpectation {
  kind: string;
  /** The signer must hold one of these roles (none given: any member). */
  roles?: readonly Role[];
  /** Longest accepted document text, in characters (default 64 MiB). */
  maxChars?: number;
}

const KIND = /^[a-z][a-z0-9.-]{0,63}$/;
// Signatures stamped this far ahead of the verifier's clock are still accepted (clock skew).
const FUTURE_SLACK_MS = 5 * 60_000;

function message(kind: string, signedAt: string, body: string): Buffer {
  return Buffer.from(`lama-doc-v1|${kind}|${signedAt}|${body}`, 'utf8');
}

/** Signs body (any JSON value) as a document of this kind with the holder's key. */
export function signDocument(credential: Credential, kind: string, body: unknown, now = Date.now()): SignedDocument {
  if (!KIND.test(kind)) throw new CredentialError(`document kind '${kind}' must be lowercase letters, digits, '.' and '-'`);
  const text = JSON.stringify(body);
  const signedAt = new Date(now).toISOString();
  const signature = signDetached(message(kind, signedAt, text), credential.signingKey);
  return { type: 'lama-signed', v: 1, kind, body: text, signer: credential.token, signedAt, signature: toB64u(signature) };
}

/**
 * Verifies a document parsed from untrusted JSON: its shape, its kind, the signer's credential
 * against the pool key (valid when it signed, not revoked now), the signer's role, and the
 * signature. Throws CredentialError naming what failed; nothing of the body is trusted before.
 */
export function verifyDocument(verifier: CredentialVerifier, value: unknown, expect: DocumentExpectation): VerifiedDocument {
  if (typeof value !== 'object' || value === null) throw new CredentialError('signed document is not a JSON object');
  const d = value as Record<string, unknown>;
  if (d.type !== 'lama-signed' || d.v !== 1) throw new CredentialError("not a LAMA signed document (fields 'type' and 'v')");
  for (const field of ['kind', 'body', 'signer', 'signedAt', 'signature'] as const) {
    if (typeof d[field] !== 'string') throw new CredentialError(`signed document field '${field}' is missing or not a string`);
  }
  const doc = d as unknown as SignedDocument;
  if (doc.kind !== expect.kind) throw new CredentialError(`signed document is a '${doc.kind}', expected a '${expect.kind}'`);
  const max = expect.maxChars ?? 64 * 1024 * 1024;
  if (doc.body.length > max) throw new CredentialError(`signed document body is over ${max} characters`);
  const signedAt = Date.parse(doc.signedAt);
  if (Number.isNaN(signedAt)) throw new CredentialError("signed document field 'signedAt' is not an ISO time");
  if (signedAt > verifier.clock.now() + FUTURE_SLACK_MS) throw new CredentialError(`signed document is dated in the future (${doc.signedAt})`);
  const signer = verifier.verifyToken(doc.signer, signedAt);
  if (expect.roles && expect.roles.length > 0) requireRole(signer, ...expect.roles);
  const signature = fromB64u(doc.signature, SIGNATURE_BYTES);
  if (!signature || !verifyDetached(message(doc.kind, doc.signedAt, doc.body), signature, signer.key)) {
    throw new CredentialError(`signed document does not verify: its body or date was changed after '${signer.name}' signed it, or another key signed it`);
  }
  let body: unknown;
  try {
    body = JSON.parse(doc.body);
  } catch {
    throw new CredentialError('signed document body is not valid JSON');
  }
  return { body, signer, signedAt };
}
