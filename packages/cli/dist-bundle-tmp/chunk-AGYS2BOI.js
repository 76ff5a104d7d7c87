import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  CALL_PROOF_WINDOW_MS,
  callProofMessage,
  credentialFromFile,
  credentialToFile,
  parseCallProof,
  parseCertificateText,
  peerIdentity
} from "./chunk-FEDWZIOZ.js";
import {
  systemClock
} from "./chunk-A4HYEA5Q.js";
import {
  PUBLIC_KEY_BYTES,
  SECRET_KEY_BYTES,
  SIGNATURE_BYTES,
  fromB64u,
  privateKeyObject,
  publicKeyObject,
  publicKeyOf,
  signDetached,
  toB64u,
  verifyDetached
} from "./chunk-COLKQ3MG.js";
import {
  ConfigurationError,
  CredentialError,
  LimitError,
  PermissionError
} from "./chunk-2F4QKM7O.js";
import {
  DEFAULT_LIMITS
} from "./chunk-532ZK4EG.js";

// packages/lookup/dist/src/credentials/revocation.js
import { EventEmitter } from "node:events";
var SERIAL = /^[0-9a-f]{32}$/;
var MAX_REVOKED = 1e5;
function revoke(pool, previous, serials, now = Date.now()) {
  for (const s of serials)
    if (!SERIAL.test(s))
      throw new CredentialError(`'${s}' is not a credential serial (32 lower-case hex digits; \`lama keys show FILE\` prints it)`);
  const all = [.../* @__PURE__ */ new Set([...previous?.serials ?? [], ...serials])].sort();
  if (all.length > MAX_REVOKED)
    throw new CredentialError(`a revocation list holds at most ${MAX_REVOKED} serials`);
  const list = { v: 1, pool: toB64u(pool.publicKey), version: Math.max(now, (previous?.version ?? 0) + 1), serials: all };
  const text = JSON.stringify(list);
  return { type: "lama-revocations", list: text, signature: toB64u(signDetached(Buffer.from(text, "utf8"), privateKeyObject(pool.secretKey))) };
}
function verifyRevocations(poolPublicKey, value) {
  const f = value;
  if (typeof f !== "object" || f === null || f.type !== "lama-revocations" || typeof f.list !== "string" || typeof f.signature !== "string") {
    throw new CredentialError("not a LAMA revocation list (expected type 'lama-revocations' with 'list' and 'signature')");
  }
  if (f.list.length > MAX_REVOKED * 40)
    throw new CredentialError("revocation list is too large");
  const signature = fromB64u(f.signature, SIGNATURE_BYTES);
  if (!signature || !verifyDetached(Buffer.from(f.list, "utf8"), signature, publicKeyObject(poolPublicKey))) {
    throw new CredentialError("revocation list is forged: its signature does not verify against the pool key");
  }
  const list = JSON.parse(f.list);
  if (list.v !== 1 || list.pool !== toB64u(poolPublicKey) || !Number.isSafeInteger(list.version) || !Array.isArray(list.serials) || !list.serials.every((s) => typeof s === "string" && SERIAL.test(s))) {
    throw new CredentialError("revocation list is malformed");
  }
  return list;
}
var RevocationSet = class extends EventEmitter {
  poolPublicKey;
  serials = /* @__PURE__ */ new Set();
  current;
  constructor(poolPublicKey) {
    super();
    this.poolPublicKey = poolPublicKey;
    if (poolPublicKey.length !== PUBLIC_KEY_BYTES)
      throw new CredentialError("pool public key must be 32 bytes");
  }
  /** True when the serial is revoked. */
  has(serial) {
    return this.serials.has(serial);
  }
  /** The list's version (0 when none). */
  get version() {
    return this.current?.list.version ?? 0;
  }
  /** The signed list as received, to pass on. */
  get signed() {
    return this.current?.signed;
  }
  /** Takes a signed list if it verifies and is newer; returns whether it was taken. Throws CredentialError if it does not verify. */
  update(signed) {
    const list = verifyRevocations(this.poolPublicKey, signed);
    if (list.version <= this.version)
      return false;
    const added = list.serials.filter((s) => !this.serials.has(s));
    this.serials = new Set(list.serials);
    this.current = { list, signed };
    if (added.length)
      this.emit("revoked", added);
    return true;
  }
};

