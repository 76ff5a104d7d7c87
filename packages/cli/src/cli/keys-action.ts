import { resolve } from 'node:path';
import { createPoolKey, issueCredential, loadCredential, readPoolKey, writeCredential, writePoolKey, toB64u } from '@lama/lookup';

/** `lama keys init`. */
export function initPool(o: { dir: string; force: boolean }): void {
  const pool = createPoolKey();
  const { secretPath, publicPath } = writePoolKey(resolve(o.dir), pool, o.force);
  console.log(`pool created: ${secretPath} (secret, mode 0600), ${publicPath}`);
  console.log(`pool public key: ${toB64u(pool.publicKey)}`);
}

/** `lama keys issue`. */
export function issue(o: { dir: string; role: string; name: string; out: string; validDays: number }): void {
  const pool = readPoolKey(resolve(o.dir));
  const credential = issueCredential(pool, { name: o.name, roles: [o.role], validDays: o.validDays });
  writeCredential(resolve(o.out), credential);
  const c = credential.certificate;
  console.log(`issued ${o.out}: name=${c.name} roles=${c.roles.join(',')} serial=${c.serial} valid until ${c.notAfter}`);
}

/** `lama keys show`. */
export function show(file: string, o: { json: boolean }): void {
  const c = loadCredential(resolve(file)).certificate;
  if (o.json) console.log(JSON.stringify(c, null, 2));
  else console.log(`name ${c.name}\nroles ${c.roles.join(',')}\nserial ${c.serial}\npool ${c.pool}\nvalid ${c.notBefore} .. ${c.notAfter}`);
}
