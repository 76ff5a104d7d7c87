import { expect } from 'chai';
import type { Subscription } from 'rxjs';
import {
  LookupServer, Registrar, RegistrarClient, VirtualClock, createPoolKey, issueCredential, type RemoteWatchEvent, type ServiceItem, type Owner,
} from '../src/index.js';
import { encodeLookupResponse, encodeRenewResult, encodeServiceItem, encodeWatchEvent, fastRegistrarDefinition, serviceItemBytes } from '../src/wire/fast-encode.js';
import { lookupPackage } from '../src/wire/proto.js';
import { seededRandom } from '@lama/testkit';

// A test owner: a credential name that is its own serial.
const own = (name: string): Owner => ({ name, serial: name });

// The generic encoder/decoder pair: what proto-loader builds from proto/lookup.proto with
// the options every LAMA client uses (PROTO_OPTIONS). The fast encoders must write the same bytes.
const service = lookupPackage().grpcObject.lama.lookup.v1.Registrar.service;
const fast = fastRegistrarDefinition(service);
const lookupGeneric = (v: object): Buffer => service.Lookup.responseSerialize(v);
const lookupDecode = (b: Buffer): unknown => service.Lookup.responseDeserialize(b);
const watchGeneric = (v: object): Buffer => service.Watch.responseSerialize(v as never);
const watchDecode = (b: Buffer): unknown => service.Watch.responseDeserialize(b);
const itemGeneric = (item: object): Buffer => service.AddAttributes.responseSerialize({ item });

/** The generic encoding of an item alone: AttributesResponse{item} is tag 0x0a, length, item. */
function genericItemBytes(item: object): Buffer {
  const b = itemGeneric(item);
  let pos = 1;
  while (b[pos] & 0x80) pos++;
  return b.subarray(pos + 1);
}

const rng = seededRandom;

const ALPHABET = ['a', 'Z', '0', '.', '-', '_', ' ', 'é', 'ß', '日本', '語', '🦙', '👩‍💻', '\u0301', '\u0000', '"', '\n', 'ü'];

function randomString(r: () => number, maxLen: number): string {
  const n = Math.floor(r() * maxLen);
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(r() * ALPHABET.length)];
  return s;
}

function randomName(r: () => number): string {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_';
  let s = letters[Math.floor(r() * letters.length)];
  const n = Math.floor(r() * 20);
  for (let i = 0; i < n; i++) s += 'abcxyz0129._-'[Math.floor(r() * 13)];
  return s;
}

function randomItem(r: () => number, i: number): ServiceItem {
  const attributes = Array.from({ length: Math.floor(r() * 6) }, () => {
    const fields: Record<string, string> = {};
    const nf = Math.floor(r() * 5);
    // Some values long enough for 2- and 3-byte length varints.
    for (let k = 0; k < nf; k++) fields[randomName(r)] = r() < 0.1 ? randomString(r, 3000) : randomString(r, 40);
    return { type: randomName(r), fields };
  });
  return {
    serviceId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    serviceTypes: Array.from({ length: Math.floor(r() * 4) }, () => randomName(r)),
    endpoint: r() < 0.2 ? '' : `host-${i}.example:${Math.floor(r() * 65536)}`,
    attributes,
    owner: r() < 0.1 ? '' : randomString(r, 30) || 'owner',
  };
}

const EDGE_ITEMS: ServiceItem[] = [
  // Everything empty that can be.
  { serviceId: '', serviceTypes: [], endpoint: '', attributes: [], owner: '' },
  // An entry with no fields, and one with an empty value.
  { serviceId: '11111111-1111-4111-8111-111111111111', serviceTypes: ['lama.agent.v1.Agent'], endpoint: '127.0.0.1:1', attributes: [{ type: 'lama.Empty', fields: {} }, { type: 'lama.Name', fields: { name: '' } }], owner: 'o' },
  // Unicode values: accents, CJK, astral (surrogate pairs), ZWJ sequences, combining marks, NUL.
  {
    serviceId: '22222222-2222-4222-8222-222222222222', serviceTypes: ['a', 'b.c-d_e'], endpoint: '[::1]:443',
    attributes: [{ type: 'lama.Label', fields: { text: 'Grüße, 日本語, 🦙🦙, 👩‍💻, e\u0301, nul\u0000byte', zh: '中文', emoji: '😀' } }],
    owner: 'ñandú',
  },
  // A value of exactly 127 and 128 bytes (the varint length boundary) and a 1 KB value.
  { serviceId: '33333333-3333-4333-8333-333333333333', serviceTypes: [], endpoint: 'h:1', attributes: [{ type: 't', fields: { a: 'x'.repeat(127), b: 'y'.repeat(128), c: 'é'.repeat(512) } }], owner: 'o' },
];

