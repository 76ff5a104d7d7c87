// One bench client process for the lookups-by-role phase: raw gRPC unary calls to the LAMA
// registrar's Lookup or etcd's KV.Range, windowed for a fixed time from a common start. Each
// answer is checked by counting its items in the raw bytes (both servers alike), so a client
// costs little beyond the call itself and a few processes can saturate a server.
// argv[2]: a RoleClientJob as JSON. Prints one WindowedResult as JSON on stdout.
import * as grpc from '@grpc/grpc-js';
import { credentialInterceptor, loadCredential, channelCredentials, defaultTransport, type Transport } from '@lama/lookup';
import { windowed } from '../lib/load.js';
import { etcdRolePrefix, ROLES } from './items.js';

export interface RoleClientJob {
  target: 'lama' | 'etcd';
  /** HOST:PORT of the server. */
  endpoint: string;
  /** LAMA only: a credential file of the pool, and the lookup service's name (the peer it must be). */
  credentialFile?: string;
  serverName?: string;
  /** LAMA only: the transport the client process is started on (role-load sets its LAMA_PLAINTEXT; the client reads defaultTransport()). */
  transport?: Transport;
  concurrency: number;
  durationMs: number;
  /** Date.now() at which every client starts, so their windows overlap. */
  startAt: number;
  expected: number;
}

function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return out;
}

/** A length-delimited protobuf field. */
function field(tag: number, payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from([(tag << 3) | 2, ...varint(payload.length)]), payload]);
}

/** How many times top-level field `tag` occurs in a protobuf message (skips every other field). */
export function countField(buf: Buffer, tag: number): number {
  let pos = 0;
  let n = 0;
  const readVarint = (): number => {
    let v = 0;
    let shift = 0;
    for (;;) {
      const b = buf[pos++];
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return v;
      shift += 7;
    }
  };
  while (pos < buf.length) {
    const key = readVarint();
    const wire = key & 7;
    if (key >>> 3 === tag) n++;
    if (wire === 0) readVarint();
    else if (wire === 2) {
      // Not `pos += readVarint()`: that adds to pos as it was before the length was read.
      const len = readVarint();
      pos += len;
    }
    else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else throw new Error(`wire type ${wire} at ${pos}`);
  }
  return n;
}

/** LookupRequest { template { attributes: [lama.Role{role}] } }, maxMatches 0. */
function lamaRequest(role: string): Buffer {
  const entry = Buffer.concat([field(1, Buffer.from('lama.Role')), field(2, Buffer.concat([field(1, Buffer.from('role')), field(2, Buffer.from(role))]))]);
  return field(1, field(3, entry));
}

/** RangeRequest { key: prefix, range_end: prefix + 1 }, as etcd3's getAll().prefix() sends. */
function etcdRequest(role: string): Buffer {
  const key = Buffer.from(etcdRolePrefix(role));
  const end = Buffer.from(key);
  end[end.length - 1]++;
  return Buffer.concat([field(1, key), field(2, end)]);
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2]) as RoleClientJob;
  // The LAMA side dials exactly as the project's clients do: mutual TLS, or plaintext with call proofs.
  const credential = job.credentialFile ? loadCredential(job.credentialFile) : undefined;
  const transport = defaultTransport();
  if (job.transport && job.transport !== transport) throw new Error(`started for ${job.transport} but LAMA_PLAINTEXT says ${transport}`);
  const secured = credential ? channelCredentials(credential, transport, job.endpoint, { name: job.serverName, role: 'lookup' }) : { credentials: grpc.credentials.createInsecure(), options: {} };
  const interceptors = credential && transport === 'plaintext' ? [credentialInterceptor(credential, job.serverName ?? '*')] : [];
  const client = new grpc.Client(job.endpoint, secured.credentials, { ...secured.options, interceptors });
  const [path, request, tag] = job.target === 'lama'
    ? ['/lama.lookup.v1.Registrar/Lookup', lamaRequest, 1] as const
    : ['/etcdserverpb.KV/Range', etcdRequest, 2] as const;
  const requests = ROLES.map((r) => request(r));
  const call = (req: Buffer): Promise<Buffer> => new Promise((resolve, reject) => {
    client.makeUnaryRequest(path, (b: Buffer) => b, (b: Buffer) => b, req, (err, res) => (err || !res ? reject(err ?? new Error('no response')) : resolve(res)));
  });
  await call(requests[0]); // connect before the common start
  await new Promise((r) => setTimeout(r, Math.max(0, job.startAt - Date.now())));
  const result = await windowed({
    concurrency: job.concurrency,
    durationMs: job.durationMs,
    op: async (k) => {
      const n = countField(await call(requests[k % requests.length]), tag);
      if (n !== job.expected) throw new Error(`${job.target} lookup by role: ${n} items, expected ${job.expected}`);
    },
  });
  client.close();
  process.stdout.write(JSON.stringify(result) + '\n');
}

if (process.argv[2]) main().catch((err: unknown) => {
  process.stderr.write(`role client: ${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
