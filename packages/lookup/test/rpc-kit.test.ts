import * as grpc from '@grpc/grpc-js';
import { expect } from 'chai';
import type { Observable } from 'rxjs';
import {
  AuthGuard, CredentialError, CredentialVerifier, LamaError, LookupServer, PermissionError, RegistrarClient, RpcClient, RpcError, RpcServer, UnknownLeaseError,
  createPoolKey, issueCredential, type Credential, type KeyPair, type RemoteError, type Role,
} from '../src/index.js';

// A small JSON-encoded service, so the kit is tested without any LAMA proto.
const json = { serialize: (v: unknown): Buffer => Buffer.from(JSON.stringify(v)), deserialize: (b: Buffer): unknown => JSON.parse(b.toString()) };
const method = (name: string, responseStream: boolean): grpc.MethodDefinition<unknown, unknown> => ({
  path: `/lama.test.v1.Kit/${name}`, requestStream: false, responseStream, originalName: name,
  requestSerialize: json.serialize, requestDeserialize: json.deserialize, responseSerialize: json.serialize, responseDeserialize: json.deserialize,
});
const definition: grpc.ServiceDefinition = { Echo: method('Echo', false), Fail: method('Fail', false), Ticks: method('Ticks', true) };
const ROLES = { Echo: ['monitor'], Fail: [], Ticks: [] } as const satisfies Record<string, readonly Role[]>;

type Unary = (req: object, optionsOrCallback: grpc.CallOptions | grpc.requestCallback<unknown>, cb?: grpc.requestCallback<unknown>) => grpc.ClientUnaryCall;
interface KitWire extends grpc.Client {
  Echo: Unary;
  Fail: Unary;
  Ticks(req: object): grpc.ClientReadableStream<{ n: number }>;
}
const KitWireClass = grpc.makeGenericClientConstructor(definition, 'Kit') as unknown as new (address: string, credentials: grpc.ChannelCredentials, options?: grpc.ClientOptions) => KitWire;

class KitClient extends RpcClient<KitWire> {
  echo(text: string): Promise<{ text: string; caller: string }> {
    return this.unary('Echo', { text });
  }
  fail(kind: string): Promise<unknown> {
    return this.unary('Fail', { kind });
  }
  ticks(): Observable<{ n: number }> {
    return this.serverStream(() => this.wire.Ticks({}));
  }
}

async function rejection(p: Promise<unknown>): Promise<RemoteError> {
  return p.then(() => { throw new Error('expected the call to fail'); }, (err: RemoteError) => err);
}

