// Hand-written protobuf encoders for the two responses whose size grows with the registrar,
// LookupResponse and WatchEvent, and for the most frequent one, a KeepAlive RenewResult. Each ServiceItem is encoded once and its bytes are reused
// by every response that carries it (registrar items are immutable: every change replaces
// the object, so an item's bytes never go stale).
//
// The output is byte for byte what proto-loader's serializer (protobufjs fromObject + encode)
// writes for the same object: fields in field-number order, every present scalar written even
// when it is the default, map entries as {key = 1, value = 2}, lease_remaining_ms packed.
// Anything outside what the registrar hands out (a non-string, a negative or fractional
// number, an unknown enum name) makes the fast encoder decline, and the caller falls back
// to the generic serializer, so an odd value is never encoded differently from before.
// test/fast-encode.test.ts compares both encoders byte for byte.
import type { serialize } from '@grpc/grpc-js';
import type { RegistrarDefinition } from '../generated/lama/lookup/v1/Registrar.js';
import { InternalError } from '../errors.js';

/** The shape of lama.lookup.v1.ServiceItem as the registrar holds it. */
interface ItemLike {
  serviceId: string;
  serviceTypes: string[];
  endpoint: string;
  attributes: { type: string; fields: Record<string, string> }[];
  owner: string;
}

const isUint = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function varintSize(v: number): number {
  let n = 1;
  while (v > 0x7f) {
    v = Math.floor(v / 128);
    n++;
  }
  return n;
}

function writeVarint(buf: Buffer, pos: number, v: number): number {
  while (v > 0x7f) {
    buf[pos++] = (v % 128) | 0x80;
    v = Math.floor(v / 128);
  }
  buf[pos++] = v;
  return pos;
}

/** Size of a length-delimited field (one-byte tag) whose payload is len bytes. */
const delimited = (len: number): number => 1 + varintSize(len) + len;

function writeString(buf: Buffer, pos: number, tag: number, s: string, len: number): number {
  buf[pos++] = tag;
  pos = writeVarint(buf, pos, len);
  return len === 0 ? pos : pos + buf.write(s, pos, len, 'utf8');
}

/**
 * A ServiceItem's protobuf bytes (no tag or length prefix), or undefined when the object is
 * not a plain registrar item (the caller then uses the generic encoder).
 */
export function encodeServiceItem(item: ItemLike): Buffer | undefined {
  const { serviceId, serviceTypes, endpoint, attributes, owner } = item;
  if (typeof serviceId !== 'string' || typeof endpoint !== 'string' || typeof owner !== 'string') return undefined;
  if (!Array.isArray(serviceTypes) || !Array.isArray(attributes)) return undefined;
  // First pass: byte lengths of every string and entry, in write order.
  const lens: number[] = [];
  let size = 0;
  const str = (s: unknown): number => {
    if (typeof s !== 'string') return -1;
    const n = Buffer.byteLength(s, 'utf8');
    lens.push(n);
    return delimited(n);
  };
  let n = str(serviceId);
  size += n;
  for (const t of serviceTypes) {
    if ((n = str(t)) < 0) return undefined;
    size += n;
  }
  size += str(endpoint);
  for (const e of attributes) {
    if (typeof e !== 'object' || e === null || typeof e.fields !== 'object' || e.fields === null) return undefined;
    const at = lens.length;
    lens.push(0);
    let body = str(e.type);
    if (body < 0) return undefined;
    for (const k of Object.keys(e.fields)) {
      const kn = str(k);
      const vn = str(e.fields[k]);
      if (vn < 0) return undefined;
      body += delimited(kn + vn);
    }
    lens[at] = body;
    size += delimited(body);
  }
  size += str(owner);
  // Second pass: write.
  const buf = Buffer.allocUnsafe(size);
  let i = 0;
  let pos = writeString(buf, 0, 0x0a, serviceId, lens[i++]);
  for (const t of serviceTypes) pos = writeString(buf, pos, 0x12, t, lens[i++]);
  pos = writeString(buf, pos, 0x1a, endpoint, lens[i++]);
  for (const e of attributes) {
    buf[pos++] = 0x22;
    pos = writeVarint(buf, pos, lens[i++]);
    pos = writeString(buf, pos, 0x0a, e.type, lens[i++]);
    for (const k of Object.keys(e.fields)) {
      const kn = lens[i++];
      const vn = lens[i++];
      buf[pos++] = 0x12;
      pos = writeVarint(buf, pos, delimited(kn) + delimited(vn));
      pos = writeString(buf, pos, 0x0a, k, kn);
      pos = writeString(buf, pos, 0x12, e.fields[k], vn);
    }
  }
  pos = writeString(buf, pos, 0x2a, owner, lens[i++]);
  if (pos !== size) throw new InternalError(`ServiceItem encoder wrote ${pos} bytes, expected ${size}`);
  return buf;
}

