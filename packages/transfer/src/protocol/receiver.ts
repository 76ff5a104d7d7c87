import { createHash, verify } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { CredentialVerifier, makeCallProof, type Clock, type Credential, type Timer } from '@lama/lookup/trust';
import { PacketError, UnsafePathError } from '../errors.js';
import { unpackManifest, type AcceptedManifest } from '../manifest/manifest.js';
import { ReceiveStore } from '../store/receive-store.js';
import { DATA_HEADER_BYTES, DATA_TYPE, HEADER_BYTES, MAGIC, MAX_DATAGRAM, VERSION, encodeNaks, encodePacket, endMessage, type Announce, type End, type EndReason, type Nak, type RoundEnd, type Slice } from '../wire/packet-codec.js';
import { Bitset } from './bitset.js';
import { receiverId, registerAudience } from './receiver-id.js';
import { countDrop, decodeOrCount, type DropCounts, type Peer, type SendFn } from './peer.js';

/** Options of a receiver. */
export interface ReceiverOptions {
  clock: Clock;
  /** The receiver's pool credential: it registers with it, and manifests are checked against its pool key. */
  credential: Credential;
  /** Checks the sender's credential (default: one of the pool key alone); the agent passes its own, which follows the pool's revocations. */
  verifier?: CredentialVerifier;
  /** Files land under this directory. */
  target: string;
  /** The receiver's name; its ID is derived from it, so a restarted receiver is the same one to the sender. */
  name: string;
  send: SendFn;
  /** Uniform [0, 1) source for report backoff (tests pass a seeded one). */
  random?: () => number;
  /** Follow another session once the current one has been silent this long. */
  sessionIdleMs?: number;
  /** Largest manifest accepted, in deflated bytes. */
  maxManifestBytes?: number;
  /** Blocks assembled in memory at once before partial ones go to the spool. */
  activeBlocks?: number;
  /** Largest NAK datagram. */
  maxNakBytes?: number;
  /** Only this session (default: the first one announced). */
  session?: bigint;
  /** End with reason 'sender-silent' when the followed session sends nothing for this long (default: never). */
  idleTimeoutMs?: number;
  /**
   * The caller's own check of a manifest whose signature and paths verified, run before the
   * receiver reads or writes anything under the target: throwing refuses the session (a
   * 'refused' event with that error), as a forged manifest is refused. It may return the
   * indices of files it does not want: they are neither read, written nor asked for, and
   * count as done.
   */
  accept?: (manifest: AcceptedManifest) => Iterable<number> | void;
}

/** The receiver's figures. */
export interface ReceiverStats {
  datagrams: number;
  dataPackets: number;
  dataBytes: number;
  duplicates: number;
  nakDatagrams: number;
  nakPacketsSuppressed: number;
  blocksRejected: number;
  /** Blocks found verified in the spool of an earlier receive, and files already in place. */
  blocksRecovered: number;
  filesRecovered: number;
  filesLanded: number;
  drops: DropCounts;
}

/** How a receive ended. */
export interface ReceiveResult {
  complete: boolean;
  reason: EndReason | 'sender-silent' | 'stopped';
  /** Paths not landed (empty when complete). */
  lacking: string[];
  files: number;
  bytes: number;
}

// A refusal names the session and the manifest it announced, so a forged announcement of a
// live session's ID cannot get the genuine manifest refused.
function refusalKey(a: Announce): string {
  return `${a.session.toString(16)}:${a.digest.toString('hex')}`;
}

interface ActiveBlock {
  buf: Buffer;
  fresh: Uint8Array;
}


/**
 * The receiving side, pure protocol on the clock: follows one session, registers, gathers and
 * verifies the signed manifest before it writes anything, then assembles packets into blocks,
 * checks each block's hash, and lands each file as soon as its blocks are in. At a round's end
 * it reports what it lacks after a random backoff, leaving out what another receiver already
 * reported (suppression). Emits 'session', 'manifest', 'refused', 'file', 'complete', 'end'.
 */
