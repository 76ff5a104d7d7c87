import type { Command } from 'commander';
import { ROLES } from '@lama/lookup/constants';
import { LamaCommand, positiveNumber } from './options.js';

/** `lama keys`: create the pool key, issue and inspect credentials. */
export function keysCommand(): Command {
  const keys = new LamaCommand('keys').description('create the pool key pair and issue credentials signed by it');

  keys.command('init')
    .description('create a pool: an Ed25519 key pair in DIR (pool.key 0600, pool.pub)')
    .requiredOption('--dir <dir>', 'directory for the pool key')
    .option('--force', 'replace an existing pool key (every credential issued with it stops working)', false)
    .action(async (o: { dir: string; force: boolean }) => (await import('./keys-action.js')).initPool(o));

  keys.command('issue')
    .description('issue a credential: a new key pair plus a certificate (name, roles, validity) signed by the pool key')
    .requiredOption('--dir <dir>', 'directory holding pool.key')
    .requiredOption('--role <roles>', `comma-separated roles: ${ROLES.join(', ')}`)
    .requiredOption('--name <name>', "the holder's name (a node name, or a controller's)")
    .requiredOption('--out <file>', 'where to write the credential (mode 0600)')
    .option('--valid-days <n>', 'validity in days', positiveNumber, 365)
    .action(async (o: { dir: string; role: string; name: string; out: string; validDays: number }) => (await import('./keys-action.js')).issue(o));

  keys.command('show')
    .description("print a credential's certificate (never its secret key)")
    .argument('<file>', 'credential file')
    .option('--json', 'print JSON', false)
    .action(async (file: string, o: { json: boolean }) => (await import('./keys-action.js')).show(file, o));
  return keys;
}
