import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import * as grpc from '@grpc/grpc-js';
import { expect } from 'chai';
import { AgentClient } from '@lama/agent';
import {
  AUDIENCE_HEADER, CERT_HEADER, LookupServer, PROOF_HEADER, RegistrarClient, credentialInterceptor, loadCredential, loadProto,
  type Credential, type RemoteError, type ServiceItem,
} from '@lama/lookup';
import { until } from '@lama/testkit';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { LAMA_BIN, LOOPBACK_MDNS_ENV, LamaProcess, lamaSync, startLama } from './helpers/lama-process.js';
import { TestPool } from './helpers/pool.js';

const execFileAsync = promisify(execFile);

// gc() for measuring what the server retains, not what it has not collected yet.
setFlagsFromString('--expose-gc');

// This file's own loopback group and port.
const MDNS = ['--mdns-interface', '127.0.0.1', '--mdns-group', '239.255.76.75', '--mdns-port', '15750'];
const PLAIN = { LAMA_PLAINTEXT: '1' };
const worker = JSON.stringify({ name: 'worker', module: 'process', autostart: true, options: { command: process.execPath, args: ['-e', 'setInterval(() => {}, 1000)'], startMs: 100 } });
const SERVICE = JSON.stringify({ name: 'work', role: 'worker', metric: 'cpu', adapter: 'worker', capacityPerNode: 1 });

type AgentWire = grpc.Client & Record<string, (req: object, md: grpc.Metadata, opts: grpc.CallOptions, cb: (e: grpc.ServiceError | null, v?: { state?: string }) => void) => grpc.ClientUnaryCall>;
type AgentWireClass = new (address: string, creds: grpc.ChannelCredentials, options?: grpc.ClientOptions) => AgentWire;
const agentProto = loadProto<{ lama: { agent: { v1: { Agent: AgentWireClass & { service: grpc.ServiceDefinition } } } } }>('agent').grpcObject.lama.agent.v1.Agent;

/** A hostile member's fake agent: answers nothing useful, records every call's metadata. */
class Honeypot {
  readonly seen: { method: string; metadata: grpc.Metadata }[] = [];
  private readonly server = new grpc.Server();
  endpoint = '';

  async start(credentials: grpc.ServerCredentials): Promise<void> {
    const record = (method: string) => (call: { metadata: grpc.Metadata }) => { this.seen.push({ method, metadata: call.metadata }); };
    this.server.addService(agentProto.service, {
      Status: (call: grpc.ServerUnaryCall<unknown, unknown>, cb: grpc.sendUnaryData<unknown>) => { record('Status')(call); cb({ code: grpc.status.UNAVAILABLE, details: 'busy' }); },
      WatchStatus: (call: grpc.ServerWritableStream<unknown, unknown>) => record('WatchStatus')(call),
      Start: (call: grpc.ServerUnaryCall<unknown, unknown>, cb: grpc.sendUnaryData<unknown>) => { record('Start')(call); cb({ code: grpc.status.UNAVAILABLE }); },
      Stop: (call: grpc.ServerUnaryCall<unknown, unknown>, cb: grpc.sendUnaryData<unknown>) => { record('Stop')(call); cb({ code: grpc.status.UNAVAILABLE }); },
      Set: (call: grpc.ServerUnaryCall<unknown, unknown>, cb: grpc.sendUnaryData<unknown>) => { record('Set')(call); cb({ code: grpc.status.UNAVAILABLE }); },
    });
    const port = await new Promise<number>((resolve, reject) => this.server.bindAsync('127.0.0.1:0', credentials, (e, p) => (e ? reject(e) : resolve(p))));
    this.endpoint = `127.0.0.1:${port}`;
  }

  stop(): void {
    this.server.forceShutdown();
  }
}

