import type { Credential } from '../credentials/certificate.js';
import { fromB64u, toB64u } from '../credentials/encoding.js';
import { signDetached, verifyDetached } from '../credentials/ed25519.js';
import type { CredentialVerifier, Principal } from '../credentials/verifier.js';
import { CredentialError, DiscoveryRejection } from '../errors.js';

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

function canonical(fields: Fields): Buffer {
  const keys = Object.keys(fields).filter((k) => k !== 'sig').sort();
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

/** Verifies the embedded credential and the signature; returns the signer. */
export function verifyFields(fields: Fields, verifier: CredentialVerifier): Principal {
  let token = '';
  for (let i = 0; i < MAX_CHUNKS && fields[`c${i}`] !== undefined; i++) token += fields[`c${i}`];
  if (!token) throw new DiscoveryRejection('malformed', 'no credential in the message');
  let principal: Principal;
  try {
    principal = verifier.verifyToken(token);
  } catch (err) {
    if (err instanceof CredentialError) throw new DiscoveryRejection('credential', err.message);
    throw err;
  }
  const sig = fromB64u(fields.sig, 64);
  if (!sig || !verifyDetached(canonical(fields), sig, principal.key)) {
    throw new DiscoveryRejection('signature', `signature of '${principal.name}' does not verify`);
  }
  return principal;
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
