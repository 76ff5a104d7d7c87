import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  PUBLIC_KEY_BYTES,
  SECRET_KEY_BYTES,
  SIGNATURE_BYTES,
  fromB64u,
  generateKeyPair,
  privateKeyObject,
  publicKeyOf,
  signDetached,
  toB64u
} from "./chunk-COLKQ3MG.js";
import {
  CredentialError
} from "./chunk-2F4QKM7O.js";
import {
  DEFAULT_VALID_DAYS,
  ROLES
} from "./chunk-532ZK4EG.js";

// packages/lookup/dist/src/credentials/certificate.js
import { randomBytes, X509Certificate } from "node:crypto";

// packages/lookup/dist/src/credentials/x509.js
import { createHash } from "node:crypto";

// packages/lookup/dist/src/credentials/der.js
function tlv(tag, content) {
  const n = content.length;
  let head;
  if (n < 128)
    head = [tag, n];
  else {
    const bytes = [];
    for (let v = n; v > 0; v = Math.floor(v / 256))
      bytes.unshift(v & 255);
    head = [tag, 128 | bytes.length, ...bytes];
  }
  return Buffer.concat([Buffer.from(head), content]);
}
var sequence = (...items) => tlv(48, Buffer.concat(items));
var set = (...items) => tlv(49, Buffer.concat(items));
var octetString = (b) => tlv(4, b);
var utf8String = (s) => tlv(12, Buffer.from(s, "utf8"));
var booleanTrue = () => Buffer.from([1, 1, 255]);
var explicit = (n, content) => tlv(160 | n, content);
var implicitString = (n, s) => tlv(128 | n, Buffer.from(s, "ascii"));
function bitString(b) {
  return tlv(3, Buffer.concat([Buffer.from([0]), b]));
}
function unsignedInteger(b) {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0)
    i++;
  const trimmed = b.subarray(i);
  return tlv(2, trimmed[0] & 128 ? Buffer.concat([Buffer.from([0]), trimmed]) : Buffer.from(trimmed));
}
var smallInteger = (v) => unsignedInteger(Buffer.from([v]));
function oid(dotted) {
  const parts = dotted.split(".").map(Number);
  const out = [parts[0] * 40 + parts[1]];
  for (const p of parts.slice(2)) {
    const bytes = [p & 127];
    for (let v = Math.floor(p / 128); v > 0; v = Math.floor(v / 128))
      bytes.unshift(128 | v & 127);
    out.push(...bytes);
  }
  return tlv(6, Buffer.from(out));
}
function time(ms) {
  const iso = new Date(Math.floor(ms / 1e3) * 1e3).toISOString();
  const digits = iso.slice(0, 19).replace(/[-:T]/g, "") + "Z";
  const year = Number(iso.slice(0, 4));
  return year < 2050 ? tlv(23, Buffer.from(digits.slice(2), "ascii")) : tlv(24, Buffer.from(digits, "ascii"));
}