// packages/lookup/dist/src/credentials/key-files.js
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync } from "node:fs";
import { join } from "node:path";
var POOL_KEY_FILE = "pool.key";
var POOL_PUBLIC_FILE = "pool.pub";
var ISSUED_FILE = "issued.jsonl";
var REVOCATIONS_FILE = "revocations.json";
function writeSecret(path, value) {
  writeFileSync(path, JSON.stringify(value, null, 2) + "\n", { mode: 384 });
  chmodSync(path, 384);
}
function readJson(path, what) {
  let text;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new CredentialError(`cannot read ${what} ${path}: ${err.code ?? String(err)}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new CredentialError(`${what} ${path} is not valid JSON`);
  }
}
function writePoolKey(dir, pool, overwrite = false) {
  mkdirSync(dir, { recursive: true, mode: 448 });
  const secretPath = join(dir, POOL_KEY_FILE);
  const publicPath = join(dir, POOL_PUBLIC_FILE);
  if (existsSync(secretPath) && !overwrite) {
    throw new CredentialError(`${secretPath} already exists; a pool has one key (use --force to replace it and orphan every credential issued with it)`);
  }
  writeSecret(secretPath, { type: "lama-pool-key", v: 1, publicKey: toB64u(pool.publicKey), secretKey: toB64u(pool.secretKey) });
  writeFileSync(publicPath, JSON.stringify({ type: "lama-pool-public", v: 1, publicKey: toB64u(pool.publicKey) }, null, 2) + "\n", { mode: 420 });
  return { secretPath, publicPath };
}
function readPoolKey(dir) {
  const path = join(dir, POOL_KEY_FILE);
  const f = readJson(path, "pool key");
  if (f?.type !== "lama-pool-key")
    throw new CredentialError(`${path} is not a LAMA pool key`);
  const secretKey = fromB64u(f.secretKey, SECRET_KEY_BYTES);
  const publicKey = fromB64u(f.publicKey, PUBLIC_KEY_BYTES);
  if (!secretKey || !publicKey)
    throw new CredentialError(`${path} holds a malformed key`);
  if (toB64u(publicKeyOf(secretKey)) !== toB64u(publicKey))
    throw new CredentialError(`${path}: public and secret keys do not match`);
  return { publicKey, secretKey };
}
function writeCredential(path, credential) {
  writeSecret(path, credentialToFile(credential));
}
function loadCredential(path) {
  const value = readJson(path, "credential");
  try {
    return credentialFromFile(value);
  } catch (err) {
    if (err instanceof CredentialError)
      throw new CredentialError(`${path}: ${err.message}`);
    throw err;
  }
}
function recordIssued(dir, c) {
  const r = { name: c.certificate.name, serial: c.certificate.serial, roles: c.certificate.roles, notAfter: c.certificate.notAfter };
  appendFileSync(join(dir, ISSUED_FILE), JSON.stringify(r) + "\n", { mode: 420 });
}
function readIssued(dir) {
  const path = join(dir, ISSUED_FILE);
  if (!existsSync(path))
    return [];
  return readFileSync(path, "utf8").split("\n").filter((l) => l.trim() !== "").map((l) => JSON.parse(l));
}
function readRevocations(dir, poolPublicKey) {
  const path = join(dir, REVOCATIONS_FILE);
  if (!existsSync(path))
    return void 0;
  return readRevocationFile(path, poolPublicKey);
}
function readRevocationFile(path, poolPublicKey) {
  const signed = readJson(path, "revocation list");
  try {
    return { list: verifyRevocations(poolPublicKey, signed), signed };
  } catch (err) {
    if (err instanceof CredentialError)
      throw new CredentialError(`${path}: ${err.message}`);
    throw err;
  }
}
function writeRevocations(dir, signed) {
  const path = join(dir, REVOCATIONS_FILE);
  writeFileSync(path, JSON.stringify(signed, null, 2) + "\n", { mode: 420 });
  return path;
}

// packages/lookup/dist/src/credentials/verifier.js
import { createHash, X509Certificate } from "node:crypto";

// packages/lookup/dist/src/credentials/replay-window.js
var ReplayWindow = class {
  windowMs;
  capacity;
  // Insertion order is expiry order when every entry lives windowMs from when it was seen.
  entries = /* @__PURE__ */ new Map();
  constructor(windowMs, capacity) {
    this.windowMs = windowMs;
    this.capacity = capacity;
  }
  /** True when key was accepted and is still within its window. */
  has(key, now) {
    const until = this.entries.get(key);
    return until !== void 0 && until >= now;
  }
  /** Records key until now + windowMs (+ slack for a timestamp ahead of us); false when full of live entries. */
  add(key, now, aheadMs = 0) {
    this.prune(now);
    if (this.entries.size >= this.capacity)
      return false;
    this.entries.set(key, now + this.windowMs + Math.max(0, aheadMs));
    return true;
  }
  get size() {
    return this.entries.size;
  }
  prune(now) {
    for (const [k, until] of this.entries) {
      if (until >= now)
        break;
      this.entries.delete(k);
    }
  }
};

// packages/lookup/dist/src/rpc/limits.js
var ENV = {
  maxMetadataBytes: "LAMA_MAX_METADATA_BYTES",
  maxStreamsPerCredential: "LAMA_MAX_STREAMS_PER_CREDENTIAL",
  maxStreamsPerConnection: "LAMA_MAX_STREAMS_PER_CONNECTION",
  refusedCacheBytes: "LAMA_REFUSED_CACHE_BYTES",
  minWatchIntervalMs: "LAMA_MIN_WATCH_INTERVAL_MS",
  discoveryNonces: "LAMA_DISCOVERY_NONCES"
};
function currentLimits() {
  const out = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(ENV)) {
    const raw = process.env[ENV[key]];
    if (raw === void 0 || raw === "")
      continue;
    const n = Number(raw);
    if (!Number.isSafeInteger(n) || n < 1)
      throw new ConfigurationError(`${ENV[key]}='${raw}' is not a positive integer`);
    out[key] = n;
  }
  return out;
}

// packages/lookup/dist/src/credentials/verifier.js
var PROOF_WINDOW_MS = 5 * 6e4;
var PROOF_CONTEXT = "lama-proof-v1|";
var CACHE_LIMIT = 2e4;
var MAX_CALL_NONCES = 2e5;
var MAX_TOKEN_CHARS = 4096;
var REFUSED_CACHE_BYTES = DEFAULT_LIMITS.refusedCacheBytes;
var forGood = /* @__PURE__ */ new WeakSet();
function refusedForGood(message) {
  const err = new CredentialError(message);
  forGood.add(err);
  return err;
}
function proofMessage(ts) {
  return Buffer.from(PROOF_CONTEXT + ts, "utf8");
}
function setBounded(map, key, value) {
  if (map.size >= CACHE_LIMIT) {
    const oldest = map.keys().next();
    if (!oldest.done)
      map.delete(oldest.value);
  }
  map.set(key, value);
}
var verifiedCertificates = /* @__PURE__ */ new Map();
var CredentialVerifier = class {
  clock;
  poolKey;
  poolB64;
  // Tokens that failed for good (forged, other pool): refused again without a signature check.
  // Keyed by a digest, not the token, and bounded in bytes, so junk cannot grow it.
  refused = /* @__PURE__ */ new Map();
  refusedBudget = currentLimits().refusedCacheBytes;
  refusedBytes = 0;
  /** Serials this verifier refuses; a newer signed list arrives through update(). */
  revocations;
  proofs = /* @__PURE__ */ new Map();
  peers = /* @__PURE__ */ new Map();
  callNonces = new ReplayWindow(CALL_PROOF_WINDOW_MS, MAX_CALL_NONCES);
  constructor(poolPublicKey, clock = systemClock) {
    this.clock = clock;
    if (poolPublicKey.length !== PUBLIC_KEY_BYTES)
      throw new CredentialError("pool public key must be 32 bytes");
    this.poolKey = publicKeyObject(poolPublicKey);
    this.poolB64 = toB64u(poolPublicKey);
    this.revocations = new RevocationSet(poolPublicKey);
  }
  /** The trusted pool public key, base64url. */
  get poolPublicKey() {
    return this.poolB64;
  }
  /** Verifies a presented certificate token (signature, pool, validity at `at`, default now) and returns its holder. */
  verifyToken(token, at) {
    const cacheKey = `${this.poolB64}|${token}`;
    let principal = verifiedCertificates.get(cacheKey);
    if (!principal) {
      if (token.length > MAX_TOKEN_CHARS)
        throw new CredentialError(`malformed credential token (over ${MAX_TOKEN_CHARS} characters)`);
      const digest = createHash("sha256").update(token).digest("base64url");
      const known = this.refused.get(digest);
      if (known)
        throw new CredentialError(known);
      try {
        principal = this.verifyUncached(token);
      } catch (err) {
        if (err instanceof Error && forGood.has(err))
          this.remember(digest, err.message);
        throw err;
      }
      setBounded(verifiedCertificates, cacheKey, principal);
    }
    return this.checkValidity(principal, at);
  }
  /** Throws unless the principal is not revoked and was valid at `at` (default now); returns it. */
  checkValidity(principal, at) {
    if (this.revocations.has(principal.serial)) {
      throw new CredentialError(`credential '${principal.name}' (serial ${principal.serial}) is revoked`);
    }
    const now = at ?? this.clock.now();
    if (now > principal.notAfter) {
      throw new CredentialError(`credential '${principal.name}' expired at ${new Date(principal.notAfter).toISOString()}`);
    }
    if (now < principal.notBefore) {
      throw new CredentialError(`credential '${principal.name}' is not valid before ${new Date(principal.notBefore).toISOString()}`);
    }
    return principal;
  }
  verifyUncached(token) {
    const dot = token.indexOf(".");
    if (dot <= 0)
      throw new CredentialError("malformed credential token");
    const certBytes = fromB64u(token.slice(0, dot));
    const signature = fromB64u(token.slice(dot + 1), SIGNATURE_BYTES);
    if (!certBytes || !signature)
      throw new CredentialError("malformed credential token");
    const certificate = parseCertificateText(Buffer.from(certBytes).toString("utf8"));
    if (certificate.pool !== this.poolB64) {
      throw refusedForGood(`credential '${certificate.name}' belongs to another pool (pool key ${certificate.pool.slice(0, 12)}\u2026, expected ${this.poolB64.slice(0, 12)}\u2026)`);
    }
    if (!verifyDetached(certBytes, signature, this.poolKey)) {
      throw refusedForGood(`credential '${certificate.name}' is forged: its signature does not verify against the pool key`);
    }
    const publicKey = fromB64u(certificate.key, PUBLIC_KEY_BYTES);
    return {
      name: certificate.name,
      roles: certificate.roles,
      serial: certificate.serial,
      notAfter: Date.parse(certificate.notAfter),
      notBefore: Date.parse(certificate.notBefore),
      publicKey,
      key: publicKeyObject(publicKey)
    };
  }
  remember(digest, message) {
    const cost = digest.length + message.length + 64;
    while (this.refusedBytes + cost > this.refusedBudget && this.refused.size > 0) {
      const [k, v] = this.refused.entries().next().value;
      this.refused.delete(k);
      this.refusedBytes -= k.length + v.length + 64;
    }
    this.refused.set(digest, message);
    this.refusedBytes += cost;
  }
  /** Bytes held by the refused-token cache (for tests and limits). */
  get refusedCacheBytes() {
    return this.refusedBytes;
  }
  /** Checks that proof shows possession of the principal's secret key within the time window. */
  verifyProof(principal, proof) {
    const now = this.clock.now();
    const cacheKey = principal.serial + "|" + proof;
    const seen = this.proofs.get(cacheKey);
    const dot = proof.indexOf(".");
    const ts = dot > 0 ? Number(proof.slice(0, dot)) : NaN;
    if (!Number.isSafeInteger(ts))
      throw new CredentialError("malformed proof of possession");
    if (Math.abs(now - ts) > PROOF_WINDOW_MS) {
      throw new CredentialError(`proof of possession is stale or from the future (${Math.round((now - ts) / 1e3)} s off; clocks must agree within ${PROOF_WINDOW_MS / 1e3} s)`);
    }
    if (seen !== void 0)
      return;
    const signature = fromB64u(proof.slice(dot + 1), SIGNATURE_BYTES);
    if (!signature || !verifyDetached(proofMessage(ts), signature, principal.key)) {
      throw new CredentialError(`proof of possession does not verify for credential '${principal.name}' (wrong secret key)`);
    }
    setBounded(this.proofs, cacheKey, ts);
  }
  /** Checks a call proof: bound to this audience, within ±60 s, signed by the principal, never seen before. */
  verifyCallProof(principal, proof, audience) {
    const { ts, nonce, signature } = parseCallProof(proof);
    const now = this.clock.now();
    if (Math.abs(now - ts) > CALL_PROOF_WINDOW_MS) {
      throw new CredentialError(`proof of possession is stale or from the future (${Math.round((now - ts) / 1e3)} s off; clocks must agree within ${CALL_PROOF_WINDOW_MS / 1e3} s)`);
    }
    const key = `${principal.serial}|${nonce}`;
    if (this.callNonces.has(key, now))
      throw new CredentialError("proof of possession was already used (replayed call)");
    const sig = fromB64u(signature, SIGNATURE_BYTES);
    if (!sig || !verifyDetached(callProofMessage(audience, ts, nonce), sig, principal.key)) {
      throw new CredentialError(`proof of possession does not verify for credential '${principal.name}' (wrong key, or made for another server, method or request)`);
    }
    if (!this.callNonces.add(key, now, ts - now))
      throw new LimitError(`too many plaintext calls within ${CALL_PROOF_WINDOW_MS / 1e3} s (${this.callNonces.capacity}); use TLS`);
  }
  /** The principal of a TLS peer whose certificate the handshake verified against the pool CA. */
  authenticatePeer(cert) {
    let principal = this.peers.get(cert.fingerprint256);
    if (!principal) {
      const x509 = new X509Certificate(cert.raw);
      if (!x509.verify(this.poolKey))
        throw new CredentialError("peer certificate is not signed by the pool key");
      const id = peerIdentity(x509);
      const publicKey = new Uint8Array(Buffer.from(x509.publicKey.export({ format: "jwk" }).x, "base64url"));
      principal = { ...id, publicKey, key: x509.publicKey };
      setBounded(this.peers, cert.fingerprint256, principal);
    }
    return this.checkValidity(principal);
  }
  /** Authenticates a presented token and proof together. */
  authenticate(token, proof) {
    if (!token)
      throw new CredentialError("no LAMA credential presented");
    const principal = this.verifyToken(token);
    if (!proof)
      throw new CredentialError("no proof of possession presented with the credential");
    this.verifyProof(principal, proof);
    return principal;
  }
};
function requireRole(principal, ...roles) {
  if (!roles.some((r) => principal.roles.includes(r))) {
    throw new PermissionError(`role ${roles.map((r) => `'${r}'`).join(" or ")} required; credential '${principal.name}' has ${principal.roles.join(", ")}`);
  }
}

export {
  revoke,
  writePoolKey,
  readPoolKey,
  writeCredential,
  loadCredential,
  recordIssued,
  readIssued,
  readRevocations,
  writeRevocations,
  ReplayWindow,
  currentLimits,
  CredentialVerifier,
  requireRole
};
