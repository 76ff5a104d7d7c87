import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);

// packages/lookup/dist/src/credentials/encoding.js
function toB64u(bytes) {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64url");
}
function fromB64u(text, expectedLength) {
  if (typeof text !== "string" || !/^[A-Za-z0-9_-]*$/.test(text))
    return void 0;
  const bytes = new Uint8Array(Buffer.from(text, "base64url"));
  if (expectedLength !== void 0 && bytes.length !== expectedLength)
    return void 0;
  return bytes;
}

// packages/lookup/dist/src/credentials/ed25519.js
import { createPrivateKey, createPublicKey, sign, verify } from "node:crypto";
import { createRequire } from "node:module";
var PUBLIC_KEY_BYTES = 32;
var SECRET_KEY_BYTES = 64;
var SIGNATURE_BYTES = 64;
var require2 = createRequire(import.meta.url);
var nacl = () => require2("tweetnacl");
function generateKeyPair() {
  const kp = nacl().sign.keyPair();
  return { publicKey: kp.publicKey, secretKey: kp.secretKey };
}
function publicKeyOf(secretKey) {
  const jwk = createPublicKey(privateKeyObject(secretKey)).export({ format: "jwk" });
  return new Uint8Array(Buffer.from(jwk.x, "base64url"));
}
function publicKeyObject(publicKey) {
  if (publicKey.length !== PUBLIC_KEY_BYTES)
    throw new TypeError(`Ed25519 public key must be ${PUBLIC_KEY_BYTES} bytes, not ${publicKey.length}`);
  return createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: Buffer.from(publicKey.buffer, publicKey.byteOffset, publicKey.byteLength).toString("base64url") }, format: "jwk" });
}
function privateKeyObject(secretKey) {
  const b64 = (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64url");
  return createPrivateKey({ key: { kty: "OKP", crv: "Ed25519", d: b64(secretKey.subarray(0, 32)), x: b64(secretKey.subarray(32, 64)) }, format: "jwk" });
}
function signDetached(message, key) {
  return new Uint8Array(sign(null, message, key));
}
function verifyDetached(message, signature, key) {
  if (signature.length !== SIGNATURE_BYTES)
    return false;
  return verify(null, message, key, signature);
}

export {
  toB64u,
  fromB64u,
  PUBLIC_KEY_BYTES,
  SECRET_KEY_BYTES,
  SIGNATURE_BYTES,
  generateKeyPair,
  publicKeyOf,
  publicKeyObject,
  privateKeyObject,
  signDetached,
  verifyDetached
};