// packages/lookup/dist/src/credentials/x509.js
var ED25519 = "1.3.101.112";
var CN = "2.5.4.3";
var ORG = "2.5.4.10";
var ROLE_URI = "urn:lama:role:";
var EKU_SERVER = "1.3.6.1.5.5.7.3.1";
var EKU_CLIENT = "1.3.6.1.5.5.7.3.2";
var algorithm = () => sequence(oid(ED25519));
var name = (cn) => sequence(set(sequence(oid(ORG), utf8String("LAMA"))), set(sequence(oid(CN), utf8String(cn))));
var spki = (publicKey) => sequence(algorithm(), bitString(publicKey));
var keyId = (publicKey) => createHash("sha1").update(publicKey).digest();
var extension = (id, critical, value) => critical ? sequence(oid(id), booleanTrue(), octetString(value)) : sequence(oid(id), octetString(value));
function poolCommonName(poolPublicKey) {
  return `lama-pool-${toB64u(poolPublicKey).slice(0, 16)}`;
}
function sign(tbs, pool) {
  const signature = signDetached(tbs, privateKeyObject(pool.secretKey));
  const der = sequence(tbs, algorithm(), bitString(signature));
  const b64 = der.toString("base64").replace(/(.{64})/g, "$1\n").replace(/\n$/, "");
  return `-----BEGIN CERTIFICATE-----
${b64}
-----END CERTIFICATE-----
`;
}
function poolCertificatePem(pool) {
  const subject = name(poolCommonName(pool.publicKey));
  const serial = createHash("sha256").update(pool.publicKey).digest().subarray(0, 16);
  const tbs = sequence(explicit(0, smallInteger(2)), unsignedInteger(serial), algorithm(), subject, sequence(time(Date.UTC(2020, 0, 1)), time(Date.UTC(9999, 11, 31, 23, 59, 59))), subject, spki(pool.publicKey), explicit(3, sequence(
    extension("2.5.29.19", true, sequence(booleanTrue(), smallInteger(0))),
    extension("2.5.29.15", true, bitString(Buffer.from([6]))),
    // keyCertSign, cRLSign
    extension("2.5.29.14", false, octetString(keyId(pool.publicKey)))
  )));
  return sign(tbs, pool);
}
function holderCertificatePem(pool, certificate) {
  const holderKey = fromB64u(certificate.key, 32);
  if (!holderKey)
    throw new CredentialError("certificate field 'key' is not a 32-byte base64url key");
  if (certificate.pool !== toB64u(pool.publicKey))
    throw new CredentialError(`credential '${certificate.name}' was issued by another pool key`);
  const sans = certificate.roles.map((r) => implicitString(6, ROLE_URI + r));
  const tbs = sequence(explicit(0, smallInteger(2)), unsignedInteger(Buffer.from(certificate.serial, "hex")), algorithm(), name(poolCommonName(pool.publicKey)), sequence(time(Date.parse(certificate.notBefore)), time(Date.parse(certificate.notAfter))), name(certificate.name), spki(holderKey), explicit(3, sequence(
    extension("2.5.29.19", true, sequence()),
    extension("2.5.29.15", true, bitString(Buffer.from([128]))),
    // digitalSignature
    extension("2.5.29.37", false, sequence(oid(EKU_SERVER), oid(EKU_CLIENT))),
    extension("2.5.29.17", false, sequence(...sans)),
    extension("2.5.29.35", false, sequence(tlv(128, keyId(pool.publicKey))))
  )));
  return sign(tbs, pool);
}
function rolesOf(subjectAltName) {
  const roles = [];
  for (const part of (subjectAltName ?? "").split(", ")) {
    if (!part.startsWith("URI:" + ROLE_URI))
      continue;
    const role = part.slice(4 + ROLE_URI.length);
    if (ROLES.includes(role))
      roles.push(role);
  }
  return roles;
}
function peerIdentity(cert) {
  const cn = /(?:^|\n)CN=([^\n]+)/.exec(cert.subject)?.[1];
  if (!cn)
    throw new CredentialError("peer certificate has no common name");
  const roles = rolesOf(cert.subjectAltName);
  return {
    name: cn,
    roles,
    serial: cert.serialNumber.toLowerCase().replace(/^0+/, "").padStart(32, "0"),
    notBefore: Date.parse(cert.validFrom),
    notAfter: Date.parse(cert.validTo)
  };
}

