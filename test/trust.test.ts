import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { AgentClient } from '@lama/agent';
import { RegistrarClient, loadCredential, type RemoteError } from '@lama/lookup';
import { LamaProcess, lamaSync, startLama } from './helpers/lama-process.js';
import { TestPool } from './helpers/pool.js';

// This file's own loopback group and port.
const MDNS = ['--mdns-interface', '127.0.0.1', '--mdns-group', '239.255.76.74', '--mdns-port', '15740'];
const worker = JSON.stringify({ name: 'worker', module: 'process', options: { command: process.execPath, args: ['-e', 'setInterval(() => {}, 1000)'], startMs: 100 } });

/** Resolves with the error that ends an Observable-backed stream (or 'complete'). */
function ending(subscribe: (next: () => void, error: (e: RemoteError) => void, complete: () => void) => void): Promise<RemoteError | 'complete'> {
  return new Promise((resolve) => subscribe(() => undefined, resolve, () => resolve('complete')));
}

describe('trust: revocation, expiry on open streams, credential upgrades (system: real processes over mutual TLS)', function () {
  this.timeout(90_000);
  const pool = new TestPool();
  const procs: LamaProcess[] = [];
  const closers: { close(): void }[] = [];
  let lookupEndpoint: string;
  let agentEndpoint: string;
  const revocations = () => join(pool.poolDir, 'revocations.json');
  const lama = (...args: string[]) => lamaSync([...args, ...MDNS]);

  before(async () => {
    const lookup = startLama(['lookup', '--credential', pool.issue('lus', 'lookup'), '--listen', '127.0.0.1:0', '--announce-interval-ms', '1000', '--revocations', revocations(), ...MDNS]);
    procs.push(lookup);
    lookupEndpoint = String((await lookup.waitForLog((l) => l.msg === 'lookup service listening')).endpoint);
    const agent = startLama(['agent', '--name', 'node-t', '--credential', pool.issue('node-t', 'agent'), '--listen', '127.0.0.1:0', '--lease-ms', '1500', '--metrics-interval-ms', '200', '--adapter', worker, ...MDNS]);
    procs.push(agent);
    await agent.waitForLog((l) => l.msg === 'registered');
    const ls = JSON.parse(lama('ls', '--credential', pool.issue('reader', 'monitor'), '--json').stdout) as { name: string; endpoint: string }[];
    agentEndpoint = ls.find((r) => r.name === 'node-t')!.endpoint;
  });

  after(async () => {
    for (const c of closers) c.close();
    await Promise.all(procs.map((p) => p.stop('SIGKILL')));
    pool.remove();
  });

  it('a revoked controller is refused by the lookup service and by the agent, and its open stream is closed, within a renewal interval', async () => {
    const opsFile = pool.issue('ops', 'controller');
    const ops = loadCredential(opsFile);
    const other = pool.issue('ops-2', 'controller');
    expect(lama('status', 'node-t', '--credential', opsFile).status).to.equal(0);
    const client = new AgentClient(agentEndpoint, ops, 10_000, { node: 'node-t' });
    closers.push(client);
    let ticks = 0;
    const ended = ending((next, error, complete) => client.watchStatus(200).subscribe({ next: () => { ticks++; next(); }, error, complete }));
    while (ticks < 2) await new Promise((r) => setTimeout(r, 50));

    const revoked = lamaSync(['keys', 'revoke', '--dir', pool.poolDir, ops.certificate.serial]);
    expect(revoked.status, revoked.stderr).to.equal(0);
    expect(revoked.stdout).to.match(new RegExp(`revoked ${ops.certificate.serial} \\(ops\\)`));
    const t0 = Date.now();
    const err = await ended;
    const tookMs = Date.now() - t0;
    expect(err).to.not.equal('complete');
    expect((err as RemoteError).code).to.equal('ERR_CREDENTIAL');
    expect((err as RemoteError).message).to.match(/revoked/);
    // The lookup service polls its file every second; members ask every renewal interval (500 ms here).
    expect(tookMs).to.be.below(5000);

    const status = lama('status', 'node-t', '--credential', opsFile);
    expect(status.status).to.equal(1);
    expect(status.stderr).to.match(/revoked/);
    expect(lama('status', 'node-t', '--credential', other).status).to.equal(0);
  });

  it('an open stream closes when its credential expires', async () => {
    // Valid for five more seconds (issued with a validity of 5 s; notBefore is a minute back).
    const brief = loadCredential(pool.issue('brief', 'monitor', 5 / 86_400));
    const registrar = new RegistrarClient({ endpoint: lookupEndpoint, credential: brief });
    closers.push(registrar);
    const ended = ending((next, error, complete) => registrar.watch({}).subscribe({ next, error, complete }));
    const err = await ended;
    expect(err).to.not.equal('complete');
    expect((err as RemoteError).code).to.equal('ERR_CREDENTIAL');
    expect((err as RemoteError).message).to.match(/expired at/);
    expect(Date.now()).to.be.at.least(Date.parse(brief.certificate.notAfter));
  });

  it('a credential file from before TLS gets a clear message and a one-line upgrade', () => {
    const file = pool.issue('old-ops', 'controller');
    const { x509: _x, poolX509: _p, ...old } = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify(old), { mode: 0o600 });
    const before = lama('status', 'node-t', '--credential', file);
    expect(before.status).to.equal(1);
    expect(before.stderr).to.match(/has no X\.509 certificate \(it was issued before TLS\): upgrade it with `lama keys upgrade --dir POOL_DIR FILE`/);
    const up = lamaSync(['keys', 'upgrade', '--dir', pool.poolDir, file]);
    expect(up.status, up.stderr).to.equal(0);
    expect(up.stdout).to.match(/upgraded .*old-ops\.cred: name=old-ops/);
    expect(lama('status', 'node-t', '--credential', file).status).to.equal(0);
  });

  it('issuing a name again warns and says how to revoke the old credential', () => {
    const out = join(pool.dir, 'twice.cred');
    const first = lamaSync(['keys', 'issue', '--dir', pool.poolDir, '--role', 'agent', '--name', 'twice', '--out', out]);
    expect(first.stderr).to.equal('');
    const serial = /serial=([0-9a-f]{32})/.exec(first.stdout)![1];
    const second = lamaSync(['keys', 'issue', '--dir', pool.poolDir, '--role', 'agent', '--name', 'twice', '--out', out]);
    expect(second.status).to.equal(0);
    expect(second.stderr).to.include(`warning: 'twice' was issued before (serials ${serial})`);
    expect(second.stderr).to.match(/lama keys revoke --dir/);
  });
});
