import { EventEmitter } from 'node:events';
import { CredentialError } from '../errors.js';
import { PUBLIC_KEY_BYTES, SIGNATURE_BYTES, privateKeyObject, publicKeyObject, signDetached, verifyDetached, type KeyPair } from './ed25519.js';
import { fromB64u, toB64u } from './encoding.js';

// A revocation list is signed by the pool key, so whoever carries it (a lookup service, a
// controller pushing it, a file copied by hand) cannot add or drop a serial; a member only
// ever moves to a newer version, so an old list replayed does not un-revoke anyone.

/** The signed content: the pool, a version that only grows, and the revoked serials. */
export interface RevocationList {
  v: 1;
  pool: string;
  /** Milliseconds since the epoch when it was made; a member accepts only a higher one. */
  version: number;
  serials: string[];
}

/** The form that travels and is stored: the list's exact signed text and its signature. */
export interface SignedRevocations {
  type: 'lama-revocations';
  list: string;
  signature: string;
}

const SERIAL = /^[0-9a-f]{32}$/;
/** At most this many serials in one list (a pool that needs more should rotate its key). */
export const MAX_REVOKED = 100_000;

/** A new list that revokes `serials` on top of `previous` (whose serials it keeps). */
export function revoke(pool: KeyPair, previous: RevocationList | undefined, serials: readonly string[], now = Date.now()): SignedRevocations {
  for (const s of serials) if (!SERIAL.test(s)) throw new CredentialError(`'${s}' is not a credential serial (32 lower-case hex digits; \`lama keys show FILE\` prints it)`);
  const all = [...new Set([...(previous?.serials ?? []), ...serials])].sort();
  if (all.length > MAX_REVOKED) throw new CredentialError(`a revocation list holds at most ${MAX_REVOKED} serials`);
  const list: RevocationList = { v: 1, pool: toB64u(pool.publicKey), version: Math.max(now, (previous?.version ?? 0) + 1), serials: all };
  const text = JSON.stringify(list);
  return { type: 'lama-revocations', list: text, signature: toB64u(signDetached(Buffer.from(text, 'utf8'), privateKeyObject(pool.secretKey))) };
}

/** Checks a signed list against the pool key; throws CredentialError naming what is wrong. */
export function verifyRevocations(poolPublicKey: Uint8Array, value: unknown): RevocationList {
  const f = value as Partial<SignedRevocations> | null;
  if (typeof f !== 'object' || f === null || f.type !== 'lama-revocations' || typeof f.list !== 'string' || typeof f.signature !== 'string') {
    throw new CredentialError("not a LAMA revocation list (expected type 'lama-revocations' with 'list' and 'signature')");
  }
  if (f.list.length > MAX_REVOKED * 40) throw new CredentialError('revocation list is too large');
  const signature = fromB64u(f.signature, SIGNATURE_BYTES);
  if (!signature || !verifyDetached(Buffer.from(f.list, 'utf8'), signature, publicKeyObject(poolPublicKey))) {
    throw new CredentialError('revocation list is forged: its signature does not verify against the pool key');
  }
  const list = JSON.parse(f.list) as RevocationList;
  if (list.v !== 1 || list.pool !== toB64u(poolPublicKey) || !Number.isSafeInteger(list.version) || !Array.isArray(list.serials) || !list.serials.every((s) => typeof s === 'string' && SERIAL.test(s))) {
    throw new CredentialError('revocation list is malformed');
  }
  return list;
}

/** Events: 'revoked' with the serials that a newer list added. */
export interface RevocationEvents {
  revoked: [serials: string[]];
}

/** The revoked serials a process enforces; moves only to newer verified lists. */
export class RevocationSet extends EventEmitter<RevocationEvents> {
  private serials = new Set<string>();
  private current: { list: RevocationList; signed: SignedRevocations } | undefined;

  constructor(private readonly poolPublicKey: Uint8Array) {
    super();
    if (poolPublicKey.length !== PUBLIC_KEY_BYTES) throw new CredentialError('pool public key must be 32 bytes');
  }

  /** True when the serial is revoked. */
  has(serial: string): boolean {
    return this.serials.has(serial);
  }

  /** The list's version (0 when none). */
  get version(): number {
    return this.current?.list.version ?? 0;
  }

  /** The signed list as received, to pass on. */
  get signed(): SignedRevocations | undefined {
    return this.current?.signed;
  }

  /** Takes a signed list if it verifies and is newer; returns whether it was taken. Throws CredentialError if it does not verify. */
  update(signed: unknown): boolean {
    const list = verifyRevocations(this.poolPublicKey, signed);
    if (list.version <= this.version) return false;
    const added = list.serials.filter((s) => !this.serials.has(s));
    this.serials = new Set(list.serials);
    this.current = { list, signed: signed as SignedRevocations };
    if (added.length) this.emit('revoked', added);
    return true;
  }
}