// packages/lookup/dist/src/credentials/certificate.js
var NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
function createPoolKey() {
  return generateKeyPair();
}
function parseRoles(roles) {
  const list = roles.flatMap((r) => r.split(",")).map((r) => r.trim()).filter((r) => r !== "");
  if (list.length === 0)
    throw new CredentialError(`no role given; roles are ${ROLES.join(", ")}`);
  for (const r of list) {
    if (!ROLES.includes(r))
      throw new CredentialError(`unknown role '${r}'; roles are ${ROLES.join(", ")}`);
  }
  return [...new Set(list)];
}
function issueCredential(pool, options) {
  if (!NAME_PATTERN.test(options.name)) {
    throw new CredentialError(`invalid name '${options.name}': 1-64 characters of letters, digits, '.', '_' or '-', starting with a letter or digit`);
  }
  const roles = parseRoles(options.roles);
  const validDays = options.validDays ?? DEFAULT_VALID_DAYS;
  if (!Number.isFinite(validDays) || validDays <= 0 || validDays > 36500) {
    throw new CredentialError(`invalid validity '${validDays}' days: must be a positive number up to 36500`);
  }
  const start = Math.floor((options.now ?? Date.now()) / 1e3) * 1e3;
  const holder = generateKeyPair();
  const certificate = {
    v: 1,
    pool: toB64u(pool.publicKey),
    serial: randomBytes(16).toString("hex"),
    name: options.name,
    roles,
    key: toB64u(holder.publicKey),
    // A minute of slack for clocks that are a little behind the issuer's.
    notBefore: new Date(start - 6e4).toISOString(),
    notAfter: new Date(Math.floor((start + validDays * 864e5) / 1e3) * 1e3).toISOString()
  };
  const certificateText = JSON.stringify(certificate);
  const signature = signDetached(Buffer.from(certificateText, "utf8"), privateKeyObject(pool.secretKey));
  return assembleCredential(certificate, certificateText, signature, holder, x509For(pool, certificate));
}
function x509For(pool, certificate) {
  return { certificate: holderCertificatePem(pool, certificate), pool: poolCertificatePem(pool) };
}
function withX509(pool, credential) {
  return { ...credential, x509: x509For(pool, credential.certificate) };
}
function assembleCredential(certificate, certificateText, signature, keyPair, x509) {
  const poolPublicKey = fromB64u(certificate.pool, PUBLIC_KEY_BYTES);
  if (!poolPublicKey)
    throw new CredentialError("certificate has a malformed pool key");
  return {
    certificate,
    certificateText,
    signature,
    keyPair,
    poolPublicKey,
    token: `${Buffer.from(certificateText, "utf8").toString("base64url")}.${toB64u(signature)}`,
    signingKey: privateKeyObject(keyPair.secretKey),
    x509
  };
}
function parseCertificateText(text) {
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CredentialError("certificate is not valid JSON");
  }
  if (typeof value !== "object" || value === null)
    throw new CredentialError("certificate is not an object");
  const c = value;
  if (c.v !== 1)
    throw new CredentialError(`unsupported certificate version ${JSON.stringify(c.v)}`);
  for (const field of ["pool", "serial", "name", "key", "notBefore", "notAfter"]) {
    if (typeof c[field] !== "string")
      throw new CredentialError(`certificate field '${field}' is missing or not a string`);
  }
  if (!fromB64u(c.pool, PUBLIC_KEY_BYTES))
    throw new CredentialError("certificate field 'pool' is not a 32-byte base64url key");
  if (!fromB64u(c.key, PUBLIC_KEY_BYTES))
    throw new CredentialError("certificate field 'key' is not a 32-byte base64url key");
  if (!NAME_PATTERN.test(c.name))
    throw new CredentialError("certificate field 'name' is invalid");
  if (!Array.isArray(c.roles) || !c.roles.every((r) => typeof r === "string"))
    throw new CredentialError("certificate field 'roles' is not a list of strings");
  const roles = parseRoles(c.roles);
  if (Number.isNaN(Date.parse(c.notBefore)) || Number.isNaN(Date.parse(c.notAfter))) {
    throw new CredentialError("certificate validity is not a pair of ISO times");
  }
  return { ...c, roles };
}
function credentialToFile(c) {
  const file = { type: "lama-credential", v: 1, certificate: c.certificateText, signature: toB64u(c.signature), secretKey: toB64u(c.keyPair.secretKey) };
  if (c.x509)
    Object.assign(file, { x509: c.x509.certificate, poolX509: c.x509.pool });
  return file;
}
function credentialFromFile(value) {
  if (typeof value !== "object" || value === null)
    throw new CredentialError("credential file is not a JSON object");
  const f = value;
  if (f.type !== "lama-credential") {
    throw new CredentialError(f.type === "lama-pool-key" ? "this is the pool key, not a credential; issue one with `lama keys issue`" : "not a LAMA credential (field 'type' is not 'lama-credential')");
  }
  if (typeof f.certificate !== "string")
    throw new CredentialError("credential field 'certificate' is missing");
  const certificate = parseCertificateText(f.certificate);
  const signature = fromB64u(f.signature, SIGNATURE_BYTES);
  if (!signature)
    throw new CredentialError("credential field 'signature' is not a 64-byte base64url signature");
  const secretKey = fromB64u(f.secretKey, SECRET_KEY_BYTES);
  if (!secretKey)
    throw new CredentialError("credential field 'secretKey' is not a 64-byte base64url key");
  const publicKey = publicKeyOf(secretKey);
  if (toB64u(publicKey) !== certificate.key)
    throw new CredentialError("the secret key does not belong to the certificate");
  return assembleCredential(certificate, f.certificate, signature, { publicKey, secretKey }, x509FromFile(f, certificate));
}
function x509FromFile(f, certificate) {
  if (f.x509 === void 0 && f.poolX509 === void 0)
    return void 0;
  if (typeof f.x509 !== "string" || typeof f.poolX509 !== "string")
    throw new CredentialError("credential fields 'x509' and 'poolX509' must both be PEM certificates");
  let holder;
  let pool;
  try {
    holder = new X509Certificate(f.x509);
    pool = new X509Certificate(f.poolX509);
  } catch {
    throw new CredentialError("credential field 'x509' or 'poolX509' is not a PEM certificate");
  }
  const poolKey = fromB64u(certificate.pool, PUBLIC_KEY_BYTES);
  const raw = (k) => k.export({ format: "jwk" }).x ?? "";
  if (raw(pool.publicKey) !== toB64u(poolKey) || !holder.verify(pool.publicKey)) {
    throw new CredentialError("credential's X.509 certificate is not signed by its pool key");
  }
  const id = peerIdentity(holder);
  if (raw(holder.publicKey) !== certificate.key || id.name !== certificate.name || id.serial !== certificate.serial || id.roles.join(",") !== certificate.roles.join(",")) {
    throw new CredentialError("credential's X.509 certificate does not match its LAMA certificate (key, name, serial or roles)");
  }
  return { certificate: f.x509, pool: f.poolX509 };
}

