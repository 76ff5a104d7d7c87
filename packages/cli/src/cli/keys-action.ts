import { resolve } from 'node:path';
import {
  createPoolKey, issueCredential, loadCredential, readIssued, readPoolKey, readRevocations, recordIssued, revoke, toB64u, withX509, writeCredential, writePoolKey, writeRevocations,
} from '@lama/lookup';

/** `lama keys init`. */
export function initPool(o: { dir: string; force: boolean }): void {
  const pool = createPoolKey();
  const { secretPath, publicPath } = writePoolKey(resolve(o.dir), pool, o.force);
  console.log(`pool created: ${secretPath} (secret, mode 0600), ${publicPath}`);
  console.log(`pool public key: ${toB64u(pool.publicKey)}`);
}

/** `lama keys issue`. */
export function issue(o: { dir: string; role: string; name: string; out: string; validDays: number }): void {
  const dir = resolve(o.dir);
  const pool = readPoolKey(dir);
  const credential = issueCredential(pool, { name: o.name, roles: [o.role], validDays: o.validDays });
  const earlier = readIssued(dir).filter((r) => r.name === o.name);
  writeCredential(resolve(o.out), credential);
  recordIssued(dir, credential);
  const c = credential.certificate;
  // Two live credentials with one name are two holders the pool cannot tell apart by name.
  if (earlier.length) console.error(`warning: '${o.name}' was issued before (serials ${earlier.map((r) => r.serial).join(', ')}); revoke the old one unless both should stay valid: lama keys revoke --dir ${o.dir} SERIAL`);
  console.log(`issued ${o.out}: name=${c.name} roles=${c.roles.join(',')} serial=${c.serial} valid until ${c.notAfter}`);
}

/** `lama keys show`. */
export function show(file: string, o: { json: boolean }): void {
  const c = loadCredential(resolve(file)).certificate;
  if (o.json) console.log(JSON.stringify(c, null, 2));
  else console.log(`name ${c.name}\nroles ${c.roles.join(',')}\nserial ${c.serial}\npool ${c.pool}\nvalid ${c.notBefore} .. ${c.notAfter}`);
}

/** `lama keys upgrade`: re-signs each file's X.509 face with the pool key that issued it. */
export function upgrade(files: string[], o: { dir: string }): void {
  const pool = readPoolKey(resolve(o.dir));
  for (const file of files) {
    const credential = withX509(pool, loadCredential(resolve(file)));
    writeCredential(resolve(file), credential);
    console.log(`upgraded ${file}: name=${credential.certificate.name} serial=${credential.certificate.serial} (X.509 certificate for TLS added)`);
  }
}

/** `lama keys revoke`: a new signed list with these serials added to DIR/revocations.json. */
export function revokeSerials(serials: string[], o: { dir: string }): void {
  const dir = resolve(o.dir);
  const pool = readPoolKey(dir);
  const previous = readRevocations(dir, pool.publicKey)?.list;
  const signed = revoke(pool, previous, serials);
  const path = writeRevocations(dir, signed);
  const names = new Map(readIssued(dir).map((r) => [r.serial, r.name]));
  for (const s of serials) console.log(`revoked ${s}${names.has(s) ? ` (${names.get(s)})` : ''}`);
  console.log(`wrote ${path}: ${JSON.parse(signed.list).serials.length} serials; lookup services started with --revocations ${path} pass it to every member within a renewal interval`);
}