export class TransferReceiver extends EventEmitter {
  readonly id: bigint;
  private readonly verifier: CredentialVerifier;
  readonly stats: ReceiverStats = { datagrams: 0, dataPackets: 0, dataBytes: 0, duplicates: 0, nakDatagrams: 0, nakPacketsSuppressed: 0, blocksRejected: 0, blocksRecovered: 0, filesRecovered: 0, filesLanded: 0, drops: {} };
  private readonly random: () => number;
  private announce?: Announce;
  private sender?: Peer;
  private lastHeard = 0;
  private registered = false;
  private readonly refused = new Set<string>();
  private manifestBuf?: Buffer;
  private manifestHave?: Bitset;
  private manifestNakAt = -Infinity;
  private store?: ReceiveStore;
  private accepted?: AcceptedManifest;
  private have?: Bitset;
  private verified?: Bitset;
  private needed?: Bitset;
  private got?: Uint16Array;
  private spilled?: Uint8Array;
  private readonly active = new Map<number, ActiveBlock>();
  // Block buffers are reused: a fresh 64 KB buffer per block is most of a receiver's garbage.
  private readonly freeBlocks: ActiveBlock[] = [];
  private sessionBytes?: Buffer;
  private landed?: Bitset;
  private remaining?: Uint32Array;
  private heard?: Bitset;
  private heardRound = -1;
  private reportTimer?: Timer;
  private idleTimer?: Timer;
  private ended = false;
  private resolveDone!: (r: ReceiveResult) => void;
  /** Resolves when the sender ends the session, or stop() is called. */
  readonly done: Promise<ReceiveResult>;

  constructor(private readonly o: ReceiverOptions) {
    super();
    this.id = receiverId(o.name);
    this.verifier = o.verifier ?? new CredentialVerifier(o.credential.poolPublicKey, o.clock);
    this.random = o.random ?? Math.random;
    this.done = new Promise((resolve) => {
      this.resolveDone = resolve;
    });
  }

  /** True once every file has landed. */
  get complete(): boolean {
    return this.landed !== undefined && this.landed.full;
  }

  /** Paths not landed yet (every path before the manifest is known: none). */
  lacking(): string[] {
    if (!this.accepted || !this.landed) return [];
    return this.accepted.manifest.files.filter((_, i) => !this.landed!.has(i)).map((f) => f.path);
  }

  /** Hands one datagram from the transport to the receiver. */
  receive(datagram: Buffer, from: Peer): void {
    if (this.ended) return;
    this.stats.datagrams++;
    // The fast path, taken by nearly every datagram: DATA of the followed session, decoded in place.
    if (datagram.length > DATA_HEADER_BYTES && datagram.length <= MAX_DATAGRAM && datagram[3] === DATA_TYPE && this.sessionBytes
      && datagram.readUInt16BE(0) === MAGIC && datagram[2] === VERSION && datagram.compare(this.sessionBytes, 0, 8, 4, 12) === 0) {
      this.lastHeard = this.o.clock.now();
      return this.onData(datagram.readUInt32BE(HEADER_BYTES), datagram.subarray(DATA_HEADER_BYTES));
    }
    const p = decodeOrCount(datagram, this.stats.drops);
    if (!p) return;
    if (p.type === 'announce') return this.onAnnounce(p, from);
    if (!this.announce || p.session !== this.announce.session) return countDrop(this.stats.drops, 'session');
    this.lastHeard = this.o.clock.now();
    switch (p.type) {
      case 'manifest': return this.onManifestSlice(p);
      case 'data': return this.onData(p.index, p.data);
      case 'round-end': return this.onRoundEnd(p);
      case 'nak': return this.onNak(p);
      case 'register-ack':
        if (p.receiver !== this.id) return;
        this.registered = true;
        // Complete before the sender knew us (everything was already in place): say so.
        if (this.complete) this.sendStatus(this.announce.round);
        return;
      case 'end': return this.onEnd(p);
      default: return countDrop(this.stats.drops, 'unsolicited');
    }
  }

  // Only the manifest's signer ends the session: an END before the manifest is verified, or one
  // its key did not sign, is dropped (the idle timeout still ends a session whose sender went).
  private onEnd(p: End): void {
    if (!this.accepted || !verify(null, endMessage(p.session, p.reason), this.accepted.signer.key, p.signature)) return countDrop(this.stats.drops, 'signature');
    this.finish(p.reason);
  }

  /** Stops following the session (the caller's deadline); resolves done with what is there. */
  stop(): void {
    this.finish('stopped');
  }