describe('fast protobuf encoders (same bytes as the generic encoder)', () => {
  const r = rng(42);
  const items = [...EDGE_ITEMS, ...Array.from({ length: 300 }, (_, i) => randomItem(r, i))];

  it('encodes every ServiceItem exactly as protobufjs does', () => {
    for (const item of items) expect(encodeServiceItem(item)!.equals(genericItemBytes(item)), JSON.stringify(item)).to.equal(true);
  });

  it('encodes LookupResponse exactly as protobufjs does, and clients decode it to the same message', () => {
    const cases: { items: ServiceItem[]; total: number; leaseRemainingMs: number[] }[] = [
      { items: [], total: 0, leaseRemainingMs: [] },
      // maxMatches: fewer items than the total.
      { items: items.slice(0, 2), total: 57, leaseRemainingMs: [0, 30_000] },
      { items: EDGE_ITEMS, total: EDGE_ITEMS.length, leaseRemainingMs: [1, 127, 128, 2 ** 53 - 1] },
      { items, total: 2 ** 31 - 1, leaseRemainingMs: items.map((_, i) => Math.floor(r() * 2 ** (i % 54))) },
    ];
    for (let k = 0; k < 50; k++) {
      const some = items.filter(() => r() < 0.2);
      cases.push({ items: some, total: some.length + Math.floor(r() * 3), leaseRemainingMs: some.map(() => Math.floor(r() * 600_000)) });
    }
    for (const c of cases) {
      const mine = encodeLookupResponse(c)!;
      const theirs = lookupGeneric(c);
      expect(mine.equals(theirs)).to.equal(true);
      expect(lookupDecode(mine)).to.deep.equal(lookupDecode(theirs));
      expect(lookupDecode(mine)).to.deep.equal(c);
      // The installed serializer takes the fast path and yields the same bytes.
      expect(fast.Lookup.responseSerialize(c).equals(theirs)).to.equal(true);
    }
  });

  it('encodes WatchEvent exactly as protobufjs does, for every kind, transition and reason', () => {
    const kinds = ['KIND_UNSPECIFIED', 'SNAPSHOT_ITEM', 'SYNCED', 'TRANSITION', 'RESYNC'];
    const transitions = ['TRANSITION_UNSPECIFIED', 'MATCH_NOMATCH', 'NOMATCH_MATCH', 'MATCH_MATCH'];
    const reasons = ['REASON_UNSPECIFIED', 'EXPIRED', 'CANCELLED', 'REPLACED', 'MODIFIED'];
    let n = 0;
    for (const kind of kinds) for (const transition of transitions) for (const reason of reasons) {
      const item = n % 4 === 0 ? null : items[n % items.length];
      const e = {
        kind, sequence: n * 977, revision: n === 7 ? 2 ** 53 - 1 : n * 131, registrarId: 'b3c7f1de-0000-4000-8000-000000000000',
        transition, serviceId: item?.serviceId ?? '', item, reason, leaseRemainingMs: n * 1234,
      };
      n++;
      const mine = encodeWatchEvent(e)!;
      const theirs = watchGeneric(e);
      expect(mine.equals(theirs), `${kind} ${transition} ${reason}`).to.equal(true);
      expect(watchDecode(mine)).to.deep.equal(watchDecode(theirs));
      expect(fast.Watch.responseSerialize(e as never).equals(theirs)).to.equal(true);
    }
  });

  it('encodes RenewResult (KeepAlive answers) exactly as protobufjs does', () => {
    const keepGeneric = (v: object): Buffer => service.KeepAlive.responseSerialize(v as never);
    const cases = [
      { leaseId: '22ea5820-4d9c-4265-9458-9246e887cdcf', durationMs: 10_000, code: 0, message: '' },
      { leaseId: 'x', durationMs: 0, code: 5, message: 'lease x is unknown or has expired' },
      { leaseId: '', durationMs: 2 ** 53 - 1, code: 7, message: "lease belongs to 'Grüße 日本 🦙', not 'b'" },
      { leaseId: 'é'.repeat(100), durationMs: 128, code: 16, message: 'm'.repeat(300) },
    ];
    for (const c of cases) {
      const mine = encodeRenewResult(c)!;
      expect(mine.equals(keepGeneric(c)), JSON.stringify(c)).to.equal(true);
      expect(service.KeepAlive.responseDeserialize(mine)).to.deep.equal({ ...c, errorCode: '' });
      expect(fast.KeepAlive.responseSerialize(c as never).equals(keepGeneric(c))).to.equal(true);
    }
    // A refusal with its LAMA error code goes through the generic encoder.
    for (const odd of [{ leaseId: 'x', durationMs: -1, code: 0, message: '' }, { leaseId: 'x', durationMs: 1, code: -3, message: '' }, { leaseId: 'x' }, { leaseId: 'x', durationMs: 0, code: 5, message: 'gone', errorCode: 'ERR_UNKNOWN_LEASE' }]) {
      expect(encodeRenewResult(odd)).to.equal(undefined);
      expect(fast.KeepAlive.responseSerialize(odd as never).equals(keepGeneric(odd))).to.equal(true);
    }
  });

  it('declines values the registrar never produces, and the installed serializer falls back to the generic one', () => {
    const item = EDGE_ITEMS[1];
    const odd: object[] = [
      { items: [item], total: -1, leaseRemainingMs: [0] },
      { items: [item], total: 1, leaseRemainingMs: [-5] },
      { items: [item], total: 1, leaseRemainingMs: [1.5] },
      { items: [item], total: 1, leaseRemainingMs: ['77'] },
      { items: [{ ...item, endpoint: 42 }], total: 1 },
      { items: [{ ...item, attributes: [{ type: 't', fields: { a: 7 } }] }], total: 1 },
      { items: [{ ...item, attributes: [{ type: 't' }] }], total: 1 },
      { items: [{ serviceId: 'x' }] },
    ];
    for (const v of odd) {
      expect(encodeLookupResponse(v as never), JSON.stringify(v)).to.equal(undefined);
      expect(fast.Lookup.responseSerialize(v as never).equals(lookupGeneric(v))).to.equal(true);
    }
    // Sparse but well-formed: the fast path still writes exactly what the generic one does.
    for (const v of [{}, { total: 3 }, { items: [item] }, { leaseRemainingMs: [4] }]) {
      expect(encodeLookupResponse(v)!.equals(lookupGeneric(v)), JSON.stringify(v)).to.equal(true);
    }
    const base = { kind: 'TRANSITION', sequence: 1, revision: 1, registrarId: 'r', transition: 'MATCH_MATCH', serviceId: 's', item, reason: 'REASON_UNSPECIFIED', leaseRemainingMs: 5 };
    const oddEvents: object[] = [
      { ...base, kind: 3 }, { ...base, transition: 'BOGUS' }, { ...base, sequence: -1 }, { ...base, leaseRemainingMs: undefined },
      { ...base, registrarId: undefined }, { kind: 'SYNCED' },
    ];
    for (const v of oddEvents) {
      expect(encodeWatchEvent(v as never), JSON.stringify(v)).to.equal(undefined);
      expect(fast.Watch.responseSerialize(v as never).equals(watchGeneric(v))).to.equal(true);
    }
  });

  it('encodes a registrar item once and encodes its replacement afresh', () => {
    const reg = new Registrar({ clock: new VirtualClock(1_000) });
    const { serviceId } = reg.register(own('n1'), { serviceTypes: ['lama.agent.v1.Agent'], attributes: [{ type: 'lama.Name', fields: { name: 'n1' } }] }, 0);
    const before = reg.get(serviceId)!;
    const b1 = serviceItemBytes(before)!;
    expect(serviceItemBytes(before)!.equals(b1)).to.equal(true);
    const after = reg.addAttributes(own('n1'), serviceId, [{ type: 'lama.Role', fields: { role: 'cache' } }]);
    const b2 = serviceItemBytes(after)!;
    expect(b2.equals(b1)).to.equal(false);
    expect(b2.equals(genericItemBytes(after))).to.equal(true);
    expect(b1.equals(genericItemBytes(before))).to.equal(true);
  });
});

