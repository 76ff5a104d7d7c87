import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { CredentialError } from '../errors.js';
import { credentialFromFile, credentialToFile, type Credential } from './certificate.js';
import { fromB64u, toB64u } from './encoding.js';
import { verifyRevocations, type RevocationList, type SignedRevocations } from './revocation.js';
import { PUBLIC_KEY_BYTES, SECRET_KEY_BYTES, publicKeyOf, type KeyPair } from './ed25519.js';

export const POOL_KEY_FILE = 'pool.key';
export const POOL_PUBLIC_FILE = 'pool.pub';
/** One line per credential issued from this pool directory: name, serial, roles, validity. */
export const ISSUED_FILE = 'issued.jsonl';
/** The pool's current signed revocation list. */
export const REVOCATIONS_FILE = 'revocations.json';

/** A line of the issue log. */
export interface IssuedRecord {
  name: string;
  serial: string;
  roles: string[];
  notAfter: string;
}

function writeSecret(path: string, value: unknown): void {
  writeFileSync(path, JSON.stringify(value, null, 2) + '\n', { mode: 0o600 });
  // writeFileSync's mode applies only when it creates the file.
  chmodSync(path, 0o600);
}

function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CredentialError(`cannot read ${what} ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new CredentialError(`${what} ${path} is not valid JSON`);
  }
}

/** Writes a new pool key pair into dir (secret 0600, public 0644); refuses to overwrite one. */
export function writePoolKey(dir: string, pool: KeyPair, overwrite = false): { secretPath: string; publicPath: string } {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const secretPath = join(dir, POOL_KEY_FILE);
  const publicPath = join(dir, POOL_PUBLIC_FILE);
  if (existsSync(secretPath) && !overwrite) {
    throw new CredentialError(`${secretPath} already exists; a pool has one key (use --force to replace it and orphan every credential issued with it)`);
  }
  writeSecret(secretPath, { type: 'lama-pool-key', v: 1, publicKey: toB64u(pool.publicKey), secretKey: toB64u(pool.secretKey) });
  writeFileSync(publicPath, JSON.stringify({ type: 'lama-pool-public', v: 1, publicKey: toB64u(pool.publicKey) }, null, 2) + '\n', { mode: 0o644 });
  return { secretPath, publicPath };
}

/** Reads the pool key pair from dir. */
export function readPoolKey(dir: string): KeyPair {
  const path = join(dir, POOL_KEY_FILE);
  const f = readJson(path, 'pool key') as Record<string, unknown>;
  if (f?.type !== 'lama-pool-key') throw new CredentialError(`${path} is not a LAMA pool key`);
  const secretKey = fromB64u(f.secretKey, SECRET_KEY_BYTES);
  const publicKey = fromB64u(f.publicKey, PUBLIC_KEY_BYTES);
  if (!secretKey || !publicKey) throw new CredentialError(`${path} holds a malformed key`);
  if (toB64u(publicKeyOf(secretKey)) !== toB64u(publicKey)) throw new CredentialError(`${path}: public and secret keys do not match`);
  return { publicKey, secretKey };
}

/** Writes a credential file with mode 0600. */
export function writeCredential(path: string, credential: Credential): void {
  writeSecret(path, credentialToFile(credential));
}

/** Loads a credential file; the error names the file and what is wrong with it. */
export function loadCredential(path: string): Credential {
  const value = readJson(path, 'credential');
  try {
    return credentialFromFile(value);
  } catch (err) {
    if (err instanceof CredentialError) throw new CredentialError(`${path}: ${err.message}`);
    throw err;
  }
}

/** Appends a credential to the pool directory's issue log (no secrets: name, serial, roles, expiry). */
export function recordIssued(dir: string, c: Credential): void {
  const r: IssuedRecord = { name: c.certificate.name, serial: c.certificate.serial, roles: c.certificate.roles, notAfter: c.certificate.notAfter };
  appendFileSync(join(dir, ISSUED_FILE), JSON.stringify(r) + '\n', { mode: 0o644 });
}

/** The issue log of a pool directory (empty when none). */
export function readIssued(dir: string): IssuedRecord[] {
  const path = join(dir, ISSUED_FILE);
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as IssuedRecord);
}

/** The pool directory's signed revocation list, verified; undefined when none was written. */
export function readRevocations(dir: string, poolPublicKey: Uint8Array): { list: RevocationList; signed: SignedRevocations } | undefined {
  const path = join(dir, REVOCATIONS_FILE);
  if (!existsSync(path)) return undefined;
  return readRevocationFile(path, poolPublicKey);
}

/** Reads and verifies a signed revocation list file; the error names the file. */
export function readRevocationFile(path: string, poolPublicKey: Uint8Array): { list: RevocationList; signed: SignedRevocations } {
  const signed = readJson(path, 'revocation list');
  try {
    return { list: verifyRevocations(poolPublicKey, signed), signed: signed as SignedRevocations };
  } catch (err) {
    if (err instanceof CredentialError) throw new CredentialError(`${path}: ${err.message}`);
    throw err;
  }
}

/** Writes a signed revocation list into the pool directory (0644: it holds no secret). */
export function writeRevocations(dir: string, signed: SignedRevocations): string {
  const path = join(dir, REVOCATIONS_FILE);
  writeFileSync(path, JSON.stringify(signed, null, 2) + '\n', { mode: 0o644 });
  return path;
}