describe('gRPC kit (a real server on 127.0.0.1:0)', function () {
  this.timeout(20_000);
  let pool: KeyPair;
  let server: RpcServer;
  let endpoint: string;
  const rejected: [string, Error][] = [];
  let served = 0;
  const clients: KitClient[] = [];
  const client = (credential: Credential): KitClient => {
    const c = new KitClient(KitWireClass, { endpoint, credential, timeoutMs: 5000 });
    clients.push(c);
    return c;
  };

  before(async () => {
    pool = createPoolKey();
    const self = issueCredential(pool, { name: 'kit', roles: ['lookup'] });
    const guard = new AuthGuard(ROLES, new CredentialVerifier(pool.publicKey), { serverName: 'kit', onRejected: (m, err) => rejected.push([m, err]) });
    const handlers: grpc.UntypedServiceImplementation = {
      Echo: guard.unary('Echo', (p, req: { text: string }) => { served++; return { text: req.text, caller: p.name }; }),
      Fail: guard.unary('Fail', async (_p, req: { kind: string }) => {
        if (req.kind === 'lease') throw new UnknownLeaseError('L1');
        if (req.kind === 'undeclared') throw new LamaError('ERR_NOT_DECLARED_ANYWHERE', 'something particular');
        throw new Error('plain failure');
      }),
      Ticks: guard.stream('Ticks', (_p, call: grpc.ServerWritableStream<unknown, { n: number }>) => {
        call.write({ n: 1 }); // and never ends: only stop() closes it
      }),
    };
    server = new RpcServer({ credential: self, listen: '127.0.0.1:0', services: [{ name: 'lama.test.v1.Kit', definition, handlers }], graceMs: 400 });
    endpoint = await server.start();
  });
  after(async () => {
    for (const c of clients) c.close();
    await server.stop();
  });

  it('start() is idempotent and resolves with the bound endpoint (port 0 = a free port)', async () => {
    expect(endpoint).to.match(/^127\.0\.0\.1:\d+$/);
    expect(endpoint).to.not.equal('127.0.0.1:0');
    expect(await server.start()).to.equal(endpoint);
  });

  it('admits a caller with the role and hands the handler its principal', async () => {
    expect(await client(issueCredential(pool, { name: 'watcher', roles: ['monitor'] })).echo('hi')).to.deep.equal({ text: 'hi', caller: 'watcher' });
  });

  it('refuses a TLS client without a pool certificate with UNAUTHENTICATED and reports it', async () => {
    const ca = issueCredential(pool, { name: 'x', roles: ['agent'] }).x509!.pool;
    const raw = new KitWireClass(endpoint, grpc.credentials.createSsl(Buffer.from(ca), null, null, { checkServerIdentity: () => undefined }), { 'grpc.ssl_target_name_override': 'kit' });
    const err = await new Promise<grpc.ServiceError>((resolve) => raw.Echo({ text: 'x' }, (e: grpc.ServiceError | null) => resolve(e as grpc.ServiceError)));
    raw.close();
    expect(err.code).to.equal(grpc.status.UNAUTHENTICATED);
    expect(err.details).to.match(/no client certificate issued by this pool/);
    expect(err.metadata.get('lama-error-code')).to.deep.equal(['ERR_CREDENTIAL']);
    expect(rejected.at(-1)?.[0]).to.equal('Echo');
  });

  it('a forged certificate never reaches a handler, and the server keeps serving', async () => {
    const forged = issueCredential({ publicKey: pool.publicKey, secretKey: createPoolKey().secretKey }, { name: 'mallory', roles: ['monitor'] });
    const before = served;
    const err = await rejection(client(forged).echo('x'));
    expect(err).to.be.instanceOf(CredentialError);
    expect(err.message).to.match(/forged/);
    expect(served).to.equal(before);
    expect(await client(issueCredential(pool, { name: 'after', roles: ['monitor'] })).echo('ok')).to.deep.equal({ text: 'ok', caller: 'after' });
  });

  it('refuses a caller without the role with PERMISSION_DENIED (a PermissionError on the client)', async () => {
    const err = await rejection(client(issueCredential(pool, { name: 'node-1', roles: ['agent'] })).echo('x'));
    expect(err).to.be.instanceOf(PermissionError);
    expect(err).to.include({ code: 'ERR_PERMISSION', status: grpc.status.PERMISSION_DENIED });
    expect(err.message).to.equal("role 'monitor' required; credential 'node-1' has agent");
    expect(rejected.at(-1)?.[1]).to.be.instanceOf(PermissionError);
  });

  it('a typed error crosses the wire with its code and message; undeclared codes and plain errors too', async () => {
    const c = client(issueCredential(pool, { name: 'any', roles: ['agent'] }));
    const lease = await rejection(c.fail('lease'));
    expect(lease).to.be.instanceOf(UnknownLeaseError);
    expect(lease).to.include({ code: 'ERR_UNKNOWN_LEASE', name: 'UnknownLeaseError', status: grpc.status.NOT_FOUND });
    expect(lease.message).to.equal(new UnknownLeaseError('L1').message);
    const undeclared = await rejection(c.fail('undeclared'));
    expect(undeclared).to.be.instanceOf(LamaError);
    expect(undeclared).to.include({ code: 'ERR_NOT_DECLARED_ANYWHERE', message: 'something particular', status: grpc.status.FAILED_PRECONDITION });
    const plain = await rejection(c.fail('plain'));
    expect(plain).to.be.instanceOf(RpcError);
    expect(plain).to.include({ status: grpc.status.INTERNAL, details: 'plain failure' });
  });

  it('a registrar Renew of an unknown lease rejects with an UnknownLeaseError', async () => {
    const lookup = new LookupServer({ credential: issueCredential(pool, { name: 'lus', roles: ['lookup'] }), listen: '127.0.0.1:0' });
    await lookup.start();
    const registrar = new RegistrarClient({ endpoint: lookup.endpoint, credential: issueCredential(pool, { name: 'n', roles: ['agent'] }) });
    try {
      const err = await rejection(registrar.renew('no-such-lease', 1000));
      expect(err).to.be.instanceOf(UnknownLeaseError);
      expect(err.code).to.equal('ERR_UNKNOWN_LEASE');
      expect(err.status).to.equal(grpc.status.NOT_FOUND);
    } finally {
      registrar.close();
      await lookup.stop();
    }
  });

  it('stop() lets an open stream run for the grace period, then closes it; stop() is idempotent', async () => {
    const c = client(issueCredential(pool, { name: 'streamer', roles: ['monitor'] }));
    let first!: () => void;
    const gotFirst = new Promise<void>((r) => { first = r; });
    const ended = new Promise<string>((resolve) => {
      c.ticks().subscribe({ next: () => first(), error: (e: RemoteError) => resolve(`error ${grpc.status[e.status]}`), complete: () => resolve('complete') });
    });
    await gotFirst;
    const t0 = Date.now();
    const stopping = server.stop();
    expect(server.stop()).to.equal(stopping);
    await stopping;
    const took = Date.now() - t0;
    expect(took).to.be.within(350, 2000);
    const how = await Promise.race([ended, new Promise<string>((r) => setTimeout(() => r('still open'), 3000))]);
    expect(how).to.not.equal('still open');
  });
});
