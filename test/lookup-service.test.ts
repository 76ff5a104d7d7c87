import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { expect } from 'chai';
import { firstValueFrom, filter, take, toArray, timeout } from 'rxjs';
import { service as healthService } from 'grpc-health-check';
import {
  CredentialError, UnknownLeaseError, type RemoteError, RegistrarClient, createPoolKey, issueCredential, loadCredential, readPoolKey, type Credential, type RemoteWatchEvent, type ServiceItem,
} from '@lama/lookup';
import { LamaProcess, startLama, lamaSync, startLookup } from './helpers/lama-process.js';
import { TestPool } from './helpers/pool.js';

function agentItem(name: string, role = 'web-server'): Partial<ServiceItem> {
  return {
    serviceTypes: ['lama.agent.v1.Agent'],
    endpoint: '127.0.0.1:7001',
    attributes: [{ type: 'lama.Label', fields: { name } }, { type: 'lama.Role', fields: { role } }],
  };
}

async function rejection(p: Promise<unknown>): Promise<RemoteError> {
  try {
    await p;
  } catch (err) {
    return err as RemoteError;
  }
  throw new Error('expected the call to fail');
}

describe('lama lookup (system: real process, real gRPC, real credentials)', function () {
  this.timeout(60_000);
  const pool = new TestPool();
  let lookup: { proc: LamaProcess; endpoint: string };
  const clients: RegistrarClient[] = [];
  let agent1: Credential;
  let agent2: Credential;
  let controller: Credential;

  const client = (credential: Credential): RegistrarClient => {
    const c = new RegistrarClient({ endpoint: lookup.endpoint, credential });
    clients.push(c);
    return c;
  };

  before(async () => {
    agent1 = pool.credential('node-1', 'agent');
    agent2 = pool.credential('node-2', 'agent');
    controller = pool.credential('console', 'controller');
    lookup = await startLookup(pool.issue('lus', 'lookup'), ['--max-lease-ms', '20000']);
  });

  after(async () => {
    for (const c of clients) c.close();
    await lookup?.proc.stop();
    pool.remove();
  });

  it('registers, looks up by role, renews, and cancels', async () => {
    const c = client(agent1);
    const { serviceId, lease } = await c.register(agentItem('node-1'), 5000);
    expect(lease.durationMs).to.equal(5000);
    const found = await client(controller).lookup({ attributes: [{ type: 'lama.Label', fields: { name: 'node-1' } }] });
    expect(found.total).to.equal(1);
    expect(found.items[0]).to.include({ serviceId, owner: 'node-1', endpoint: '127.0.0.1:7001' });
    expect(await c.renew(lease.leaseId, 60_000)).to.equal(20_000);
    await c.cancel(lease.leaseId);
    expect((await c.lookup({ serviceId })).total).to.equal(0);
  });

  it('grants at most --max-lease-ms and renews over the keep-alive stream', async () => {
    const c = client(agent1);
    const a = await c.register(agentItem('ka-1'), 999_999);
    const b = await c.register(agentItem('ka-2'), 1000);
    expect(a.lease.durationMs).to.equal(20_000);
    const ka = c.keepAlive();
    const results = await Promise.all([ka.renew(a.lease.leaseId, 3000), ka.renew(b.lease.leaseId, 4000), ka.renew('no-such-lease', 1000)]);
    ka.close();
    expect(results.map((r) => [r.code, r.durationMs])).to.deep.equal([[0, 3000], [0, 4000], [grpc.status.NOT_FOUND, 0]]);
    expect(results.map((r) => r.errorCode)).to.deep.equal(['', '', 'ERR_UNKNOWN_LEASE']);
    expect(results[2].message).to.match(/UNKNOWN_LEASE/);
    const batch = await c.renewBatch([{ leaseId: a.lease.leaseId, durationMs: 2000 }, { leaseId: 'nope', durationMs: 2000 }]);
    expect(batch.map((r) => r.code)).to.deep.equal([0, grpc.status.NOT_FOUND]);
    await c.cancel(a.lease.leaseId);
    await c.cancel(b.lease.leaseId);
  });

  it('watchers see the registration and an expiry with reason EXPIRED soon after the lease ends', async () => {
    const watcher = client(controller);
    const template = { attributes: [{ type: 'lama.Label', fields: { name: 'short-lived' } }] };
    const events: RemoteWatchEvent[] = [];
    let removedAt = 0;
    const removed = new Promise<void>((resolve, reject) => {
      const sub = watcher.watch(template).subscribe({
        next: (e) => {
          events.push(e);
          if (e.transition === 'MATCH_NOMATCH') { removedAt = Date.now(); sub.unsubscribe(); resolve(); }
        },
        error: reject,
      });
    });
    // Wait for the snapshot to finish before registering.
    await new Promise((r) => setTimeout(r, 200));
    const registeredAt = Date.now();
    await client(agent2).register(agentItem('short-lived'), 1000);
    await removed;
    expect(events.map((e) => e.kind)).to.deep.equal(['SYNCED', 'TRANSITION', 'TRANSITION']);
    expect(events[1].transition).to.equal('NOMATCH_MATCH');
    expect(events[2]).to.include({ transition: 'MATCH_NOMATCH', reason: 'EXPIRED' });
    expect(events.map((e) => e.sequence)).to.deep.equal([1, 2, 3]);
    // Not before the lease ends; promptness is measured in bench/registrar, here only bounded loosely.
    expect(removedAt - registeredAt).to.be.within(1000, 3000);
    const log = await lookup.proc.waitForLog((l) => l.msg === 'item removed' && l.reason === 'EXPIRED');
    expect(log.owner).to.equal('node-2');
  });

  it('binds items to their registering credential: another agent cannot renew, cancel, change or replace them', async () => {
    const { serviceId, lease } = await client(agent1).register(agentItem('owned'), 10_000);
    const other = client(agent2);
    for (const call of [
      other.renew(lease.leaseId, 1000),
      other.cancel(lease.leaseId),
      other.addAttributes(serviceId, [{ type: 'x', fields: {} }]),
      other.register({ ...agentItem('owned'), serviceId }, 1000),
    ]) {
      const err = await rejection(call);
      expect(err.status).to.equal(grpc.status.PERMISSION_DENIED);
      expect(err.code).to.equal('ERR_PERMISSION');
    }
    const item = (await client(controller).lookup({ serviceId })).items[0];
    expect(item.attributes).to.have.length(2);
    await client(agent1).cancel(lease.leaseId);
  });

  it('a controller may look up and watch but not register', async () => {
    const err = await rejection(client(controller).register(agentItem('ctl'), 1000));
    expect(err.status).to.equal(grpc.status.PERMISSION_DENIED);
    expect(err.details).to.match(/role 'agent' or 'lookup' required; credential 'console' has controller/);
  });

  describe('over mutual TLS (the default), refuses what is not a pool member, says why, and changes nothing', () => {
    const poolKey = () => readPoolKey(pool.poolDir);
    const intruderRegistered = async (): Promise<number> => (await client(controller).lookup({ attributes: [{ type: 'lama.Label', fields: { name: 'intruder' } }] })).total;
    const rawTls = (credential: Credential | undefined, ca: string): grpc.Client => {
      const Ctor = grpc.makeGenericClientConstructor({}, 'x');
      const key = credential ? Buffer.from(credential.signingKey.export({ format: 'pem', type: 'pkcs8' }) as string) : null;
      const cert = credential?.x509 ? Buffer.from(credential.x509.certificate) : null;
      return new Ctor(lookup.endpoint, grpc.credentials.createSsl(Buffer.from(ca), key, cert, { checkServerIdentity: () => undefined }), { 'grpc.ssl_target_name_override': 'lus' });
    };
    const rawLookup = (raw: grpc.Client): Promise<grpc.ServiceError> => new Promise((resolve) => {
      raw.makeUnaryRequest('/lama.lookup.v1.Registrar/Lookup', (x: Buffer) => x, (x: Buffer) => x, Buffer.alloc(0), (e) => resolve(e as grpc.ServiceError));
    });

    it('another pool: its client will not talk to our server, and with our CA trusted our server refuses it', async () => {
      const stranger = issueCredential(createPoolKey(), { name: 'stranger', roles: ['agent'] });
      const err = await rejection(client(stranger).register(agentItem('intruder'), 1000));
      expect(err.status).to.equal(grpc.status.UNAVAILABLE);
      expect(err.message).to.match(/certificate/);
      // A stranger that trusts our CA (pool.pub is no secret) presents its own certificate anyway.
      const raw = rawTls(stranger, agent1.x509!.pool);
      const refused = await rawLookup(raw);
      raw.close();
      expect(refused.code).to.equal(grpc.status.UNAUTHENTICATED);
      expect(refused.details).to.match(/no client certificate issued by this pool/);
      expect(await intruderRegistered()).to.equal(0);
    });

    it('expired: the holder refuses to use it and says so; presented anyway, the server refuses it', async () => {
      const old = issueCredential(poolKey(), { name: 'old', roles: ['agent'], validDays: 1, now: Date.now() - 3 * 86_400_000 });
      const err = await rejection(client(old).register(agentItem('intruder'), 1000));
      expect(err).to.be.instanceOf(CredentialError);
      expect(err.message).to.match(/expired at/);
      const raw = rawTls(old, old.x509!.pool);
      const refused = await rawLookup(raw);
      raw.close();
      expect(refused.code).to.equal(grpc.status.UNAUTHENTICATED);
      expect(await intruderRegistered()).to.equal(0);
    });

    it('forged (signed by a key that is not the pool key): no handler runs and the server keeps serving', async () => {
      const fake = createPoolKey();
      const mallory = issueCredential({ publicKey: poolKey().publicKey, secretKey: fake.secretKey }, { name: 'mallory', roles: ['agent', 'controller'] });
      const err = await rejection(client(mallory).register(agentItem('intruder'), 1000));
      expect(err).to.be.instanceOf(CredentialError);
      expect(err.message).to.match(/not signed by its pool key \(forged\)/);
      // Presented anyway, with the pool's real CA trusted: the handshake fails and no handler runs.
      const raw = rawTls(mallory, agent1.x509!.pool);
      const refused = await rawLookup(raw);
      raw.close();
      expect(refused.code).to.be.oneOf([grpc.status.UNAVAILABLE, grpc.status.UNAUTHENTICATED, grpc.status.INTERNAL]);
      expect(await intruderRegistered()).to.equal(0);
    });

    it('stolen certificate without its secret key: refused before anything is sent', async () => {
      const victim = loadCredential(pool.issue('victim', 'agent'));
      const thief = issueCredential(createPoolKey(), { name: 'thief', roles: ['agent'] });
      const err = await rejection(client({ ...victim, signingKey: thief.signingKey }).register(agentItem('intruder'), 1000));
      expect(err).to.be.instanceOf(CredentialError);
      expect(err.message).to.match(/secret key does not belong to the certificate/);
      expect(await intruderRegistered()).to.equal(0);
    });

    it('no certificate at all: UNAUTHENTICATED, and the refusal is logged', async () => {
      const raw = rawTls(undefined, agent1.x509!.pool);
      const err = await rawLookup(raw);
      raw.close();
      expect(err.code).to.equal(grpc.status.UNAUTHENTICATED);
      expect(err.details).to.match(/no client certificate issued by this pool/);
      await lookup.proc.waitForLog((l) => l.msg === 'call rejected' && /no client certificate/.test(String(l.err)));
    });
  });

  describe('in the plaintext mode (loopback only), refuses bad credentials with UNAUTHENTICATED and a clear message', () => {
    let plain: { proc: LamaProcess; endpoint: string };
    const plainClient = (credential: Credential): RegistrarClient => {
      const c = new RegistrarClient({ endpoint: plain.endpoint, credential, transport: 'plaintext', expect: { name: 'lus-plain' } });
      clients.push(c);
      return c;
    };
    before(async () => {
      plain = await startLookup(pool.issue('lus-plain', 'lookup'), [], { LAMA_PLAINTEXT: '1' });
    });
    after(async () => {
      await plain?.proc.stop();
    });

    const poolKey = () => readPoolKey(pool.poolDir);
    const cases: [string, () => Credential, RegExp][] = [
      ['another pool', () => issueCredential(createPoolKey(), { name: 'stranger', roles: ['agent'] }), /another pool/],
      ['expired', () => issueCredential(poolKey(), { name: 'old', roles: ['agent'], validDays: 1, now: Date.now() - 3 * 86_400_000 }), /expired at/],
      ['forged (signed by a key that is not the pool key)', () => {
        const fake = createPoolKey();
        return issueCredential({ publicKey: poolKey().publicKey, secretKey: fake.secretKey }, { name: 'mallory', roles: ['agent', 'controller'] });
      }, /forged/],
      ['stolen certificate without its secret key', () => {
        const victim = loadCredential(pool.issue('victim', 'agent'));
        const thief = issueCredential(createPoolKey(), { name: 'thief', roles: ['agent'] });
        return { ...victim, signingKey: thief.signingKey };
      }, /does not verify/],
    ];
    for (const [name, make, message] of cases) {
      it(name, async () => {
        const c = plainClient(make());
        for (const call of [c.lookup({}), c.register(agentItem('intruder'), 1000)]) {
          const err = await rejection(call);
          expect(err.status).to.equal(grpc.status.UNAUTHENTICATED);
          expect(err).to.be.instanceOf(CredentialError);
          expect(err.details).to.match(message);
        }
        const watchErr = await firstValueFrom(c.watch({})).then(() => undefined, (e: RemoteError) => e);
        expect(watchErr?.status).to.equal(grpc.status.UNAUTHENTICATED);
        expect(watchErr?.code).to.equal('ERR_CREDENTIAL');
        expect((await plainClient(controller).lookup({ attributes: [{ type: 'lama.Label', fields: { name: 'intruder' } }] })).total).to.equal(0);
      });
    }

    it('no credential at all', async () => {
      const Ctor = grpc.makeGenericClientConstructor({}, 'x');
      const raw = new Ctor(plain.endpoint, grpc.credentials.createInsecure());
      const err = await new Promise<grpc.ServiceError>((resolve) => {
        raw.makeUnaryRequest('/lama.lookup.v1.Registrar/Lookup', (x: Buffer) => x, (x: Buffer) => x, Buffer.alloc(0), (e) => resolve(e as grpc.ServiceError));
      });
      raw.close();
      expect(err.code).to.equal(grpc.status.UNAUTHENTICATED);
      expect(err.details).to.match(/no LAMA credential/);
      await plain.proc.waitForLog((l) => l.msg === 'call rejected' && /no LAMA credential/.test(String(l.err)));
    });

    it('refuses to listen in plaintext anywhere but loopback', () => {
      const r = lamaSync(['lookup', '--credential', pool.issue('lus-wide', 'lookup'), '--listen', '0.0.0.0:0'], { LAMA_PLAINTEXT: '1' });
      expect(r.status).to.equal(1);
      expect(r.stderr).to.match(/plaintext gRPC is allowed on loopback only/);
    });
  });

  it('answers bad input with a precise status and keeps serving', async () => {
    const c = client(agent1);
    const bad: [Promise<unknown>, number, RegExp][] = [
      [c.register({ ...agentItem('x'), serviceId: 'not-a-uuid' }, 1000), grpc.status.INVALID_ARGUMENT, /canonical UUID/],
      [c.register({ ...agentItem('x'), endpoint: 'nowhere' }, 1000), grpc.status.INVALID_ARGUMENT, /HOST:PORT/],
      [c.register({ ...agentItem('x'), attributes: [{ type: 'big', fields: { v: 'x'.repeat(5000) } }] }, 1000), grpc.status.INVALID_ARGUMENT, /limit is 1024/],
      [c.register(agentItem('x'), -1), grpc.status.INVALID_ARGUMENT, /lease duration/],
      [c.renew('no-such-lease', 1000), grpc.status.NOT_FOUND, /UNKNOWN_LEASE/],
      [c.cancel('no-such-lease'), grpc.status.NOT_FOUND, /UNKNOWN_LEASE/],
      [c.setAttributes('ffffffff-ffff-4fff-8fff-ffffffffffff', []), grpc.status.NOT_FOUND, /UNKNOWN_SERVICE/],
      [c.lookup({ attributes: [{ type: 'bad type!', fields: {} }] }), grpc.status.INVALID_ARGUMENT, /template.attributes\[0\].type/],
    ];
    for (const [call, code, message] of bad) {
      const err = await rejection(call);
      expect(err.status, err.details).to.equal(code);
      expect(err.details).to.match(message);
      if (/UNKNOWN_LEASE/.test(message.source)) expect(err).to.be.instanceOf(UnknownLeaseError).and.to.include({ code: 'ERR_UNKNOWN_LEASE' });
    }
    expect((await client(controller).lookup({ attributes: [{ type: 'lama.Label', fields: { name: 'x' } }] })).total).to.equal(0);
    const ok = await c.register(agentItem('still-serving'), 1000);
    await c.cancel(ok.lease.leaseId);
  });

  it('serves the gRPC health service and reflection to a TLS client without a certificate', async () => {
    const Health = grpc.makeGenericClientConstructor(healthService, 'Health');
    const tlsNoCert = grpc.credentials.createSsl(Buffer.from(agent1.x509!.pool), null, null, { checkServerIdentity: () => undefined });
    const health = new Health(lookup.endpoint, tlsNoCert, { 'grpc.ssl_target_name_override': 'lus' }) as grpc.Client & Record<string, (req: object, cb: (e: Error | null, r?: { status: string }) => void) => void>;
    const status = await new Promise<string>((resolve, reject) => health.check({ service: 'lama.lookup.v1.Registrar' }, (e, r) => (e ? reject(e) : resolve(String(r?.status)))));
    health.close();
    expect(status).to.equal('SERVING');

    const reflectionProto = join(dirname(createRequire(import.meta.url).resolve('@grpc/reflection')), '..', 'proto', 'grpc', 'reflection', 'v1', 'reflection.proto');
    const def = protoLoader.loadSync(reflectionProto, { keepCase: true });
    const pkg = grpc.loadPackageDefinition(def) as unknown as { grpc: { reflection: { v1: { ServerReflection: typeof grpc.Client } } } };
    const reflection = new pkg.grpc.reflection.v1.ServerReflection(lookup.endpoint, tlsNoCert, { 'grpc.ssl_target_name_override': 'lus' }) as grpc.Client & { ServerReflectionInfo(): grpc.ClientDuplexStream<object, { list_services_response?: { service: { name: string }[] } }> };
    const stream = reflection.ServerReflectionInfo();
    const names = await new Promise<string[]>((resolve, reject) => {
      stream.on('data', (r) => resolve((r.list_services_response?.service ?? []).map((s: { name: string }) => s.name)));
      stream.on('error', reject);
      stream.write({ list_services: '' });
    });
    stream.end();
    reflection.close();
    expect(names).to.include('lama.lookup.v1.Registrar');
  });

  it('propagates attribute changes to watchers as MATCH_MATCH and MATCH_NOMATCH with reason MODIFIED', async () => {
    const c = client(agent1);
    const { serviceId, lease } = await c.register(agentItem('mod', 'web-server'), 10_000);
    const events = firstValueFrom(client(controller).watch({ attributes: [{ type: 'lama.Role', fields: { role: 'web-server' } }] }).pipe(
      filter((e) => e.serviceId === serviceId), take(3), toArray(), timeout(10_000)));
    await new Promise((r) => setTimeout(r, 200));
    await c.addAttributes(serviceId, [{ type: 'lama.Capacity', fields: { mbps: '100' } }]);
    await c.modifyAttributes(serviceId, [{ type: 'lama.Role', fields: { role: 'web-server' } }], [{ type: 'lama.Role', fields: { role: 'dispatcher' } }]);
    const got = await events;
    expect(got.map((e) => `${e.kind}:${e.transition}:${e.reason}`)).to.deep.equal([
      'SNAPSHOT_ITEM:TRANSITION_UNSPECIFIED:REASON_UNSPECIFIED', 'TRANSITION:MATCH_MATCH:REASON_UNSPECIFIED', 'TRANSITION:MATCH_NOMATCH:MODIFIED',
    ]);
    await c.cancel(lease.leaseId);
  });
});