  private onAnnounce(a: Announce, from: Peer): void {
    if (this.refused.has(refusalKey(a)) || (this.o.session !== undefined && a.session !== this.o.session)) return countDrop(this.stats.drops, 'session');
    const now = this.o.clock.now();
    if (this.announce && a.session !== this.announce.session) {
      // Another session: follow it only when ours has gone silent (a restarted sender).
      if (now - this.lastHeard < (this.o.sessionIdleMs ?? 3000)) return countDrop(this.stats.drops, 'session');
      this.reset();
    }
    if (!this.announce) {
      const max = this.o.maxManifestBytes ?? 64 * 1024 * 1024;
      if (a.manifestBytes === 0 || a.manifestBytes > max || a.packetSize < 256 || a.packetsPerBlock < 1) return countDrop(this.stats.drops, 'field');
      this.announce = a;
      this.sessionBytes = Buffer.alloc(8);
      this.sessionBytes.writeBigUInt64BE(a.session);
      this.sender = from;
      this.manifestBuf = Buffer.alloc(a.manifestBytes);
      this.manifestHave = new Bitset(Math.ceil(a.manifestBytes / a.packetSize));
      this.emit('session', { session: a.session.toString(16), sender: from.address, rateKbps: a.rateKbps });
      this.armIdle();
    }
    this.lastHeard = now;
    if (!this.registered) this.register();
  }

  private armIdle(): void {
    const limit = this.o.idleTimeoutMs;
    if (limit === undefined || this.idleTimer) return;
    const check = () => {
      if (this.o.clock.now() - this.lastHeard >= limit) return this.finish('sender-silent');
      this.idleTimer = this.o.clock.setTimer(check, Math.min(1000, limit / 4));
    };
    this.idleTimer = this.o.clock.setTimer(check, Math.min(1000, limit / 4));
  }

  private register(): void {
    if (!this.announce || !this.sender) return;
    const session = this.announce.session;
    const proof = makeCallProof(this.o.credential, registerAudience(session, this.id, this.o.name), Math.round(this.o.clock.now()));
    this.o.send(encodePacket({ type: 'register', session, receiver: this.id, name: this.o.name, token: this.o.credential.token, proof }), this.sender);
  }

  private reset(): void {
    this.reportTimer?.cancel();
    this.store?.close();
    this.announce = undefined;
    this.sessionBytes = undefined;
    this.store = undefined;
    this.accepted = undefined;
    this.registered = false;
    this.active.clear();
  }

  private onManifestSlice(p: Slice): void {
    const a = this.announce!;
    if (this.accepted) return void this.stats.duplicates++;
    const slices = this.manifestHave!.size;
    if (p.index >= slices) return countDrop(this.stats.drops, 'range');
    const expect = Math.min(a.packetSize, a.manifestBytes - p.index * a.packetSize);
    if (p.data.length !== expect) return countDrop(this.stats.drops, 'length');
    if (!this.manifestHave!.add(p.index)) return void this.stats.duplicates++;
    p.data.copy(this.manifestBuf!, p.index * a.packetSize);
    if (this.manifestHave!.full) this.acceptManifest();
  }

  private acceptManifest(): void {
    const a = this.announce!;
    try {
      const accepted = unpackManifest(this.verifier, this.manifestBuf!, a.digest);
      const m = accepted.manifest;
      if (m.packetSize !== a.packetSize || m.packetsPerBlock !== a.packetsPerBlock || m.streamBytes !== a.streamBytes) {
        throw new PacketError('field', 'the announcement and the signed manifest disagree on the layout');
      }
      const unwanted = this.o.accept?.(accepted);
      const store = new ReceiveStore(this.o.target, accepted);
      const recovered = store.open(unwanted ?? []);
      this.accepted = accepted;
      this.store = store;
      this.stats.blocksRecovered = recovered.verifiedBlocks.count;
      this.stats.filesRecovered = recovered.landedFiles.count - recovered.skipped;
      this.prepare(recovered.verifiedBlocks, recovered.landedFiles);
    } catch (err) {
      // Refused: nothing was written; the session is ignored from now on.
      this.refused.add(refusalKey(a));
      this.reset();
      this.emit('refused', err instanceof UnsafePathError || err instanceof Error ? err : new Error(String(err)));
      return;
    }
    this.manifestBuf = undefined;
    this.emit('manifest', { files: this.accepted.manifest.files.length, bytes: this.accepted.manifest.streamBytes, signer: this.accepted.signer.name });
    this.checkComplete();
  }

  private prepare(verified: Bitset, landed: Bitset): void {
    const layout = this.store!.layout;
    const files = this.accepted!.manifest.files;
    this.have = new Bitset(layout.packets);
    this.verified = verified;
    this.landed = landed;
    this.got = new Uint16Array(layout.blocks);
    this.spilled = new Uint8Array(layout.blocks);
    this.needed = new Bitset(layout.blocks);
    this.remaining = new Uint32Array(files.length);
    for (let i = 0; i < files.length; i++) {
      if (landed.has(i)) continue;
      const [first, last] = layout.fileBlocks(i);
      for (let b = first; b <= last; b++) {
        this.needed.add(b);
        if (!verified.has(b)) this.remaining[i]++;
      }
    }
    for (let b = 0; b < layout.blocks; b++) {
      if (verified.has(b) || !this.needed.has(b)) {
        const [s, e] = layout.blockPackets(b);
        for (let g = s; g < e; g++) this.have.add(g);
        this.got[b] = e - s;
      }
    }
    for (let i = 0; i < files.length; i++) if (!landed.has(i) && this.remaining[i] === 0) this.landFile(i);
  }

