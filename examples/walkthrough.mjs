#!/usr/bin/env node
// The lookup-service walkthrough (`npm run demo` until `lama demo` exists).
// Everything listens on 127.0.0.1 and stops at the end; the pool is thrown away.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RegistrarClient, loadCredential } from '@lama/lookup';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lamaBin = join(root, 'packages', 'cli', 'bin', 'lama.js');
const dir = mkdtempSync(join(tmpdir(), 'lama-walkthrough-'));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const say = (text) => console.log(`\n== ${text}`);
// Multicast stays on this machine: loopback, TTL 1, a non-standard group and port.
const MDNS = ['--mdns-interface', '127.0.0.1', '--mdns-group', '239.255.76.88', '--mdns-port', '15388'];
const clients = [];
let lookup;

function lama(...args) {
  const shown = args.filter((a) => !MDNS.includes(a));
  console.log(`$ lama ${shown.join(' ').replaceAll(dir, '$POOL')}${shown.length < args.length ? ' <loopback mdns flags>' : ''}`);
  const r = spawnSync(process.execPath, [lamaBin, ...args], { encoding: 'utf8' });
  process.stdout.write((r.stdout + r.stderr).trimEnd().replaceAll(dir, '$POOL').replace(/^/gm, '  ') + '\n');
  return r.status;
}

function startLookup(credential) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [lamaBin, 'lookup', '--credential', credential, '--listen', '127.0.0.1:0', '--max-lease-ms', '10000', ...MDNS], { stdio: ['ignore', 'pipe', 'inherit'] });
    let buf = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      buf += chunk;
      for (let nl; (nl = buf.indexOf('\n')) >= 0; buf = buf.slice(nl + 1)) {
        const line = JSON.parse(buf.slice(0, nl));
        if (line.msg === 'lookup service listening') resolve({ child, endpoint: line.endpoint });
        else if (line.msg === 'item removed') console.log(`  [lookup service log] item ${line.serviceId.slice(0, 8)} of ${line.owner} removed: ${line.reason}`);
      }
    });
    child.on('exit', (code) => reject(new Error(`lama lookup exited with ${code}`)));
  });
}

function item(name, role) {
  return {
    serviceTypes: ['lama.agent.v1.Agent'],
    endpoint: '127.0.0.1:7000',
    attributes: [{ type: 'lama.Name', fields: { name } }, { type: 'lama.Role', fields: { role } }],
  };
}

async function main() {
  say('1. Create a pool and issue credentials (Ed25519, signed by the pool key)');
  lama('keys', 'init', '--dir', join(dir, 'pool'));
  lama('keys', 'issue', '--dir', join(dir, 'pool'), '--role', 'lookup', '--name', 'lus-1', '--out', join(dir, 'lus-1.cred'));
  for (const n of ['web-1', 'web-2', 'relay-1']) {
    lama('keys', 'issue', '--dir', join(dir, 'pool'), '--role', 'agent', '--name', n, '--out', join(dir, `${n}.cred`));
  }
  lama('keys', 'issue', '--dir', join(dir, 'pool'), '--role', 'controller', '--name', 'console', '--out', join(dir, 'console.cred'));

  say('2. Start a lookup service on loopback');
  lookup = await startLookup(join(dir, 'lus-1.cred'));
  console.log(`  lama lookup listening on ${lookup.endpoint}`);

  const client = (name) => {
    const c = new RegistrarClient({ endpoint: lookup.endpoint, credential: loadCredential(join(dir, `${name}.cred`)) });
    clients.push(c);
    return c;
  };
  const console_ = client('console');

  say('3. The console watches every agent (snapshot, then transitions)');
  const t0 = Date.now();
  const sub = console_.watch({ serviceTypes: ['lama.agent.v1.Agent'] }).subscribe((e) => {
    const who = e.item?.attributes.find((a) => a.type === 'lama.Name')?.fields.name ?? '';
    const extra = e.kind === 'TRANSITION' ? ` ${e.transition}${e.reason !== 'REASON_UNSPECIFIED' ? ` (${e.reason})` : ''}` : '';
    console.log(`  [watch +${((Date.now() - t0) / 1000).toFixed(1)}s] #${e.sequence} ${e.kind}${extra} ${who}`);
  });
  await sleep(300);

  say('4. Three agents register leased items with their roles');
  const web1 = await client('web-1').register(item('web-1', 'web-server'), 3000);
  const web2 = await client('web-2').register(item('web-2', 'web-server'), 3000);
  const relay = await client('relay-1').register(item('relay-1', 'streaming-server'), 3000);
  console.log(`  granted leases: ${[web1, web2, relay].map((r) => `${r.lease.durationMs} ms`).join(', ')}`);
  await sleep(300);

  say('5. Look up by role (a template: unset fields are wildcards)');
  const found = await console_.lookup({ attributes: [{ type: 'lama.Role', fields: { role: 'web-server' } }] });
  console.log(`  web-server: ${found.total} match(es): ${found.items.map((i) => `${i.owner} @ ${i.endpoint}`).join(', ')}`);

  say('6. An agent may not touch another node\'s item');
  await client('web-2').cancel(web1.lease.leaseId).catch((e) => console.log(`  web-2 cancelling web-1's lease: ${e.details}`));
  await console_.register(item('console', 'x'), 1000).catch((e) => console.log(`  the console registering an item: ${e.details}`));

  say('7. web-1 leaves cleanly (cancel); web-2 keeps renewing; relay-1 "dies" (stops renewing)');
  await client('web-1').cancel(web1.lease.leaseId);
  const ka = client('web-2').keepAlive();
  const renewer = setInterval(() => void ka.renew(web2.lease.leaseId, 3000), 1000);
  console.log('  waiting for relay-1\'s lease (3 s) to run out...');
  await sleep(3800);
  clearInterval(renewer);
  ka.close();

  const left = await console_.lookup({});
  console.log(`  still registered: ${left.items.map((i) => i.owner).join(', ')}`);
  sub.unsubscribe();

  say('8. Anyone with a credential of the pool finds it by signed multicast; others get silence');
  lama('ls', '--credential', join(dir, 'console.cred'), ...MDNS);
  lama('keys', 'init', '--dir', join(dir, 'other-pool'));
  lama('keys', 'issue', '--dir', join(dir, 'other-pool'), '--role', 'controller', '--name', 'stranger', '--out', join(dir, 'stranger.cred'));
  lama('ls', '--credential', join(dir, 'stranger.cred'), '--wait-ms', '1500', ...MDNS);
  say('Done: a cancelled lease is a clean departure (CANCELLED); an expired one is a failed node (EXPIRED).');
}

async function cleanup() {
  for (const c of clients) c.close();
  if (lookup) {
    lookup.child.removeAllListeners('exit');
    lookup.child.kill('SIGTERM');
    await new Promise((r) => lookup.child.once('exit', r));
  }
  rmSync(dir, { recursive: true, force: true });
}

process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));
main().then(cleanup, async (err) => {
  console.error(`walkthrough failed: ${err.message}`);
  await cleanup();
  process.exit(1);
});
