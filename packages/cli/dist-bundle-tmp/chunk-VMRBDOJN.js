import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  requireRole
} from "./chunk-AGYS2BOI.js";
import {
  SIGNATURE_BYTES,
  fromB64u,
  signDetached,
  toB64u,
  verifyDetached
} from "./chunk-COLKQ3MG.js";
import {
  CredentialError
} from "./chunk-2F4QKM7O.js";

// packages/lookup/dist/src/credentials/signed-document.js
var KIND = /^[a-z][a-z0-9.-]{0,63}$/;
var FUTURE_SLACK_MS = 5 * 6e4;
function message(kind, signedAt, body) {
  return Buffer.from(`lama-doc-v1|${kind}|${signedAt}|${body}`, "utf8");
}
function signDocument(credential, kind, body, now = Date.now()) {
  if (!KIND.test(kind))
    throw new CredentialError(`document kind '${kind}' must be lowercase letters, digits, '.' and '-'`);
  const text = JSON.stringify(body);
  const signedAt = new Date(now).toISOString();
  const signature = signDetached(message(kind, signedAt, text), credential.signingKey);
  return { type: "lama-signed", v: 1, kind, body: text, signer: credential.token, signedAt, signature: toB64u(signature) };
}
function verifyDocument(verifier, value, expect) {
  if (typeof value !== "object" || value === null)
    throw new CredentialError("signed document is not a JSON object");
  const d = value;
  if (d.type !== "lama-signed" || d.v !== 1)
    throw new CredentialError("not a LAMA signed document (fields 'type' and 'v')");
  for (const field of ["kind", "body", "signer", "signedAt", "signature"]) {
    if (typeof d[field] !== "string")
      throw new CredentialError(`signed document field '${field}' is missing or not a string`);
  }
  const doc = d;
  if (doc.kind !== expect.kind)
    throw new CredentialError(`signed document is a '${doc.kind}', expected a '${expect.kind}'`);
  const max = expect.maxChars ?? 64 * 1024 * 1024;
  if (doc.body.length > max)
    throw new CredentialError(`signed document body is over ${max} characters`);
  const signedAt = Date.parse(doc.signedAt);
  if (Number.isNaN(signedAt))
    throw new CredentialError("signed document field 'signedAt' is not an ISO time");
  if (signedAt > verifier.clock.now() + FUTURE_SLACK_MS)
    throw new CredentialError(`signed document is dated in the future (${doc.signedAt})`);
  const signer = verifier.verifyToken(doc.signer, signedAt);
  if (expect.roles && expect.roles.length > 0)
    requireRole(signer, ...expect.roles);
  const signature = fromB64u(doc.signature, SIGNATURE_BYTES);
  if (!signature || !verifyDetached(message(doc.kind, doc.signedAt, doc.body), signature, signer.key)) {
    throw new CredentialError(`signed document does not verify: its body or date was changed after '${signer.name}' signed it, or another key signed it`);
  }
  let body;
  try {
    body = JSON.parse(doc.body);
  } catch {
    throw new CredentialError("signed document body is not valid JSON");
  }
  return { body, signer, signedAt };
}

export {
  signDocument,
  verifyDocument
};
