import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import "./chunk-VCFP5DZ7.js";
import "./chunk-VMRBDOJN.js";
import "./chunk-W74NIISL.js";
import {
  loadCredential,
  readIssued,
  readPoolKey,
  readRevocations,
  recordIssued,
  revoke,
  writeCredential,
  writePoolKey,
  writeRevocations
} from "./chunk-AGYS2BOI.js";
import "./chunk-GREZTAM7.js";
import "./chunk-YUNTATBM.js";
import "./chunk-I7Y4U2ZV.js";
import "./chunk-IKSWEGPT.js";
import "./chunk-MT4BYXDY.js";
import "./chunk-ZWHKMG5D.js";
import {
  createPoolKey,
  issueCredential,
  withX509
} from "./chunk-FEDWZIOZ.js";
import "./chunk-A4HYEA5Q.js";
import {
  toB64u
} from "./chunk-COLKQ3MG.js";
import "./chunk-2F4QKM7O.js";
import "./chunk-532ZK4EG.js";
import "./chunk-5RG6R7ES.js";

// packages/cli/dist/src/cli/keys-action.js
import { resolve } from "node:path";
function initPool(o) {
  const pool = createPoolKey();
  const { secretPath, publicPath } = writePoolKey(resolve(o.dir), pool, o.force);
  console.log(`pool created: ${secretPath} (secret, mode 0600), ${publicPath}`);
  console.log(`pool public key: ${toB64u(pool.publicKey)}`);
}
function issue(o) {
  const dir = resolve(o.dir);
  const pool = readPoolKey(dir);
  const credential = issueCredential(pool, { name: o.name, roles: [o.role], validDays: o.validDays });
  const earlier = readIssued(dir).filter((r) => r.name === o.name);
  writeCredential(resolve(o.out), credential);
  recordIssued(dir, credential);
  const c = credential.certificate;
  if (earlier.length)
    console.error(`warning: '${o.name}' was issued before (serials ${earlier.map((r) => r.serial).join(", ")}); revoke the old one unless both should stay valid: lama keys revoke --dir ${o.dir} SERIAL`);
  console.log(`issued ${o.out}: name=${c.name} roles=${c.roles.join(",")} serial=${c.serial} valid until ${c.notAfter}`);
}
function show(file, o) {
  const c = loadCredential(resolve(file)).certificate;
  if (o.json)
    console.log(JSON.stringify(c, null, 2));
  else
    console.log(`name ${c.name}
roles ${c.roles.join(",")}
serial ${c.serial}
pool ${c.pool}
valid ${c.notBefore} .. ${c.notAfter}`);
}
function upgrade(files, o) {
  const pool = readPoolKey(resolve(o.dir));
  for (const file of files) {
    const credential = withX509(pool, loadCredential(resolve(file)));
    writeCredential(resolve(file), credential);
    console.log(`upgraded ${file}: name=${credential.certificate.name} serial=${credential.certificate.serial} (X.509 certificate for TLS added)`);
  }
}
function revokeSerials(serials, o) {
  const dir = resolve(o.dir);
  const pool = readPoolKey(dir);
  const previous = readRevocations(dir, pool.publicKey)?.list;
  const signed = revoke(pool, previous, serials);
  const path = writeRevocations(dir, signed);
  const names = new Map(readIssued(dir).map((r) => [r.serial, r.name]));
  for (const s of serials)
    console.log(`revoked ${s}${names.has(s) ? ` (${names.get(s)})` : ""}`);
  console.log(`wrote ${path}: ${JSON.parse(signed.list).serials.length} serials; lookup services started with --revocations ${path} pass it to every member within a renewal interval`);
}
export {
  initPool,
  issue,
  revokeSerials,
  show,
  upgrade
};
