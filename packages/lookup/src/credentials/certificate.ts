import { randomBytes, X509Certificate } from 'node:crypto';
import { CredentialError } from '../errors.js';
import { fromB64u, toB64u } from './encoding.js';
import { PUBLIC_KEY_BYTES, SECRET_KEY_BYTES, SIGNATURE_BYTES, generateKeyPair, privateKeyObject, publicKeyOf, signDetached, type KeyPair } from './ed25519.js';
import type { KeyObject } from 'node:crypto';
import { holderCertificatePem, peerIdentity, poolCertificatePem } from './x509.js';
import { DEFAULT_VALID_DAYS } from '../constants.js';

import { ROLES, type Role } from '../constants.js';

export { ROLES, type Role };

/** What the pool key signs: who the holder is, what it may do, and for how long. */
export interface Certificate {
  v: 1;
  /** The pool's public key, base64url. */
  pool: string;
  /** 128-bit random serial, hex. */
  serial: string;
  name: string;
  roles: Role[];
  /** The holder's public key, base64url. */
  key: string;
  notBefore: string;
  notAfter: string;
}

/** A process's credential: its key pair plus its certificate signed by the pool key. */
export interface Credential {
  certificate: Certificate;
  /** The exact signed bytes (UTF-8 JSON), kept verbatim so no re-serialisation can change them. */
  certificateText: string;
  signature: Uint8Array;
  keyPair: KeyPair;
  poolPublicKey: Uint8Array;
  /** The presentable form: base64url(certificateText) "." base64url(signature). */
  token: string;
  /** node:crypto handle of the holder's secret key, for fast signing. */
  signingKey: KeyObject;
  /** The credential's X.509 face for mutual TLS; absent in files issued before TLS (see `lama keys upgrade`). */
  x509?: X509Pair;
}

/** PEM certificates for TLS: the holder's (signed by the pool key) and the pool's CA. */
export interface X509Pair {
  certificate: string;
  pool: string;
}

export { DEFAULT_VALID_DAYS };

export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Creates a new pool key pair (tweetnacl). */
export function createPoolKey(): KeyPair {
  return generateKeyPair();
}

/** Options for issuing a credential. */
export interface IssueOptions {
  name: string;
  roles: readonly string[];
  validDays?: number;
  /** Start of validity in ms since the epoch (default: now). */
  now?: number;
}

/** Parses and checks a role list such as "agent,controller". */
export function parseRoles(roles: readonly string[]): Role[] {
  const list = roles.flatMap((r) => r.split(',')).map((r) => r.trim()).filter((r) => r !== '');
  if (list.length === 0) throw new CredentialError(`no role given; roles are ${ROLES.join(', ')}`);
  for (const r of list) {
    if (!(ROLES as readonly string[]).includes(r)) throw new CredentialError(`unknown role '${r}'; roles are ${ROLES.join(', ')}`);
  }
  return [...new Set(list)] as Role[];
}

/** Issues a credential for a new holder, signed by the pool's secret key. */
export function issueCredential(pool: KeyPair, options: IssueOptions): Credential {
  if (!NAME_PATTERN.test(options.name)) {
    throw new CredentialError(`invalid name '${options.name}': 1-64 characters of letters, digits, '.', '_' or '-', starting with a letter or digit`);
  }
  const roles = parseRoles(options.roles);
  const validDays = options.validDays ?? DEFAULT_VALID_DAYS;
  if (!Number.isFinite(validDays) || validDays <= 0 || validDays > 36500) {
    throw new CredentialError(`invalid validity '${validDays}' days: must be a positive number up to 36500`);
  }
  // Whole seconds: X.509 validity has no finer grain, and both faces must say the same.
  const start = Math.floor((options.now ?? Date.now()) / 1000) * 1000;
  const holder = generateKeyPair();
  const certificate: Certificate = {
    v: 1,
    pool: toB64u(pool.publicKey),
    serial: randomBytes(16).toString('hex'),
    name: options.name,
    roles,
    key: toB64u(holder.publicKey),
    // A minute of slack for clocks that are a little behind the issuer's.
    notBefore: new Date(start - 60_000).toISOString(),
    notAfter: new Date(Math.floor((start + validDays * 86_400_000) / 1000) * 1000).toISOString(),
  };
  const certificateText = JSON.stringify(certificate);
  const signature = signDetached(Buffer.from(certificateText, 'utf8'), privateKeyObject(pool.secretKey));
  return assembleCredential(certificate, certificateText, signature, holder, x509For(pool, certificate));
}

/** The X.509 pair for a certificate issued by this pool key. */
export function x509For(pool: KeyPair, certificate: Certificate): X509Pair {
  return { certificate: holderCertificatePem(pool, certificate), pool: poolCertificatePem(pool) };
}

/** The same credential with its X.509 pair (re)made by the pool key that issued it. */
export function withX509(pool: KeyPair, credential: Credential): Credential {
  return { ...credential, x509: x509For(pool, credential.certificate) };
}

function assembleCredential(certificate: Certificate, certificateText: string, signature: Uint8Array, keyPair: KeyPair, x509?: X509Pair): Credential {
  const poolPublicKey = fromB64u(certificate.pool, PUBLIC_KEY_BYTES);
  if (!poolPublicKey) throw new CredentialError('certificate has a malformed pool key');
  return {
    certificate,
    certificateText,
    signature,
    keyPair,
    poolPublicKey,
    token: `${Buffer.from(certificateText, 'utf8').toString('base64url')}.${toB64u(signature)}`,
    signingKey: privateKeyObject(keyPair.secretKey),
    x509,
  };
}