describe('LookupServer with the fast encoders (in-process, real gRPC)', function () {
  this.timeout(20_000);
  const pool = createPoolKey();
  let server: LookupServer;
  let client: RegistrarClient;
  let subscription: Subscription | undefined;

  before(async () => {
    server = new LookupServer({ credential: issueCredential(pool, { name: 'lus', roles: ['lookup'] }), listen: '127.0.0.1:0' });
    await server.start();
    client = new RegistrarClient({ endpoint: server.endpoint, credential: issueCredential(pool, { name: 'agent-1', roles: ['agent'] }) });
  });

  after(async () => {
    subscription?.unsubscribe();
    client?.close();
    await server?.stop(100);
  });

  it('Lookup and Watch over the wire return what the registrar holds, unicode and empty entries included', async () => {
    const events: RemoteWatchEvent[] = [];
    const synced = new Promise<void>((resolve, reject) => {
      subscription = client.watch({ attributes: [{ type: 'lama.Role', fields: { role: 'wire' } }] }).subscribe({
        next: (e) => (e.kind === 'SYNCED' ? resolve() : events.push(e)),
        error: reject,
      });
    });
    await synced;
    const sent: Partial<ServiceItem>[] = [
      { serviceTypes: ['lama.agent.v1.Agent'], endpoint: '127.0.0.1:7001', attributes: [{ type: 'lama.Label', fields: { name: 'Grüße 日本 🦙' } }, { type: 'lama.Role', fields: { role: 'wire' } }] },
      { serviceTypes: [], endpoint: '', attributes: [{ type: 'lama.Role', fields: { role: 'wire' } }, { type: 'lama.Empty', fields: {} }] },
      { serviceTypes: ['x'], endpoint: 'h:1', attributes: [{ type: 'lama.Role', fields: { role: 'wire' } }, { type: 't', fields: { long: 'é'.repeat(500), empty: '' } }] },
    ];
    for (const item of sent) await client.register(item, 10_000);
    const expected = server.registrar.lookup({ attributes: [{ type: 'lama.Role', fields: { role: 'wire' } }] }).items;
    expect(expected).to.have.length(3);
    const all = await client.lookup({ attributes: [{ type: 'lama.Role', fields: { role: 'wire' } }] });
    expect(all.items).to.deep.equal(expected);
    expect(all.total).to.equal(3);
    expect(all.leaseRemainingMs).to.have.length(3);
    for (const ms of all.leaseRemainingMs) expect(ms).to.be.within(1, 10_000);
    const limited = await client.lookup({ attributes: [{ type: 'lama.Role', fields: { role: 'wire' } }] }, 2);
    expect(limited.items).to.deep.equal(expected.slice(0, 2));
    expect(limited.total).to.equal(3);
    const none = await client.lookup({ attributes: [{ type: 'lama.Role', fields: { role: 'nobody' } }] });
    expect(none).to.deep.equal({ items: [], total: 0, leaseRemainingMs: [] });
    const deadline = Date.now() + 10_000;
    while (events.length < 3 && Date.now() < deadline) await new Promise((res) => setTimeout(res, 20));
    expect(events.map((e) => e.item)).to.deep.equal(expected);
    expect(events.map((e) => e.transition)).to.deep.equal(['NOMATCH_MATCH', 'NOMATCH_MATCH', 'NOMATCH_MATCH']);
    expect(events.map((e) => e.sequence)).to.deep.equal([2, 3, 4]);
    expect(events.map((e) => e.leaseRemainingMs > 0)).to.deep.equal([true, true, true]);
  });
});