  private onData(index: number, data: Buffer): void {
    if (!this.store) {
      countDrop(this.stats.drops, 'no-manifest');
      return this.askManifest();
    }
    const layout = this.store.layout;
    if (index >= layout.packets) return countDrop(this.stats.drops, 'range');
    if (data.length !== layout.packetLength(index)) return countDrop(this.stats.drops, 'length');
    if (this.have!.has(index)) return void this.stats.duplicates++;
    const m = this.accepted!.manifest;
    const b = Math.floor(index / m.packetsPerBlock);
    const k = index - b * m.packetsPerBlock;
    let blk = this.active.get(b);
    if (!blk) {
      if (this.active.size >= (this.o.activeBlocks ?? 64)) this.spill(this.active.keys().next().value as number);
      blk = this.freeBlocks.pop() ?? { buf: Buffer.allocUnsafe(layout.blockBytes), fresh: new Uint8Array(m.packetsPerBlock) };
      blk.fresh.fill(0);
      this.active.set(b, blk);
    }
    data.copy(blk.buf, k * m.packetSize);
    blk.fresh[k] = 1;
    this.have!.add(index);
    this.stats.dataPackets++;
    this.stats.dataBytes += data.length;
    const [s, e] = layout.blockPackets(b);
    if (++this.got![b] === e - s) this.completeBlock(b);
  }

  /** Writes the packets a partial block holds to the spool and frees its buffer. */
  private spill(b: number): void {
    const blk = this.active.get(b)!;
    const P = this.accepted!.manifest.packetSize;
    const base = b * this.store!.layout.blockBytes;
    let k = 0;
    while (k < blk.fresh.length) {
      if (!blk.fresh[k]) {
        k++;
        continue;
      }
      const start = k;
      while (k < blk.fresh.length && blk.fresh[k]) k++;
      this.store!.write(base + start * P, blk.buf.subarray(start * P, Math.min(k * P, this.store!.layout.blockLength(b))));
    }
    this.spilled![b] = 1;
    this.active.delete(b);
    this.freeBlocks.push(blk);
  }

  private completeBlock(b: number): void {
    const store = this.store!;
    let data: Buffer;
    if (this.spilled![b]) {
      this.spill(b);
      data = store.readBlock(b);
    } else {
      const blk = this.active.get(b)!;
      data = blk.buf.subarray(0, store.layout.blockLength(b));
      this.active.delete(b);
      // Reused once this block is written (below, before any other packet arrives).
      this.freeBlocks.push(blk);
    }
    if (createHash('sha256').update(data).digest('hex') !== this.accepted!.manifest.blocks[b]) {
      // A forged or damaged packet: drop the whole block and ask for it again.
      this.stats.blocksRejected++;
      countDrop(this.stats.drops, 'block-hash');
      const [s, e] = store.layout.blockPackets(b);
      for (let g = s; g < e; g++) this.have!.delete(g);
      this.got![b] = 0;
      this.spilled![b] = 0;
      return;
    }
    const inMemory = !this.spilled![b];
    this.verified!.add(b);
    const start = b * store.layout.blockBytes;
    const files = this.accepted!.manifest.files;
    for (const i of store.layout.filesIn(start, start + data.length)) {
      if (this.landed!.has(i)) continue;
      const off = store.layout.offsets[i];
      const from = Math.max(off, start);
      const to = Math.min(off + files[i].size, start + data.length);
      // A small file whole in this block lands straight from memory: no part file to read back.
      if (inMemory && off >= start && to === off + files[i].size && this.remaining![i] === 1) {
        this.remaining![i] = 0;
        this.landFile(i, data.subarray(off - start, to - start));
        continue;
      }
      if (inMemory) store.write(from, data.subarray(from - start, to - start));
      if (--this.remaining![i] === 0) this.landFile(i);
    }
    this.checkComplete();
  }

  private landFile(i: number, bytes?: Buffer): void {
    if (!(bytes ? this.store!.landBytes(i, bytes) : this.store!.land(i))) return;
    this.landed!.add(i);
    this.stats.filesLanded++;
    this.emit('file', this.accepted!.manifest.files[i].path);
  }