/** Calls a method of the agent at endpoint with exactly these headers (a replay), no credential of our own. */
function replay(endpoint: string, method: string, request: object, metadata: grpc.Metadata): Promise<grpc.ServiceError | undefined> {
  const raw = new agentProto(endpoint, grpc.credentials.createInsecure());
  if (method === 'WatchStatus') {
    const stream = (raw as unknown as { WatchStatus(r: object, md: grpc.Metadata): grpc.ClientReadableStream<unknown> }).WatchStatus(request, metadata.clone());
    return new Promise((resolve) => {
      stream.on('error', (e: grpc.ServiceError) => { raw.close(); resolve(e); });
      stream.on('data', () => { stream.cancel(); raw.close(); resolve(undefined); });
    });
  }
  return new Promise((resolve) => raw[method](request, metadata.clone(), { deadline: Date.now() + 5000 }, (e) => { raw.close(); resolve(e ?? undefined); }));
}

/** A Registrar Lookup with exactly these headers (no credential of our own). */
function rawLookup(endpoint: string, metadata: grpc.Metadata): Promise<grpc.ServiceError | undefined> {
  const raw = new grpc.Client(endpoint, grpc.credentials.createInsecure());
  return new Promise((resolve) => raw.makeUnaryRequest('/lama.lookup.v1.Registrar/Lookup', (x: Buffer) => x, (x: Buffer) => x, Buffer.alloc(0), metadata, { deadline: Date.now() + 5000 }, (e) => { raw.close(); resolve(e ?? undefined); }));
}

/** The first defined value fn returns, polled with testkit's until. */
async function found<T>(fn: () => T | undefined, ms: number, what: string): Promise<T> {
  let value: T | undefined;
  await until(what, () => (value = fn()) !== undefined, ms);
  return value as T;
}

