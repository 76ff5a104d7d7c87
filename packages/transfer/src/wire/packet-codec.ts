import { PacketError } from '../errors.js';

/**
 * The datagrams of a transfer session. Every one starts with a 12-byte header: magic "LT",
 * version 1, type, and the 64-bit session ID. Numbers are big-endian. Decoding checks every
 * length before reading; whatever does not parse is a PacketError naming its drop counter.
 */
export const MAGIC = 0x4c54;
export const VERSION = 1;
export const HEADER_BYTES = 12;
/** DATA and MANIFEST datagrams: header plus a 32-bit index. */
export const DATA_HEADER_BYTES = HEADER_BYTES + 4;
/** Nothing valid is larger: a payload of at most 8 KiB (jumbo frames) plus its header. */
export const MAX_DATAGRAM = 8192 + DATA_HEADER_BYTES;
/** A name in REGISTER is at most this many UTF-8 bytes. */
export const MAX_NAME_BYTES = 128;

/** The type byte of a DATA datagram (receivers take a fast path on it). */
export const DATA_TYPE = 3;
const TYPE = { announce: 1, manifest: 2, data: 3, 'round-end': 4, end: 5, register: 6, 'register-ack': 7, nak: 8, status: 9 } as const;
type TypeName = keyof typeof TYPE;
const NAMES = new Map<number, TypeName>(Object.entries(TYPE).map(([k, v]) => [v, k as TypeName]));
const END_REASONS = ['complete', 'deadline', 'rounds', 'aborted'] as const;
/** Why a sender ended a session. */
export type EndReason = (typeof END_REASONS)[number];

/** The session's parameters as the sender announces them. */
export interface Announce {
  type: 'announce';
  session: bigint;
  /** sha256 of the signed manifest as it travels (deflated JSON). */
  digest: Buffer;
  manifestBytes: number;
  packetSize: number;
  packetsPerBlock: number;
  totalPackets: number;
  streamBytes: number;
  rateKbps: number;
  group: string;
  port: number;
  round: number;
}
/** A slice of the deflated manifest (`index` counts slices) or of the data stream (`index` counts packets). */
export interface Slice {
  type: 'manifest' | 'data';
  session: bigint;
  index: number;
  data: Buffer;
}
/** The sender finished a pass: receivers report what they lack after a random backoff. */
export interface RoundEnd {
  type: 'round-end';
  session: bigint;
  round: number;
  /** Final call: report everything, to the sender only, without suppression. */
  final: boolean;
  backoffMs: number;
}
/** The sender ended the session; signed, since one forged END would send every receiver to the store. */
export interface End {
  type: 'end';
  session: bigint;
  reason: EndReason;
  /** Ed25519 over endMessage(session, reason) by the sender's credential (the manifest's signer). */
  signature: Buffer;
}

/** Bytes of an END's signature. */
export const END_SIGNATURE_BYTES = 64;

/** What an END's signature covers: a context, the session and the reason. */
export function endMessage(session: bigint, reason: EndReason): Buffer {
  return Buffer.from(`lama-transfer-end-v1\n${session.toString(16)}\n${reason}`, 'utf8');
}
/** A receiver joins: its name, and its pool credential with a call proof bound to this session and name. */
export interface Register {
  type: 'register';
  session: bigint;
  receiver: bigint;
  name: string;
  token: string;
  proof: string;
}
export interface RegisterAck {
  type: 'register-ack';
  session: bigint;
  receiver: bigint;
}
/** Missing manifest slices or data packets, as [start, end) ranges. */
export interface Nak {
  type: 'nak';
  session: bigint;
  receiver: bigint;
  round: number;
  kind: 'manifest' | 'data';
  final: boolean;
  ranges: [number, number][];
}
/** A receiver's answer to a round: how much it still lacks (0 = complete). */
export interface Status {
  type: 'status';
  session: bigint;
  receiver: bigint;
  round: number;
  missingPackets: number;
  missingFiles: number;
}
export type Packet = Announce | Slice | RoundEnd | End | Register | RegisterAck | Nak | Status;

function header(type: TypeName, session: bigint, bodyBytes: number): Buffer {
  const b = Buffer.allocUnsafe(HEADER_BYTES + bodyBytes);
  b.writeUInt16BE(MAGIC, 0);
  b.writeUInt8(VERSION, 2);
  b.writeUInt8(TYPE[type], 3);
  b.writeBigUInt64BE(session, 4);
  return b;
}

