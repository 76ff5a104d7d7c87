import { resolve } from 'node:path';
import type { Command } from 'commander';
import { LamaCommand } from './options.js';
import { createPoolKey, issueCredential, loadCredential, readPoolKey, writeCredential, writePoolKey, toB64u, ROLES } from '@lama/lookup';
import { positiveNumber } from './options.js';

/** `lama keys`: create the pool key, issue and inspect credentials. */
export function keysCommand(): Command {
  const keys = new LamaCommand('keys').description('create the pool key pair and issue credentials signed by it');

  keys.command('init')
    .description('create a pool: an Ed25519 key pair in DIR (pool.key 0600, pool.pub)')
    .requiredOption('--dir <dir>', 'directory for the pool key')
    .option('--force', 'replace an existing pool key (every credential issued with it stops working)', false)
    .action((o: { dir: string; force: boolean }) => {
      const pool = createPoolKey();
      const { secretPath, publicPath } = writePoolKey(resolve(o.dir), pool, o.force);
      console.log(`pool created: ${secretPath} (secret, mode 0600), ${publicPath}`);
      console.log(`pool public key: ${toB64u(pool.publicKey)}`);
    });

  keys.command('issue')
    .description('issue a credential: a new key pair plus a certificate (name, roles, validity) signed by the pool key')
    .requiredOption('--dir <dir>', 'directory holding pool.key')
    .requiredOption('--role <roles>', `comma-separated roles: ${ROLES.join(', ')}`)
    .requiredOption('--name <name>', "the holder's name (a node name, or a controller's)")
    .requiredOption('--out <file>', 'where to write the credential (mode 0600)')
    .option('--valid-days <n>', 'validity in days', positiveNumber, 365)
    .action((o: { dir: string; role: string; name: string; out: string; validDays: number }) => {
      const pool = readPoolKey(resolve(o.dir));
      const credential = issueCredential(pool, { name: o.name, roles: [o.role], validDays: o.validDays });
      writeCredential(resolve(o.out), credential);
      const c = credential.certificate;
      console.log(`issued ${o.out}: name=${c.name} roles=${c.roles.join(',')} serial=${c.serial} valid until ${c.notAfter}`);
    });

  keys.command('show')
    .description("print a credential's certificate (never its secret key)")
    .argument('<file>', 'credential file')
    .option('--json', 'print JSON', false)
    .action((file: string, o: { json: boolean }) => {
      const c = loadCredential(resolve(file)).certificate;
      if (o.json) console.log(JSON.stringify(c, null, 2));
      else console.log(`name ${c.name}\nroles ${c.roles.join(',')}\nserial ${c.serial}\npool ${c.pool}\nvalid ${c.notBefore} .. ${c.notAfter}`);
    });
  return keys;
}