// Keyed by the item object: entries go when the registrar drops the item. The bytes are
// kept as a latin1 string (one char per byte, lossless): a one-byte string costs about half
// of what a small Buffer does (its object, its slice of a pool, the pool's slack).
const itemBytesCache = new WeakMap<object, string>();

/**
 * The encoded bytes of an item as a latin1 string, computed on first use and kept while
 * the item object lives. Callers must not mutate an item after handing it here; registrar
 * items never change.
 */
function cachedItem(item: ItemLike): string | undefined {
  if (typeof item !== 'object' || item === null) return undefined;
  let s = itemBytesCache.get(item);
  if (s === undefined) {
    const b = encodeServiceItem(item);
    if (b === undefined) return undefined;
    s = b.toString('latin1');
    itemBytesCache.set(item, s);
  }
  return s;
}

/** The encoded bytes of an item, as the fast encoders embed them. */
export function serviceItemBytes(item: ItemLike): Buffer | undefined {
  const s = cachedItem(item);
  return s === undefined ? undefined : Buffer.from(s, 'latin1');
}

function writeItem(buf: Buffer, pos: number, tag: number, s: string): number {
  buf[pos++] = tag;
  pos = writeVarint(buf, pos, s.length);
  return pos + buf.write(s, pos, s.length, 'latin1');
}

// The `items` fields (tag, length, item bytes, for every item) of a frozen item list, which
// the registrar hands out again for the same template until its contents change; a frozen
// list cannot change, so its bytes cannot go stale.
const itemListCache = new WeakMap<readonly unknown[], Buffer>();

/** The encoded `items` fields of a list, or undefined when an item is not a plain registrar item. */
function encodeItems(list: readonly ItemLike[]): Buffer | undefined {
  const cached = itemListCache.get(list);
  if (cached !== undefined) return cached;
  const parts: string[] = new Array<string>(list.length);
  let size = 0;
  for (let i = 0; i < list.length; i++) {
    const s = cachedItem(list[i]);
    if (s === undefined) return undefined;
    parts[i] = s;
    size += delimited(s.length);
  }
  const buf = Buffer.allocUnsafe(size);
  let pos = 0;
  for (const s of parts) pos = writeItem(buf, pos, 0x0a, s);
  if (Object.isFrozen(list)) itemListCache.set(list, buf);
  return buf;
}

/** lama.lookup.v1.LookupResponse from registrar items, or undefined to use the generic encoder. */
export function encodeLookupResponse(res: { items?: unknown; total?: unknown; leaseRemainingMs?: unknown }): Buffer | undefined {
  return encodeLookupInto(res, Buffer.allocUnsafe);
}