  private checkComplete(): void {
    if (!this.complete) return;
    this.store!.close();
    this.emit('complete', { files: this.accepted!.manifest.files.length, bytes: this.accepted!.manifest.streamBytes });
    this.sendStatus(this.announce!.round);
  }

  /** Missing packets of the blocks still needed, as ranges. */
  private missingRanges(): [number, number][] {
    const out: [number, number][] = [];
    const layout = this.store!.layout;
    for (const [bs, be] of this.verified!.runs(false)) {
      for (let b = bs; b < be; b++) {
        if (!this.needed!.has(b)) continue;
        const [s, e] = layout.blockPackets(b);
        for (const r of this.have!.runs(false, s, e)) {
          const last = out[out.length - 1];
          if (last && last[1] === r[0]) last[1] = r[1];
          else out.push([r[0], r[1]]);
        }
      }
    }
    return out;
  }

  private missingCount(ranges: [number, number][]): number {
    return ranges.reduce((n, [s, e]) => n + e - s, 0);
  }

  private askManifest(): void {
    const now = this.o.clock.now();
    if (now - this.manifestNakAt < 100 || !this.manifestHave || this.accepted) return;
    this.manifestNakAt = now;
    const ranges = [...this.manifestHave.runs(false)];
    if (ranges.length === 0) return;
    for (const d of encodeNaks({ session: this.announce!.session, receiver: this.id, round: 0, kind: 'manifest', final: false }, ranges, this.o.maxNakBytes ?? 1400)) {
      this.stats.nakDatagrams++;
      this.o.send(d, 'group');
    }
  }

  private onRoundEnd(p: RoundEnd): void {
    if (!this.registered && !this.complete) this.register();
    if (!this.store) return this.askManifest();
    if (this.complete) return this.sendStatus(p.round);
    if (p.round !== this.heardRound) {
      this.heardRound = p.round;
      this.heard = new Bitset(this.store.layout.packets);
    }
    this.reportTimer?.cancel();
    const delay = p.final ? 0 : this.random() * p.backoffMs;
    this.reportTimer = this.o.clock.setTimer(() => this.report(p), delay);
  }

  private onNak(p: Nak): void {
    if (p.receiver === this.id || p.kind !== 'data' || p.final || !this.heard || p.round !== this.heardRound) return;
    for (const [s, e] of p.ranges) for (let g = s; g < e && g < this.heard.size; g++) this.heard.add(g);
  }

  private report(p: RoundEnd): void {
    if (this.ended || !this.store) return;
    const missing = this.missingRanges();
    const total = this.missingCount(missing);
    let toSend = missing;
    if (!p.final && this.heard) {
      toSend = [];
      for (const [s, e] of missing) {
        for (const r of this.heard.runs(false, s, e)) toSend.push([r[0], r[1]]);
      }
      this.stats.nakPacketsSuppressed += total - this.missingCount(toSend);
    }
    const naks = encodeNaks({ session: p.session, receiver: this.id, round: p.round, kind: 'data', final: p.final }, toSend, this.o.maxNakBytes ?? 1400);
    // A final report goes to the sender alone, and says "nothing" explicitly when nothing is missing.
    for (const d of naks) {
      this.stats.nakDatagrams++;
      this.o.send(d, p.final ? this.sender! : 'group');
    }
    if (p.final && naks.length === 0) this.sendStatus(p.round);
    else this.o.send(encodePacket({ type: 'status', session: p.session, receiver: this.id, round: p.round, missingPackets: total, missingFiles: this.landed!.size - this.landed!.count }), this.sender!);
  }

  private sendStatus(round: number): void {
    if (!this.announce || !this.sender) return;
    const missingFiles = this.landed ? this.landed.size - this.landed.count : 0;
    this.o.send(encodePacket({ type: 'status', session: this.announce.session, receiver: this.id, round, missingPackets: this.complete ? 0 : 1, missingFiles }), this.sender);
  }

  private finish(reason: ReceiveResult['reason']): void {
    if (this.ended) return;
    this.ended = true;
    this.reportTimer?.cancel();
    this.idleTimer?.cancel();
    const complete = this.complete;
    if (!complete) this.store?.close();
    const m = this.accepted?.manifest;
    const result: ReceiveResult = { complete, reason, lacking: this.lacking(), files: m?.files.length ?? 0, bytes: m?.streamBytes ?? 0 };
    this.emit('end', result);
    this.resolveDone(result);
  }
}