/** Encodes a DATA or MANIFEST slice. */
export function encodeSlice(type: 'data' | 'manifest', session: bigint, index: number, data: Uint8Array): Buffer {
  const b = header(type, session, 4 + data.length);
  b.writeUInt32BE(index, HEADER_BYTES);
  b.set(data, DATA_HEADER_BYTES);
  return b;
}

/** Encodes any packet but the NAK (see encodeNaks). */
export function encodePacket(p: Exclude<Packet, Nak>): Buffer {
  switch (p.type) {
    case 'manifest':
    case 'data':
      return encodeSlice(p.type, p.session, p.index, p.data);
    case 'announce': {
      const b = header('announce', p.session, 32 + 4 + 2 + 2 + 4 + 8 + 4 + 4 + 2 + 4);
      let o = HEADER_BYTES;
      p.digest.copy(b, o); o += 32;
      b.writeUInt32BE(p.manifestBytes, o); o += 4;
      b.writeUInt16BE(p.packetSize, o); o += 2;
      b.writeUInt16BE(p.packetsPerBlock, o); o += 2;
      b.writeUInt32BE(p.totalPackets, o); o += 4;
      b.writeBigUInt64BE(BigInt(p.streamBytes), o); o += 8;
      b.writeUInt32BE(p.rateKbps, o); o += 4;
      for (const part of p.group.split('.')) b.writeUInt8(Number(part), o++);
      b.writeUInt16BE(p.port, o); o += 2;
      b.writeUInt32BE(p.round, o);
      return b;
    }
    case 'round-end': {
      const b = header('round-end', p.session, 4 + 1 + 2);
      b.writeUInt32BE(p.round, HEADER_BYTES);
      b.writeUInt8(p.final ? 1 : 0, HEADER_BYTES + 4);
      b.writeUInt16BE(p.backoffMs, HEADER_BYTES + 5);
      return b;
    }
    case 'end': {
      if (p.signature.length !== END_SIGNATURE_BYTES) throw new PacketError('field', `end signature of ${p.signature.length} bytes, expected ${END_SIGNATURE_BYTES}`);
      const b = header('end', p.session, 1 + END_SIGNATURE_BYTES);
      b.writeUInt8(END_REASONS.indexOf(p.reason), HEADER_BYTES);
      p.signature.copy(b, HEADER_BYTES + 1);
      return b;
    }
    case 'register': {
      const name = Buffer.from(p.name, 'utf8').subarray(0, MAX_NAME_BYTES);
      const token = Buffer.from(p.token, 'utf8');
      const proof = Buffer.from(p.proof, 'utf8');
      const b = header('register', p.session, 8 + 1 + name.length + 2 + token.length + 1 + proof.length);
      let o = HEADER_BYTES;
      b.writeBigUInt64BE(p.receiver, o); o += 8;
      b.writeUInt8(name.length, o++);
      o += name.copy(b, o);
      b.writeUInt16BE(token.length, o); o += 2;
      o += token.copy(b, o);
      b.writeUInt8(proof.length, o++);
      proof.copy(b, o);
      return b;
    }
    case 'register-ack': {
      const b = header('register-ack', p.session, 8);
      b.writeBigUInt64BE(p.receiver, HEADER_BYTES);
      return b;
    }
    case 'status': {
      const b = header('status', p.session, 8 + 4 + 4 + 4);
      b.writeBigUInt64BE(p.receiver, HEADER_BYTES);
      b.writeUInt32BE(p.round, HEADER_BYTES + 8);
      b.writeUInt32BE(p.missingPackets, HEADER_BYTES + 12);
      b.writeUInt32BE(p.missingFiles, HEADER_BYTES + 16);
      return b;
    }
  }
}

const NAK_FIXED = 8 + 4 + 1 + 1;
const RANGE_ENTRY = 1 + 4 + 4;
const BITMAP_FIXED = 1 + 4 + 2;
// A bitmap entry is worth it when the next misses are dense; this bounds one entry's span.
const MAX_BITMAP_BYTES = 512;

/**
 * Encodes missing ranges into as few NAK datagrams of at most maxBytes as it can: long runs as
 * ranges, clusters of short runs as bitmaps (a 5 % random loss costs about a bit per packet).
 */