// packages/lookup/dist/src/credentials/call-proof.js
import { createHash as createHash2, randomBytes as randomBytes2 } from "node:crypto";
var CALL_PROOF_WINDOW_MS = 6e4;
var CONTEXT = "lama-call-v2";
function requestDigest(bytes) {
  return createHash2("sha256").update(bytes).digest("base64url");
}
function callProofMessage(audience, ts, nonce) {
  return Buffer.from(`${CONTEXT}|${audience.server}|${audience.method}|${audience.request}|${ts}|${nonce}`, "utf8");
}
function makeCallProof(credential, audience, ts, nonce = randomBytes2(12).toString("base64url")) {
  return `2.${ts}.${nonce}.${toB64u(signDetached(callProofMessage(audience, ts, nonce), credential.signingKey))}`;
}
function parseCallProof(proof) {
  const parts = proof.split(".");
  if (parts.length !== 4 || parts[0] !== "2") {
    throw new CredentialError(parts.length === 2 ? "proof of possession is the old unbound form (lama-proof-v1); this server needs a call-bound proof: upgrade the client" : "malformed proof of possession");
  }
  const ts = Number(parts[1]);
  if (!Number.isSafeInteger(ts) || !/^[A-Za-z0-9_-]{16}$/.test(parts[2]))
    throw new CredentialError("malformed proof of possession");
  return { ts, nonce: parts[2], signature: parts[3] };
}

export {
  rolesOf,
  peerIdentity,
  createPoolKey,
  issueCredential,
  withX509,
  parseCertificateText,
  credentialToFile,
  credentialFromFile,
  CALL_PROOF_WINDOW_MS,
  requestDigest,
  callProofMessage,
  makeCallProof,
  parseCallProof
};