// One scratch buffer for the server's Lookup answers: grpc-js copies a serialized response
// into its own framed buffer before it returns from the serializer, so the bytes need not
// outlive the call. A 1,000-item answer is ~150 KB; allocating it per call was as much
// external memory again as grpc-js's own copy, and external memory paces full GCs.
let scratch = Buffer.allocUnsafe(0);
const SCRATCH_MAX = 4 * 1024 * 1024;
function scratchBytes(size: number): Buffer {
  if (size > SCRATCH_MAX) return Buffer.allocUnsafe(size);
  if (scratch.length < size) scratch = Buffer.allocUnsafe(Math.max(size, 2 * scratch.length));
  return scratch.subarray(0, size);
}

function encodeLookupInto(res: { items?: unknown; total?: unknown; leaseRemainingMs?: unknown }, alloc: (size: number) => Buffer): Buffer | undefined {
  const { items, total, leaseRemainingMs } = res;
  if (items != null && !Array.isArray(items)) return undefined;
  if (leaseRemainingMs != null && !Array.isArray(leaseRemainingMs)) return undefined;
  if (total != null && !(isUint(total) && total <= 0x7fffffff)) return undefined;
  const body = encodeItems((items ?? []) as ItemLike[]);
  if (body === undefined) return undefined;
  let size = body.length;
  if (total != null) size += 1 + varintSize(total);
  const leases = (leaseRemainingMs ?? []) as unknown[];
  let packed = 0;
  for (const v of leases) {
    if (!isUint(v)) return undefined;
    packed += varintSize(v);
  }
  if (leases.length) size += delimited(packed);
  const buf = alloc(size);
  let pos = body.copy(buf, 0);
  if (total != null) {
    buf[pos++] = 0x10;
    pos = writeVarint(buf, pos, total);
  }
  if (leases.length) {
    buf[pos++] = 0x1a;
    pos = writeVarint(buf, pos, packed);
    for (const v of leases as number[]) pos = writeVarint(buf, pos, v);
  }
  if (pos !== size) throw new InternalError(`LookupResponse encoder wrote ${pos} bytes, expected ${size}`);
  return buf;
}

// Enum numbers from proto/lookup.proto (the test checks every name against the generic encoder).
const KIND: Record<string, number> = { KIND_UNSPECIFIED: 0, SNAPSHOT_ITEM: 1, SYNCED: 2, TRANSITION: 3, RESYNC: 4, LEASE_RENEWED: 5 };
const TRANSITION: Record<string, number> = { TRANSITION_UNSPECIFIED: 0, MATCH_NOMATCH: 1, NOMATCH_MATCH: 2, MATCH_MATCH: 3 };
const REASON: Record<string, number> = { REASON_UNSPECIFIED: 0, EXPIRED: 1, CANCELLED: 2, REPLACED: 3, MODIFIED: 4 };

function enumNumber(table: Record<string, number>, v: unknown): number | undefined {
  return typeof v === 'string' && Object.prototype.hasOwnProperty.call(table, v) ? table[v] : undefined;
}

