import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { createRequire } from 'node:module';

// tweetnacl fixes the key and signature formats (32-byte public key, 64-byte secret key =
// seed || public key, 64-byte detached signature). node:crypto's Ed25519 is byte-compatible
// and ~100x faster here, so signing and verifying go through it; keys go in as JWK.

// tweetnacl's sizes (nacl.sign.publicKeyLength, secretKeyLength, signatureLength).
export const PUBLIC_KEY_BYTES = 32;
export const SECRET_KEY_BYTES = 64;
export const SIGNATURE_BYTES = 64;

// tweetnacl is loaded only to make keys (`lama keys`, tests): every daemon would otherwise
// compile its 2,400 lines at start-up (~20 ms) for nothing it uses.
const require = createRequire(import.meta.url);
const nacl = (): typeof import('tweetnacl') => require('tweetnacl') as typeof import('tweetnacl');

/** A raw Ed25519 key pair in tweetnacl's format. */
export interface KeyPair {
  publicKey: Uint8Array;
  secretKey: Uint8Array;
}

/** A fresh key pair from tweetnacl's generator. */
export function generateKeyPair(): KeyPair {
  const kp = nacl().sign.keyPair();
  return { publicKey: kp.publicKey, secretKey: kp.secretKey };
}

/** The public key of a tweetnacl secret key, derived from its seed (not read from its second half). */
export function publicKeyOf(secretKey: Uint8Array): Uint8Array {
  const jwk = createPublicKey(privateKeyObject(secretKey)).export({ format: 'jwk' }) as { x: string };
  return new Uint8Array(Buffer.from(jwk.x, 'base64url'));
}

/**
 * node:crypto key object for a raw public key. Imported as a JWK, not as SPKI DER: the same
 * key, but OpenSSL 3 parses DER through its generic decoders, ~75 µs here against ~6 µs, and
 * every certificate verified for the first time (each joiner's at the lookup service, the
 * lookup service's at each joiner) pays it.
 */
export function publicKeyObject(publicKey: Uint8Array): KeyObject {
  if (publicKey.length !== PUBLIC_KEY_BYTES) throw new TypeError(`Ed25519 public key must be ${PUBLIC_KEY_BYTES} bytes, not ${publicKey.length}`);
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey.buffer, publicKey.byteOffset, publicKey.byteLength).toString('base64url') }, format: 'jwk' });
}

/**
 * node:crypto key object for a tweetnacl secret key (seed || public key). Imported as a JWK for
 * the same reason as public keys: ~50 µs against ~500 µs as PKCS#8 DER. OpenSSL derives the
 * public half from the seed (`d`); `x` is only required by the JWK shape.
 */
export function privateKeyObject(secretKey: Uint8Array): KeyObject {
  const b64 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
  return createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', d: b64(secretKey.subarray(0, 32)), x: b64(secretKey.subarray(32, 64)) }, format: 'jwk' });
}

/** A detached signature, identical to nacl.sign.detached(message, secretKey). */
export function signDetached(message: Uint8Array, key: KeyObject): Uint8Array {
  return new Uint8Array(sign(null, message, key));
}

/** Verifies a detached signature; identical to nacl.sign.detached.verify. */
export function verifyDetached(message: Uint8Array, signature: Uint8Array, key: KeyObject): boolean {
  if (signature.length !== SIGNATURE_BYTES) return false;
  return verify(null, message, key, signature);
}
