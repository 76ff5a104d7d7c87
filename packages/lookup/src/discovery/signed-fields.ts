import type { Credential } from '../credentials/certificate.js';
import { fromB64u, toB64u } from '../credentials/encoding.js';
import { signDetached, verifyDetached } from '../credentials/ed25519.js';
import type { CredentialVerifier, Principal } from '../credentials/verifier.js';
import { CredentialError, DiscoveryRejection } from '../errors.js';
import { VerifiedMemo } from './verified-memo.js';

export { DiscoveryRejection };

/** Flat key=value fields, as carried in a DNS-SD TXT record. */
export type Fields = Record<string, string>;

/** Why a discovery message was dropped; counted, never answered. */
export const REJECT_REASONS = ['malformed', 'credential', 'role', 'signature', 'stale', 'replay', 'unsolicited', 'group', 'limit'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];


const CONTEXT = 'lama-discovery-v1\n';
// TXT strings are at most 255 bytes; the credential token is split into c0, c1, ...
const CHUNK = 240;
const MAX_CHUNKS = 16;
/** How far a discovery message's timestamp may be from the receiver's clock. */
export const DISCOVERY_WINDOW_MS = 30_000;

/**
 * The signed bytes: the context, then one key=value line per field, sorted by key. A newline in
 * a key or value, or '=' in a key, would let two different field sets sign alike (a value
 * `a\nx=1` reads as a second field): such fields are refused, to sign and to verify.
 */
function canonical(fields: Fields): Buffer {
  const keys = Object.keys(fields).filter((k) => k !== 'sig').sort();
  for (const k of keys) {
    if (/[=\n]/.test(k) || fields[k].includes('\n')) throw new DiscoveryRejection('malformed', `field ${JSON.stringify(k)} holds a newline (or '=' in its name): the signed form would be ambiguous`);
  }
  return Buffer.from(CONTEXT + keys.map((k) => `${k}=${fields[k]}`).join('\n'), 'utf8');
}

/** Adds the credential (c0..cN) and a signature over every field. */
export function signFields(fields: Fields, credential: Credential): Fields {
  const out: Fields = { ...fields };
  const token = credential.token;
  for (let i = 0; i * CHUNK < token.length; i++) out[`c${i}`] = token.slice(i * CHUNK, (i + 1) * CHUNK);
  out.sig = toB64u(signDetached(canonical(out), credential.signingKey));
  return out;
}

// One per process: the joiners of a process share what each has verified (see VerifiedMemo).
const verified = new VerifiedMemo();

/**
 * Verifies the embedded credential and the signature; returns the signer. With `memo`, for
 * messages that many members of this process receive alike (announcements, goodbyes), a
 * signature already verified here against the same pool key is not verified again; the
 * signer's revocation and validity are checked every time by `verifier`.
 */
export function verifyFields(fields: Fields, verifier: CredentialVerifier, memo = false): Principal {
  const key = memo ? VerifiedMemo.keyOf(verifier.poolPublicKey, fields) : undefined;
  const known = key === undefined ? undefined : verified.get(key);
  if (known !== undefined) return credentialCheck(() => verifier.checkValidity(known));
  let token = '';
  for (let i = 0; i < MAX_CHUNKS && fields[`c${i}`] !== undefined; i++) token += fields[`c${i}`];
  if (!token) throw new DiscoveryRejection('malformed', 'no credential in the message');
  const principal = credentialCheck(() => verifier.verifyToken(token));
  const sig = fromB64u(fields.sig, 64);
  if (!sig || !verifyDetached(canonical(fields), sig, principal.key)) {
    throw new DiscoveryRejection('signature', `signature of '${principal.name}' does not verify`);
  }
  if (key !== undefined) verified.set(key, principal);
  return principal;
}

/** Runs a credential check, turning its CredentialError into the discovery rejection 'credential'. */
function credentialCheck(check: () => Principal): Principal {
  try {
    return check();
  } catch (err) {
    if (err instanceof CredentialError) throw new DiscoveryRejection('credential', err.message);
    throw err;
  }
}

/** Throws unless ts (ms, as text) is within the window of now. */
export function checkFresh(ts: string | undefined, now: number): number {
  const n = Number(ts);
  if (!ts || !Number.isSafeInteger(n)) throw new DiscoveryRejection('malformed', 'missing or bad timestamp');
  if (Math.abs(now - n) > DISCOVERY_WINDOW_MS) throw new DiscoveryRejection('stale', `timestamp ${Math.round((now - n) / 1000)} s off`);
  return n;
}

/** TXT record strings from fields. */
export function toTxt(fields: Fields): Buffer[] {
  return Object.entries(fields).map(([k, v]) => Buffer.from(`${k}=${v}`, 'utf8'));
}

/** Fields from TXT record strings; throws on anything that is not key=value text. */
export function fromTxt(data: unknown): Fields {
  const list = Array.isArray(data) ? data : [data];
  const out: Fields = {};
  if (list.length > 64) throw new DiscoveryRejection('malformed', 'too many TXT strings');
  for (const raw of list) {
    if (!Buffer.isBuffer(raw) && typeof raw !== 'string') throw new DiscoveryRejection('malformed', 'TXT string is not text');
    const s = raw.toString();
    const eq = s.indexOf('=');
    if (eq <= 0) throw new DiscoveryRejection('malformed', 'TXT string without key=value');
    const key = s.slice(0, eq);
    if (!/^[a-z0-9]{1,16}$/.test(key) || Object.hasOwn(out, key)) throw new DiscoveryRejection('malformed', `bad or repeated TXT key '${key.slice(0, 20)}'`);
    out[key] = s.slice(eq + 1);
  }
  return out;
}