export function encodeNaks(p: Omit<Nak, 'type' | 'ranges'>, ranges: readonly [number, number][], maxBytes: number): Buffer[] {
  const out: Buffer[] = [];
  let body: Buffer[] = [];
  let size = HEADER_BYTES + NAK_FIXED;
  const flush = () => {
    if (body.length === 0) return;
    const b = header('nak', p.session, NAK_FIXED);
    b.writeBigUInt64BE(p.receiver, HEADER_BYTES);
    b.writeUInt32BE(p.round, HEADER_BYTES + 8);
    b.writeUInt8(p.kind === 'data' ? 0 : 1, HEADER_BYTES + 12);
    b.writeUInt8(p.final ? 1 : 0, HEADER_BYTES + 13);
    out.push(Buffer.concat([b, ...body]));
    body = [];
    size = HEADER_BYTES + NAK_FIXED;
  };
  const push = (entry: Buffer) => {
    if (size + entry.length > maxBytes) flush();
    body.push(entry);
    size += entry.length;
  };
  let i = 0;
  while (i < ranges.length) {
    const [s, e] = ranges[i];
    if (e - s >= 32 || i + 1 >= ranges.length || ranges[i + 1][0] - s >= MAX_BITMAP_BYTES * 8) {
      const entry = Buffer.allocUnsafe(RANGE_ENTRY);
      entry.writeUInt8(0, 0);
      entry.writeUInt32BE(s, 1);
      entry.writeUInt32BE(e - s, 5);
      push(entry);
      i++;
      continue;
    }
    // Gather following short runs that fall within one bitmap's span and the datagram's room.
    const room = Math.max(1, Math.min(MAX_BITMAP_BYTES, maxBytes - HEADER_BYTES - NAK_FIXED - BITMAP_FIXED));
    let j = i;
    let last = e;
    while (j + 1 < ranges.length && ranges[j + 1][1] - s <= room * 8 && ranges[j + 1][1] - ranges[j + 1][0] < 32) {
      j++;
      last = ranges[j][1];
    }
    const bytes = Math.ceil((last - s) / 8);
    const entry = Buffer.alloc(BITMAP_FIXED + bytes);
    entry.writeUInt8(1, 0);
    entry.writeUInt32BE(s, 1);
    entry.writeUInt16BE(bytes, 5);
    for (let k = i; k <= j; k++) {
      for (let x = ranges[k][0]; x < ranges[k][1]; x++) entry[BITMAP_FIXED + ((x - s) >>> 3)] |= 1 << ((x - s) & 7);
    }
    push(entry);
    i = j + 1;
  }
  flush();
  return out;
}

function need(b: Buffer, bytes: number, what: string): void {
  if (b.length < bytes) throw new PacketError('length', `${what} datagram of ${b.length} bytes is shorter than its ${bytes}-byte body`);
}

function decodeNakEntries(b: Buffer, from: number): [number, number][] {
  const ranges: [number, number][] = [];
  let o = from;
  while (o < b.length) {
    const kind = b[o];
    if (kind === 0) {
      if (o + RANGE_ENTRY > b.length) throw new PacketError('length', 'NAK range entry cut short');
      const start = b.readUInt32BE(o + 1);
      const count = b.readUInt32BE(o + 5);
      if (count === 0 || start + count > 0xffffffff) throw new PacketError('field', `NAK range ${start}+${count} is empty or overflows`);
      ranges.push([start, start + count]);
      o += RANGE_ENTRY;
    } else if (kind === 1) {
      if (o + BITMAP_FIXED > b.length) throw new PacketError('length', 'NAK bitmap entry cut short');
      const start = b.readUInt32BE(o + 1);
      const bytes = b.readUInt16BE(o + 5);
      if (bytes === 0 || o + BITMAP_FIXED + bytes > b.length) throw new PacketError('length', `NAK bitmap of ${bytes} bytes does not fit the datagram`);
      if (start + bytes * 8 > 0xffffffff) throw new PacketError('field', 'NAK bitmap overflows the index space');
      let runStart = -1;
      for (let x = 0; x < bytes * 8; x++) {
        const set = (b[o + BITMAP_FIXED + (x >>> 3)] & (1 << (x & 7))) !== 0;
        if (set && runStart < 0) runStart = x;
        if (!set && runStart >= 0) {
          ranges.push([start + runStart, start + x]);
          runStart = -1;
        }
      }
      if (runStart >= 0) ranges.push([start + runStart, start + bytes * 8]);
      o += BITMAP_FIXED + bytes;
    } else {
      throw new PacketError('field', `NAK entry kind ${kind} is unknown`);
    }
  }
  return ranges;
}