describe('attacks by a hostile pool member (system: real processes on loopback)', function () {
  this.timeout(120_000);
  const pool = new TestPool();
  const procs: LamaProcess[] = [];
  const closers: { close(): void }[] = [];
  let evil: Credential;
  let opsFile: string;

  after(async () => {
    for (const c of closers) c.close();
    await Promise.all(procs.map((p) => p.stop('SIGKILL')));
    pool.remove();
  });

  /** A grand agent (with its embedded lookup service) and node-b; returns their endpoints. */
  async function startPool(env: NodeJS.ProcessEnv, tag: string): Promise<{ grand: string; nodeB: string }> {
    const grand = startLama(['grand', '--credential', pool.issue(`grand-${tag}`, 'lookup,controller'), '--listen', '127.0.0.1:0', '--announce-interval-ms', '500',
      '--monitor-interval-ms', '300', '--group', tag, '--service', SERVICE, ...MDNS], env);
    procs.push(grand);
    const grandEndpoint = String((await grand.waitForLog((l) => l.msg === 'grand agent running')).endpoint);
    const node = startLama(['agent', '--name', `node-b-${tag}`, '--credential', pool.issue(`node-b-${tag}`, 'agent'), '--listen', '127.0.0.1:0', '--group', tag,
      '--lease-ms', '1500', '--metrics-interval-ms', '300', '--adapter', worker, ...MDNS], env);
    procs.push(node);
    await node.waitForLog((l) => l.msg === 'registered');
    const reader = loadCredential(pool.issue(`reader-${tag}`, 'monitor'));
    const r = new RegistrarClient({ endpoint: grandEndpoint, credential: reader, expect: { name: `grand-${tag}` }, transport: env.LAMA_PLAINTEXT ? 'plaintext' : 'tls' });
    closers.push(r);
    const item = (await r.lookup({ attributes: [{ type: 'lama.Name', fields: { name: `node-b-${tag}` } }] })).items[0];
    return { grand: grandEndpoint, nodeB: item.endpoint };
  }

  before(() => {
    evil = loadCredential(pool.issue('evil', 'agent'));
    opsFile = pool.issue('ops', 'controller');
  });

  describe('over mutual TLS (the default)', () => {
    let ends: { grand: string; nodeB: string };
    let lookup: RegistrarClient;
    before(async () => {
      ends = await startPool({}, 'tls');
      lookup = new RegistrarClient({ endpoint: ends.grand, credential: evil, expect: { name: 'grand-tls' } });
      closers.push(lookup);
    });

    it('a fake agent registered by a member gets the grand agent\'s calls with no credential in them', async () => {
      const pot = new Honeypot();
      const evilKey = Buffer.from(evil.signingKey.export({ format: 'pem', type: 'pkcs8' }) as string);
      await pot.start(grpc.ServerCredentials.createSsl(Buffer.from(evil.x509!.pool), [{ private_key: evilKey, cert_chain: Buffer.from(evil.x509!.certificate) }], true));
      closers.push({ close: () => pot.stop() });
      await lookup.register({ serviceTypes: ['lama.agent.v1.Agent'], endpoint: pot.endpoint, attributes: [{ type: 'lama.Name', fields: { name: 'evil' } }] }, 10_000);
      const call = await found(() => pot.seen.find((s) => s.method === 'WatchStatus'), 10_000, 'the grand agent to call the fake agent');
      expect(call.metadata.get(CERT_HEADER)).to.deep.equal([]);
      expect(call.metadata.get(PROOF_HEADER)).to.deep.equal([]);
    });

    it('an item that points at another node\'s endpoint gets nothing: the client refuses a peer that is not the item\'s owner', async () => {
      const squatter = new RegistrarClient({ endpoint: ends.grand, credential: loadCredential(pool.issue('evil-2', 'agent')), expect: { name: 'grand-tls' } });
      closers.push(squatter);
      await squatter.register({ serviceTypes: ['lama.agent.v1.Agent'], endpoint: ends.nodeB, attributes: [{ type: 'lama.Name', fields: { name: 'evil-2' } }] }, 10_000);
      const r = lamaSync(['status', 'evil-2', '--credential', opsFile, '--group', 'tls', ...MDNS]);
      expect(r.status).to.equal(1);
      expect(r.stderr).to.match(/refusing .*: peer is 'node-b-tls', not 'evil-2'/);
    });

    it('name squatting and serviceId squatting are refused', async () => {
      const squat = await lookup.register({ serviceTypes: ['lama.agent.v1.Agent'], endpoint: '127.0.0.1:1', attributes: [{ type: 'lama.Name', fields: { name: 'node-b-tls' } }] }, 10_000).then(() => undefined, (e: RemoteError) => e);
      expect(squat?.code).to.equal('ERR_PERMISSION');
      expect(squat?.message).to.match(/lama\.Name 'node-b-tls' is not the registering credential's name 'evil'/);
      const victim = (await lookup.lookup({ attributes: [{ type: 'lama.Name', fields: { name: 'node-b-tls' } }] })).items[0] as ServiceItem;
      const take = await lookup.register({ serviceId: victim.serviceId, serviceTypes: ['lama.agent.v1.Agent'], endpoint: '127.0.0.1:1', attributes: [] }, 10_000).then(() => undefined, (e: RemoteError) => e);
      expect(take?.code).to.equal('ERR_PERMISSION');
      expect(take?.message).to.match(/is registered by 'node-b-tls'/);
    });

    it('items, bytes and open streams per credential are limited: RESOURCE_EXHAUSTED, and the server keeps serving', async () => {
      const streams: { unsubscribe(): void }[] = [];
      let refused: RemoteError | undefined;
      for (let i = 0; i < 300 && !refused; i++) {
        streams.push(lookup.watch({}).subscribe({ error: (e: RemoteError) => { refused = e; } }));
        if (i % 50 === 49) await new Promise((r) => setTimeout(r, 200));
      }
      await found(() => refused, 10_000, 'a refused stream');
      expect(refused!.status).to.equal(grpc.status.RESOURCE_EXHAUSTED);
      expect(refused!.message).to.match(/the limit is 256/);
      for (const s of streams) s.unsubscribe();
      const big = { type: 'x.Blob', fields: { v: 'x'.repeat(1000) } };
      let limit: RemoteError | undefined;
      for (let i = 0; i < 1100 && !limit; i++) {
        limit = await lookup.register({ serviceTypes: ['x.Junk'], endpoint: '127.0.0.1:1', attributes: [{ type: 'lama.Name', fields: { name: 'evil' } }, big] }, 10_000).then(() => undefined, (e: RemoteError) => e);
      }
      expect(limit?.status).to.equal(grpc.status.RESOURCE_EXHAUSTED);
      expect(limit?.message).to.match(/limit is 1000 per credential/);
      expect((await lookup.lookup({ attributes: [{ type: 'lama.Name', fields: { name: 'node-b-tls' } }] })).total).to.equal(1);
    });

    it('each limit is the operator\'s: lama lookup --max-streams-per-credential 3 --max-metadata-bytes 2048', async () => {
      const lus = startLama(['lookup', '--credential', pool.issue('lus-limits', 'lookup'), '--listen', '127.0.0.1:0', '--no-multicast',
        '--max-streams-per-credential', '3', '--max-metadata-bytes', '2048']);
      procs.push(lus);
      const at = String((await lus.waitForLog((l) => l.msg === 'lookup service listening')).endpoint);
      const c = new RegistrarClient({ endpoint: at, credential: evil, expect: { name: 'lus-limits' } });
      closers.push(c);
      let refused: RemoteError | undefined;
      const subs = Array.from({ length: 4 }, () => c.watch({}).subscribe({ error: (e: RemoteError) => { refused = e; } }));
      await found(() => refused, 5000, 'the fourth stream to be refused');
      expect(refused!.message).to.match(/already has 3 open streams on this server; the limit is 3/);
      for (const s of subs) s.unsubscribe();
      const md = new grpc.Metadata();
      md.set('x-junk', 'x'.repeat(3000));
      const raw = (c as unknown as { wire: grpc.Client }).wire;
      const err = await new Promise<grpc.ServiceError | null>((resolve) => raw.makeUnaryRequest('/lama.lookup.v1.Registrar/Lookup', (x: Buffer) => x, (x: Buffer) => x, Buffer.alloc(0), md, { deadline: Date.now() + 5000 }, (e) => resolve(e)));
      expect(err?.code).to.equal(grpc.status.RESOURCE_EXHAUSTED);
      expect(err?.details).to.match(/the limit is 2048/);
      await lus.stop();
    });

    it('metadata over 8 KB is refused', async () => {
      const c = new AgentClient(ends.nodeB, loadCredential(opsFile), 5000, { node: 'node-b-tls' });
      closers.push(c);
      const md = new grpc.Metadata();
      md.set('x-junk', 'x'.repeat(16_000));
      const raw = (c as unknown as { wire: AgentWire }).wire;
      const err = await new Promise<grpc.ServiceError | null>((resolve) => raw.Status({}, md, { deadline: Date.now() + 5000 }, (e) => resolve(e)));
      expect(err?.code).to.equal(grpc.status.RESOURCE_EXHAUSTED);
      expect(err?.details).to.match(/the limit is 8192/);
      expect((await c.status()).node).to.equal('node-b-tls');
    });
  });

  describe('in the plaintext mode (loopback only): what a member collects cannot be replayed', () => {
    let ends: { grand: string; nodeB: string };
    const nodeB = () => ends.nodeB;
    before(async () => {
      ends = await startPool(PLAIN, 'plain');
    });

    it('the grand agent\'s proof, collected by a fake agent, is refused by a real node; nothing changes there', async () => {
      const pot = new Honeypot();
      await pot.start(grpc.ServerCredentials.createInsecure());
      closers.push({ close: () => pot.stop() });
      const lookup = new RegistrarClient({ endpoint: ends.grand, credential: evil, expect: { name: 'grand-plain' }, transport: 'plaintext' });
      closers.push(lookup);
      await lookup.register({ serviceTypes: ['lama.agent.v1.Agent'], endpoint: pot.endpoint, attributes: [{ type: 'lama.Name', fields: { name: 'evil' } }] }, 10_000);
      const got = await found(() => pot.seen.find((s) => s.method === 'WatchStatus'), 10_000, 'the grand agent to call the fake agent');
      expect(got.metadata.get(AUDIENCE_HEADER)).to.deep.equal(['evil']);
      for (const method of ['Stop', 'Set', 'WatchStatus']) {
        const err = await replay(nodeB(), method, method === 'Set' ? { adapter: 'worker', params: { args: '["-e","1"]' } } : { adapter: 'worker', intervalMs: 1000 }, got.metadata);
        expect(err?.code, method).to.equal(grpc.status.UNAUTHENTICATED);
        expect(err?.details).to.match(/call meant for 'evil' reached 'node-b-plain'/);
      }
      // Rewriting the audience breaks the signature.
      const forged = got.metadata.clone();
      forged.set(AUDIENCE_HEADER, 'node-b-plain');
      const err = await replay(nodeB(), 'Stop', { adapter: 'worker' }, forged);
      expect(err?.details).to.match(/does not verify/);
      // So does lama status: what it sends the fake agent works nowhere else.
      // Not lamaSync: the fake agent answers from this process, which must keep running meanwhile.
      await execFileAsync(process.execPath, [LAMA_BIN, 'status', 'evil', '--credential', opsFile, '--group', 'plain', ...MDNS], { env: { ...process.env, ...LOOPBACK_MDNS_ENV, ...PLAIN } }).catch(() => undefined);
      const status = await found(() => pot.seen.find((s) => s.method === 'Status'), 5000, 'lama status to reach the fake agent');
      const again = await replay(nodeB(), 'Stop', { adapter: 'worker' }, status.metadata);
      expect(again?.code).to.equal(grpc.status.UNAUTHENTICATED);
      const view = new AgentClient(nodeB(), loadCredential(opsFile), 5000, { node: 'node-b-plain', transport: 'plaintext' });
      closers.push(view);
      expect((await view.status()).adapters.find((a) => a.name === 'worker')?.state).to.equal('RUNNING');
    });

    it('a captured call replayed to the same node is refused: each proof is used once', async () => {
      const ops = loadCredential(opsFile);
      let captured: grpc.Metadata | undefined;
      const recorder: grpc.Interceptor = (options, next) => new grpc.InterceptingCall(next(options), {
        start(metadata, listener, nxt) { captured = metadata.clone(); nxt(metadata, listener); },
      });
      const raw = new agentProto(nodeB(), grpc.credentials.createInsecure(), { interceptors: [credentialInterceptor(ops, 'node-b-plain'), recorder] });
      closers.push(raw);
      const first = await new Promise<grpc.ServiceError | null>((resolve) => raw.Status({}, new grpc.Metadata(), { deadline: Date.now() + 5000 }, (e) => resolve(e)));
      expect(first).to.equal(null);
      const err = await replay(nodeB(), 'Status', {}, captured!);
      expect(err?.code).to.equal(grpc.status.UNAUTHENTICATED);
      expect(err?.details).to.match(/already used/);
      // The same headers with another request (Stop instead of Status) do not verify either.
      const other = await replay(nodeB(), 'Stop', { adapter: 'worker' }, captured!);
      expect(other?.details).to.match(/does not verify|already used/);
    });

    it('every limit crossed leaves the server\'s heap within 10 % once the attacker is gone', async () => {
      const gc = runInNewContext('gc') as () => void;
      const lus = new LookupServer({ credential: loadCredential(pool.issue('lus-heap-2', 'lookup')), listen: '127.0.0.1:0', maxItemsPerOwner: 200 });
      await lus.start();
      const c = new RegistrarClient({ endpoint: lus.endpoint, credential: evil, expect: { name: 'lus-heap-2' } });
      try {
        await c.lookup({});
        gc();
        const before = process.memoryUsage().heapUsed;
        // Items past the per-credential limit.
        const leases: string[] = [];
        let items: RemoteError | undefined;
        for (let i = 0; i < 250 && !items; i++) {
          await c.register({ serviceTypes: ['x.Junk'], endpoint: '127.0.0.1:1', attributes: [{ type: 'x.Blob', fields: { v: 'x'.repeat(900) } }] }, 30_000)
            .then((r) => { leases.push(r.lease.leaseId); }, (e: RemoteError) => { items = e; });
        }
        expect(items?.status).to.equal(grpc.status.RESOURCE_EXHAUSTED);
        // Streams past the per-credential limit.
        let streams: RemoteError | undefined;
        const subs = Array.from({ length: 300 }, () => c.watch({}).subscribe({ error: (e: RemoteError) => { streams ??= e; } }));
        await found(() => streams, 10_000, 'a refused stream');
        expect(streams!.status).to.equal(grpc.status.RESOURCE_EXHAUSTED);
        // Metadata past its limit.
        const md = new grpc.Metadata();
        md.set('x-junk', 'x'.repeat(16_000));
        const raw = (c as unknown as { wire: grpc.Client }).wire;
        const meta = await new Promise<grpc.ServiceError | null>((resolve) => raw.makeUnaryRequest('/lama.lookup.v1.Registrar/Lookup', (x: Buffer) => x, (x: Buffer) => x, Buffer.alloc(0), md, { deadline: Date.now() + 5000 }, (e) => resolve(e)));
        expect(meta?.code).to.equal(grpc.status.RESOURCE_EXHAUSTED);
        // The attacker leaves: its streams close and its items go.
        for (const s of subs) s.unsubscribe();
        for (const l of leases) await c.cancel(l);
        await new Promise((r) => setTimeout(r, 500));
        gc();
        const after = process.memoryUsage().heapUsed;
        expect(after, `heap ${(before / 1e6).toFixed(1)} -> ${(after / 1e6).toFixed(1)} MB`).to.be.at.most(before * 1.1);
        expect(lus.registrar.size).to.equal(0);
      } finally {
        c.close();
        await lus.stop();
      }
    });

    it('junk tokens fill no memory: a lookup service\'s heap is back within 10 % after 10,000 distinct forged ones', async () => {
      const gc = runInNewContext('gc') as () => void;
      const lus = new LookupServer({ credential: loadCredential(pool.issue('lus-heap', 'lookup')), listen: '127.0.0.1:0', transport: 'plaintext' });
      await lus.start();
      const raw = new grpc.Client(lus.endpoint, grpc.credentials.createInsecure());
      try {
        const stranger = new TestPool();
        const [cert] = loadCredential(stranger.issue('stranger', 'agent')).token.split('.');
        stranger.remove();
        let next = 0;
        // Distinct forged tokens: another pool's certificate padded to 4 KB, each with a different wrong signature.
        const padded = cert + 'A'.repeat(Math.max(0, 3900 - cert.length));
        const flood = async (count: number): Promise<void> => {
          for (let sent = 0; sent < count; sent += 200) {
            await Promise.all(Array.from({ length: 200 }, () => {
              const md = new grpc.Metadata();
              const sig = Buffer.alloc(64, 0);
              sig.writeUInt32BE(next++);
              md.set(CERT_HEADER, `${next % 2 ? cert : padded}.${sig.toString('base64url')}`);
              md.set(PROOF_HEADER, `2.${Date.now()}.AAAAAAAAAAAAAAAA.${'A'.repeat(86)}`);
              md.set(AUDIENCE_HEADER, 'lus-heap');
              return new Promise<void>((resolve) => raw.makeUnaryRequest('/lama.lookup.v1.Registrar/Lookup', (x: Buffer) => x, (x: Buffer) => x, Buffer.alloc(0), md, { deadline: Date.now() + 5000 }, () => resolve()));
            }));
          }
        };
        await flood(1000);
        gc();
        const before = process.memoryUsage().heapUsed;
        await flood(10_000);
        gc();
        const after = process.memoryUsage().heapUsed;
        expect(after, `heap ${(before / 1e6).toFixed(1)} -> ${(after / 1e6).toFixed(1)} MB`).to.be.at.most(before * 1.1);
        expect(lus.verifier.refusedCacheBytes).to.be.at.most(1 << 20);
      } finally {
        raw.close();
        await lus.stop();
      }
    });
  });
});