/** Checks the shape of a certificate parsed from untrusted JSON; throws CredentialError naming the field. */
export function parseCertificateText(text: string): Certificate {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CredentialError('certificate is not valid JSON');
  }
  if (typeof value !== 'object' || value === null) throw new CredentialError('certificate is not an object');
  const c = value as Record<string, unknown>;
  if (c.v !== 1) throw new CredentialError(`unsupported certificate version ${JSON.stringify(c.v)}`);
  for (const field of ['pool', 'serial', 'name', 'key', 'notBefore', 'notAfter'] as const) {
    if (typeof c[field] !== 'string') throw new CredentialError(`certificate field '${field}' is missing or not a string`);
  }
  if (!fromB64u(c.pool, PUBLIC_KEY_BYTES)) throw new CredentialError("certificate field 'pool' is not a 32-byte base64url key");
  if (!fromB64u(c.key, PUBLIC_KEY_BYTES)) throw new CredentialError("certificate field 'key' is not a 32-byte base64url key");
  if (!NAME_PATTERN.test(c.name as string)) throw new CredentialError("certificate field 'name' is invalid");
  if (!Array.isArray(c.roles) || !c.roles.every((r) => typeof r === 'string')) throw new CredentialError("certificate field 'roles' is not a list of strings");
  const roles = parseRoles(c.roles as string[]);
  if (Number.isNaN(Date.parse(c.notBefore as string)) || Number.isNaN(Date.parse(c.notAfter as string))) {
    throw new CredentialError('certificate validity is not a pair of ISO times');
  }
  return { ...(c as unknown as Certificate), roles };
}

/** The on-disk form of a credential (mode 0600): the certificate verbatim, its signature, the holder's secret key. */
export interface CredentialFile {
  type: 'lama-credential';
  v: 1;
  certificate: string;
  signature: string;
  secretKey: string;
  /** PEM: the holder's X.509 certificate and the pool's CA certificate (since TLS). */
  x509?: string;
  poolX509?: string;
}

/** Serialises a credential for writing to disk. */
export function credentialToFile(c: Credential): CredentialFile {
  const file: CredentialFile = { type: 'lama-credential', v: 1, certificate: c.certificateText, signature: toB64u(c.signature), secretKey: toB64u(c.keyPair.secretKey) };
  if (c.x509) Object.assign(file, { x509: c.x509.certificate, poolX509: c.x509.pool });
  return file;
}

/** Rebuilds a credential from its file form; checks structure and that the key pair matches the certificate. */
export function credentialFromFile(value: unknown): Credential {
  if (typeof value !== 'object' || value === null) throw new CredentialError('credential file is not a JSON object');
  const f = value as Record<string, unknown>;
  if (f.type !== 'lama-credential') {
    throw new CredentialError(f.type === 'lama-pool-key' ? 'this is the pool key, not a credential; issue one with `lama keys issue`' : "not a LAMA credential (field 'type' is not 'lama-credential')");
  }
  if (typeof f.certificate !== 'string') throw new CredentialError("credential field 'certificate' is missing");
  const certificate = parseCertificateText(f.certificate);
  const signature = fromB64u(f.signature, SIGNATURE_BYTES);
  if (!signature) throw new CredentialError("credential field 'signature' is not a 64-byte base64url signature");
  const secretKey = fromB64u(f.secretKey, SECRET_KEY_BYTES);
  if (!secretKey) throw new CredentialError("credential field 'secretKey' is not a 64-byte base64url key");
  const publicKey = publicKeyOf(secretKey);
  if (toB64u(publicKey) !== certificate.key) throw new CredentialError('the secret key does not belong to the certificate');
  return assembleCredential(certificate, f.certificate, signature, { publicKey, secretKey }, x509FromFile(f, certificate));
}

// The X.509 pair must say what the LAMA certificate says, for the same key and pool: a file
// whose two faces disagree is refused rather than trusted for either.
function x509FromFile(f: Record<string, unknown>, certificate: Certificate): X509Pair | undefined {
  if (f.x509 === undefined && f.poolX509 === undefined) return undefined;
  if (typeof f.x509 !== 'string' || typeof f.poolX509 !== 'string') throw new CredentialError("credential fields 'x509' and 'poolX509' must both be PEM certificates");
  let holder: X509Certificate;
  let pool: X509Certificate;
  try {
    holder = new X509Certificate(f.x509);
    pool = new X509Certificate(f.poolX509);
  } catch {
    throw new CredentialError("credential field 'x509' or 'poolX509' is not a PEM certificate");
  }
  const poolKey = fromB64u(certificate.pool, PUBLIC_KEY_BYTES) as Uint8Array;
  const raw = (k: KeyObject): string => (k.export({ format: 'jwk' }) as { x?: string }).x ?? '';
  if (raw(pool.publicKey) !== toB64u(poolKey) || !holder.verify(pool.publicKey)) {
    throw new CredentialError("credential's X.509 certificate is not signed by its pool key");
  }
  const id = peerIdentity(holder);
  if (raw(holder.publicKey) !== certificate.key || id.name !== certificate.name || id.serial !== certificate.serial || id.roles.join(',') !== certificate.roles.join(',')) {
    throw new CredentialError("credential's X.509 certificate does not match its LAMA certificate (key, name, serial or roles)");
  }
  return { certificate: f.x509, pool: f.poolX509 };
}