/** Decodes one datagram; throws PacketError with the drop reason when it is not a valid packet. */
export function decodePacket(b: Buffer): Packet {
  if (b.length > MAX_DATAGRAM) throw new PacketError('oversized', `datagram of ${b.length} bytes is over ${MAX_DATAGRAM}`);
  if (b.length < HEADER_BYTES) throw new PacketError('short', `datagram of ${b.length} bytes is shorter than the ${HEADER_BYTES}-byte header`);
  if (b.readUInt16BE(0) !== MAGIC) throw new PacketError('magic', 'not a LAMA transfer datagram (magic)');
  if (b[2] !== VERSION) throw new PacketError('version', `protocol version ${b[2]} is not ${VERSION}`);
  const type = NAMES.get(b[3]);
  if (!type) throw new PacketError('type', `packet type ${b[3]} is unknown`);
  const session = b.readBigUInt64BE(4);
  const o = HEADER_BYTES;
  switch (type) {
    case 'manifest':
    case 'data':
      need(b, DATA_HEADER_BYTES + 1, type);
      return { type, session, index: b.readUInt32BE(o), data: b.subarray(DATA_HEADER_BYTES) };
    case 'announce': {
      need(b, o + 66, type);
      if (b.length !== o + 66) throw new PacketError('length', `announce of ${b.length} bytes, expected ${o + 66}`);
      const streamBytes = b.readBigUInt64BE(o + 44);
      if (streamBytes > BigInt(Number.MAX_SAFE_INTEGER)) throw new PacketError('field', 'announced stream size is out of range');
      return {
        type, session, digest: Buffer.from(b.subarray(o, o + 32)), manifestBytes: b.readUInt32BE(o + 32),
        packetSize: b.readUInt16BE(o + 36), packetsPerBlock: b.readUInt16BE(o + 38), totalPackets: b.readUInt32BE(o + 40),
        streamBytes: Number(streamBytes), rateKbps: b.readUInt32BE(o + 52),
        group: `${b[o + 56]}.${b[o + 57]}.${b[o + 58]}.${b[o + 59]}`, port: b.readUInt16BE(o + 60), round: b.readUInt32BE(o + 62),
      };
    }
    case 'round-end':
      if (b.length !== o + 7) throw new PacketError('length', `round-end of ${b.length} bytes, expected ${o + 7}`);
      if (b[o + 4] > 1) throw new PacketError('field', 'round-end flag is not 0 or 1');
      return { type, session, round: b.readUInt32BE(o), final: b[o + 4] === 1, backoffMs: b.readUInt16BE(o + 5) };
    case 'end': {
      if (b.length !== o + 1 + END_SIGNATURE_BYTES) throw new PacketError('length', `end of ${b.length} bytes, expected ${o + 1 + END_SIGNATURE_BYTES}`);
      const reason = END_REASONS[b[o]];
      if (!reason) throw new PacketError('field', `end reason ${b[o]} is unknown`);
      return { type, session, reason, signature: Buffer.from(b.subarray(o + 1)) };
    }
    case 'register': {
      need(b, o + 9, type);
      const len = b[o + 8];
      if (len > MAX_NAME_BYTES) throw new PacketError('field', `register name of ${len} bytes is over ${MAX_NAME_BYTES}`);
      let at = o + 9 + len;
      need(b, at + 2, type);
      const tokenLen = b.readUInt16BE(at);
      at += 2;
      need(b, at + tokenLen + 1, type);
      const token = b.toString('utf8', at, at + tokenLen);
      at += tokenLen;
      const proofLen = b[at++];
      if (b.length !== at + proofLen) throw new PacketError('length', 'register fields do not add up to the datagram');
      return { type, session, receiver: b.readBigUInt64BE(o), name: b.toString('utf8', o + 9, o + 9 + len), token, proof: b.toString('utf8', at, at + proofLen) };
    }
    case 'register-ack':
      if (b.length !== o + 8) throw new PacketError('length', `register-ack of ${b.length} bytes, expected ${o + 8}`);
      return { type, session, receiver: b.readBigUInt64BE(o) };
    case 'nak': {
      need(b, o + NAK_FIXED + BITMAP_FIXED + 1, type);
      if (b[o + 12] > 1 || b[o + 13] > 1) throw new PacketError('field', 'NAK kind or flag is not 0 or 1');
      return {
        type, session, receiver: b.readBigUInt64BE(o), round: b.readUInt32BE(o + 8), kind: b[o + 12] === 0 ? 'data' : 'manifest',
        final: b[o + 13] === 1, ranges: decodeNakEntries(b, o + NAK_FIXED),
      };
    }
    case 'status':
      if (b.length !== o + 20) throw new PacketError('length', `status of ${b.length} bytes, expected ${o + 20}`);
      return { type, session, receiver: b.readBigUInt64BE(o), round: b.readUInt32BE(o + 8), missingPackets: b.readUInt32BE(o + 12), missingFiles: b.readUInt32BE(o + 16) };
  }
}