describe('lama lookup and lama keys (command line)', function () {
  this.timeout(60_000);
  const pool = new TestPool();
  after(() => pool.remove());

  it('refuses to start with a credential that lacks role lookup, and says why', async () => {
    const proc = startLama(['lookup', '--credential', pool.issue('not-a-lookup', 'agent'), '--listen', '127.0.0.1:0']);
    expect(await proc.exit()).to.equal(1);
    expect(proc.stderr).to.match(/role 'lookup' required; credential 'not-a-lookup' has agent/);
  });

  it('refuses a missing credential file and a malformed flag', () => {
    const r = lamaSync(['lookup', '--credential', '/nonexistent.cred', '--listen', '127.0.0.1:0']);
    expect(r.status).to.equal(1);
    expect(r.stderr).to.match(/cannot read credential \/nonexistent.cred: ENOENT/);
    const bad = lamaSync(['lookup', '--credential', 'x', '--listen', 'nohost']);
    expect(bad.status).to.not.equal(0);
    expect(bad.stderr).to.match(/'nohost' is not HOST:PORT/);
  });

  it('reads every flag from LAMA_* environment variables', async () => {
    const proc = startLama(['lookup'], { LAMA_CREDENTIAL: pool.issue('env-lus', 'lookup'), LAMA_LISTEN: '127.0.0.1:0', LAMA_MAX_LEASE_MS: '1234' });
    const line = await proc.waitForLog((l) => l.msg === 'lookup service listening');
    expect(line.maxLeaseMs).to.equal(1234);
    expect(line.credentialName).to.equal('env-lus');
    const code = await proc.stop('SIGTERM');
    expect(code, `exit ${code}; logs: ${JSON.stringify(proc.logs.slice(-5))}; stderr: ${proc.stderr}`).to.equal(0);
  });

  it('multicasts only on loopback with TTL 1 when a test gives no discovery flags (the safety net)', async () => {
    const { proc } = await startLookup(pool.issue('safe-lus', 'lookup'));
    const line = await proc.waitForLog((l) => l.msg === 'lookup service listening');
    expect(line.multicast).to.equal('239.255.76.99:15999 on 127.0.0.1 ttl 1');
    await proc.stop();
  });

  it('has --help on every subcommand', () => {
    for (const args of [[], ['keys'], ['keys', 'init'], ['keys', 'issue'], ['keys', 'show'], ['lookup'], ['join'], ['ls']]) {
      const r = lamaSync([...args, '--help']);
      expect(r.status, args.join(' ')).to.equal(0);
      expect(r.stdout).to.match(/Usage: lama/);
    }
  });

  it('keys issue refuses unknown roles and bad names without writing a file', () => {
    const r = lamaSync(['keys', 'issue', '--dir', pool.poolDir, '--role', 'agent,root', '--name', 'n', '--out', `${pool.dir}/bad.cred`]);
    expect(r.status).to.equal(1);
    expect(r.stderr).to.match(/unknown role 'root'/);
    const n = lamaSync(['keys', 'issue', '--dir', pool.poolDir, '--role', 'agent', '--name', '../etc', '--out', `${pool.dir}/bad.cred`]);
    expect(n.stderr).to.match(/invalid name/);
    expect(lamaSync(['keys', 'show', `${pool.dir}/bad.cred`]).stderr).to.match(/ENOENT/);
  });
});