/** lama.lookup.v1.WatchEvent as the Watch handler builds it, or undefined to use the generic encoder. */
export function encodeWatchEvent(e: {
  kind?: unknown; sequence?: unknown; revision?: unknown; registrarId?: unknown; transition?: unknown;
  serviceId?: unknown; item?: unknown; reason?: unknown; leaseRemainingMs?: unknown;
}): Buffer | undefined {
  // The handler always sets every field; anything sparser takes the generic path.
  const kind = enumNumber(KIND, e.kind);
  const transition = enumNumber(TRANSITION, e.transition);
  const reason = enumNumber(REASON, e.reason);
  const { sequence, revision, registrarId, serviceId, leaseRemainingMs } = e;
  if (kind === undefined || transition === undefined || reason === undefined) return undefined;
  if (!isUint(sequence) || !isUint(revision) || !isUint(leaseRemainingMs)) return undefined;
  if (typeof registrarId !== 'string' || typeof serviceId !== 'string') return undefined;
  let item: string | undefined;
  if (e.item != null) {
    item = cachedItem(e.item as ItemLike);
    if (item === undefined) return undefined;
  }
  const ridLen = Buffer.byteLength(registrarId, 'utf8');
  const sidLen = Buffer.byteLength(serviceId, 'utf8');
  const size = 1 + varintSize(kind) + 1 + varintSize(sequence) + 1 + varintSize(revision) + delimited(ridLen)
    + 1 + varintSize(transition) + delimited(sidLen) + (item !== undefined ? delimited(item.length) : 0)
    + 1 + varintSize(reason) + 1 + varintSize(leaseRemainingMs);
  const buf = Buffer.allocUnsafe(size);
  buf[0] = 0x08;
  let pos = writeVarint(buf, 1, kind);
  buf[pos++] = 0x10;
  pos = writeVarint(buf, pos, sequence);
  buf[pos++] = 0x18;
  pos = writeVarint(buf, pos, revision);
  pos = writeString(buf, pos, 0x22, registrarId, ridLen);
  buf[pos++] = 0x28;
  pos = writeVarint(buf, pos, transition);
  pos = writeString(buf, pos, 0x32, serviceId, sidLen);
  if (item !== undefined) pos = writeItem(buf, pos, 0x3a, item);
  buf[pos++] = 0x40;
  pos = writeVarint(buf, pos, reason);
  buf[pos++] = 0x48;
  pos = writeVarint(buf, pos, leaseRemainingMs);
  if (pos !== size) throw new InternalError(`WatchEvent encoder wrote ${pos} bytes, expected ${size}`);
  return buf;
}

/** lama.lookup.v1.RenewResult (one KeepAlive answer), or undefined to use the generic encoder. */
export function encodeRenewResult(r: { leaseId?: unknown; durationMs?: unknown; code?: unknown; message?: unknown; errorCode?: unknown }): Buffer | undefined {
  const { leaseId, durationMs, code, message } = r;
  // A refusal carries its error code (field 5): rare, so the generic encoder writes it.
  if (r.errorCode || typeof leaseId !== 'string' || typeof message !== 'string' || !isUint(durationMs) || !isUint(code) || code > 0x7fffffff) return undefined;
  const idLen = Buffer.byteLength(leaseId, 'utf8');
  const msgLen = message.length === 0 ? 0 : Buffer.byteLength(message, 'utf8');
  const size = delimited(idLen) + 1 + varintSize(durationMs) + 1 + varintSize(code) + delimited(msgLen);
  const buf = Buffer.allocUnsafe(size);
  let pos = writeString(buf, 0, 0x0a, leaseId, idLen);
  buf[pos++] = 0x10;
  pos = writeVarint(buf, pos, durationMs);
  buf[pos++] = 0x18;
  pos = writeVarint(buf, pos, code);
  pos = writeString(buf, pos, 0x22, message, msgLen);
  if (pos !== size) throw new InternalError(`RenewResult encoder wrote ${pos} bytes, expected ${size}`);
  return buf;
}

function withSerializer<M extends { responseSerialize: serialize<never> }>(method: M, fast: (value: never) => Buffer | undefined): M {
  const generic = method.responseSerialize as (value: unknown) => Buffer;
  return { ...method, responseSerialize: (value: unknown) => fast(value as never) ?? generic(value) };
}

/**
 * The Registrar service definition with Lookup and Watch responses (same bytes, each item
 * encoded once) and KeepAlive answers encoded by the fast encoders above; every other
 * method is unchanged.
 */
export function fastRegistrarDefinition(base: RegistrarDefinition): RegistrarDefinition {
  return {
    ...base,
    // Only here may the bytes live in the scratch buffer: grpc-js copies them at once.
    Lookup: withSerializer(base.Lookup, (res: Parameters<typeof encodeLookupResponse>[0]) => encodeLookupInto(res, scratchBytes)),
    Watch: withSerializer(base.Watch, encodeWatchEvent),
    KeepAlive: withSerializer(base.KeepAlive, encodeRenewResult),
  };
}
