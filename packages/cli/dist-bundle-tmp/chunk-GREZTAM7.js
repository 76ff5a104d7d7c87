import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  fromB64u,
  signDetached,
  toB64u,
  verifyDetached
} from "./chunk-COLKQ3MG.js";
import {
  CredentialError,
  DiscoveryRejection
} from "./chunk-2F4QKM7O.js";

// packages/lookup/dist/src/discovery/verified-memo.js
var VERIFIED_MEMO_ENTRIES = 256;
var VerifiedMemo = class {
  capacity;
  entries = /* @__PURE__ */ new Map();
  constructor(capacity = VERIFIED_MEMO_ENTRIES) {
    this.capacity = capacity;
  }
  /** The key of fields checked against a pool key: every field verbatim, in a form no two different field sets share. */
  static keyOf(poolPublicKey, fields) {
    return JSON.stringify([poolPublicKey, Object.entries(fields).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0)]);
  }
  /** The signer remembered for this key (and marks it recently used), or undefined. */
  get(key) {
    const principal = this.entries.get(key);
    if (principal !== void 0) {
      this.entries.delete(key);
      this.entries.set(key, principal);
    }
    return principal;
  }
  /** Remembers a verified signer, forgetting the least recently used entry beyond capacity. */
  set(key, principal) {
    this.entries.delete(key);
    this.entries.set(key, principal);
    if (this.entries.size > this.capacity)
      this.entries.delete(this.entries.keys().next().value);
  }
  /** Entries held (for tests). */
  get size() {
    return this.entries.size;
  }
};

// packages/lookup/dist/src/discovery/signed-fields.js
var REJECT_REASONS = ["malformed", "credential", "role", "signature", "stale", "replay", "unsolicited", "group", "limit"];
var CONTEXT = "lama-discovery-v1\n";
var CHUNK = 240;
var MAX_CHUNKS = 16;
var DISCOVERY_WINDOW_MS = 3e4;
function canonical(fields) {
  const keys = Object.keys(fields).filter((k) => k !== "sig").sort();
  return Buffer.from(CONTEXT + keys.map((k) => `${k}=${fields[k]}`).join("\n"), "utf8");
}
function signFields(fields, credential) {
  const out = { ...fields };
  const token = credential.token;
  for (let i = 0; i * CHUNK < token.length; i++)
    out[`c${i}`] = token.slice(i * CHUNK, (i + 1) * CHUNK);
  out.sig = toB64u(signDetached(canonical(out), credential.signingKey));
  return out;
}
var verified = new VerifiedMemo();
function verifyFields(fields, verifier, memo = false) {
  const key = memo ? VerifiedMemo.keyOf(verifier.poolPublicKey, fields) : void 0;
  const known = key === void 0 ? void 0 : verified.get(key);
  if (known !== void 0)
    return credentialCheck(() => verifier.checkValidity(known));
  let token = "";
  for (let i = 0; i < MAX_CHUNKS && fields[`c${i}`] !== void 0; i++)
    token += fields[`c${i}`];
  if (!token)
    throw new DiscoveryRejection("malformed", "no credential in the message");
  const principal = credentialCheck(() => verifier.verifyToken(token));
  const sig = fromB64u(fields.sig, 64);
  if (!sig || !verifyDetached(canonical(fields), sig, principal.key)) {
    throw new DiscoveryRejection("signature", `signature of '${principal.name}' does not verify`);
  }
  if (key !== void 0)
    verified.set(key, principal);
  return principal;
}
function credentialCheck(check) {
  try {
    return check();
  } catch (err) {
    if (err instanceof CredentialError)
      throw new DiscoveryRejection("credential", err.message);
    throw err;
  }
}
function checkFresh(ts, now) {
  const n = Number(ts);
  if (!ts || !Number.isSafeInteger(n))
    throw new DiscoveryRejection("malformed", "missing or bad timestamp");
  if (Math.abs(now - n) > DISCOVERY_WINDOW_MS)
    throw new DiscoveryRejection("stale", `timestamp ${Math.round((now - n) / 1e3)} s off`);
  return n;
}
function toTxt(fields) {
  return Object.entries(fields).map(([k, v]) => Buffer.from(`${k}=${v}`, "utf8"));
}
function fromTxt(data) {
  const list = Array.isArray(data) ? data : [data];
  const out = {};
  if (list.length > 64)
    throw new DiscoveryRejection("malformed", "too many TXT strings");
  for (const raw of list) {
    if (!Buffer.isBuffer(raw) && typeof raw !== "string")
      throw new DiscoveryRejection("malformed", "TXT string is not text");
    const s = raw.toString();
    const eq = s.indexOf("=");
    if (eq <= 0)
      throw new DiscoveryRejection("malformed", "TXT string without key=value");
    const key = s.slice(0, eq);
    if (!/^[a-z0-9]{1,16}$/.test(key) || Object.hasOwn(out, key))
      throw new DiscoveryRejection("malformed", `bad or repeated TXT key '${key.slice(0, 20)}'`);
    out[key] = s.slice(eq + 1);
  }
  return out;
}

export {
  REJECT_REASONS,
  DISCOVERY_WINDOW_MS,
  signFields,
  verifyFields,
  checkFresh,
  toTxt,
  fromTxt
};
