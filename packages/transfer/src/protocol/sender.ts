import { randomBytes, sign } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { type Clock, type Credential, type CredentialVerifier, type Timer } from '@lama/lookup/trust';
import { TransferConfigError } from '../errors.js';
import type { BuiltManifest, WireManifest } from '../manifest/manifest.js';
import { BlockSource } from '../store/block-source.js';
import { DATA_HEADER_BYTES, encodePacket, encodeSlice, endMessage, type EndReason, type Nak, type Register, type Status } from '../wire/packet-codec.js';
import { Bitset } from './bitset.js';
import { receiverId, registerAudience } from './receiver-id.js';
import { countDrop, decodeOrCount, type DropCounts, type Peer, type SendFn } from './peer.js';
import { TokenBucket } from './token-bucket.js';

/** Bytes a full-MTU datagram costs on an Ethernet link besides its payload: Ethernet 14 + IPv4 20 + UDP 8. */
export const WIRE_OVERHEAD_BYTES = 42;

/**
 * Bytes a UDP datagram of `len` bytes takes on an Ethernet link of this MTU: a datagram larger
 * than the MTU leaves in IP fragments, each with its own Ethernet and IP header.
 */
export function wireBytes(len: number, mtu = 1500): number {
  return len + 8 + Math.ceil((len + 8) / (mtu - 20)) * 34;
}

/** Options of a sending session. */
export interface SenderOptions {
  clock: Clock;
  built: BuiltManifest;
  wire: WireManifest;
  /** Checks each registering receiver's pool credential. */
  verifier: CredentialVerifier;
  /** The credential that signed the manifest: it signs the session's END, which receivers check against the manifest's signer. */
  credential: Credential;
  send: SendFn;
  /** The group and port the session runs on (announced to receivers). */
  group: { address: string; port: number };
  /** Pace on the wire, headers counted, in bits per second. */
  rateBps: number;
  /** Registered receivers to wait for before sending (0: start after registerTimeoutMs). */
  receivers?: number;
  registerTimeoutMs?: number;
  /** Announcements while waiting for registrations, and during the transfer for late receivers. */
  announceIntervalMs?: number;
  /** Longest wait for the receivers' reports after a round's end. */
  reportWindowMs?: number;
  /** Receivers spread their reports uniformly over this many ms (suppression window). */
  backoffMs?: number;
  /** Best effort: stop after this many repair rounds and report what each receiver lacks. */
  maxRounds?: number;
  /** Stop (best effort) when this many ms have passed since start(). */
  deadlineMs?: number;
  /** Largest burst the pacer sends at once, in bytes (default: 10 ms at the rate, at least 8 datagrams; 25 ms overflowed a 100 Mbit/s tbf queue of 50 ms now and then). */
  burstBytes?: number;
  session?: bigint;
  /** The link's MTU: the pacer counts each IP fragment's headers (default 1500). */
  mtu?: number;
}

/** What one receiver ended with, as the sender knows it. */
export interface ReceiverOutcome {
  name: string;
  id: string;
  address: string;
  complete: boolean;
  /** Paths it still lacks (best effort); every path when it sent no final report. */
  lacking: string[];
  reported: boolean;
}

/** The sender's figures. */
export interface SenderStats {
  dataPackets: number;
  repairPackets: number;
  manifestPackets: number;
  controlPackets: number;
  wireBytes: number;
  naks: number;
  rounds: number;
  /** Data start to the end of the first pass over every packet. */
  firstPassMs: number;
  drops: DropCounts;
}

/** How a session ended. */
export interface SendResult {
  /** Every registered receiver has everything, and as many registered as were expected. */
  complete: boolean;
  /** Expected receivers that never registered. */
  missingReceivers: number;
  reason: EndReason;
  elapsedMs: number;
  /** When the data started, after registration. */
  dataStartedMs: number;
  receivers: ReceiverOutcome[];
  stats: SenderStats;
}

interface ReceiverState {
  id: bigint;
  name: string;
  peer: Peer;
  complete: boolean;
  reportedRound: number;
  missing: number;
  finalRanges?: [number, number][];
}

type Phase = 'idle' | 'register' | 'send' | 'wait' | 'final' | 'done';

/**
 * The sending side of a session, pure protocol on the clock: announce → registrations → the
 * manifest → one paced pass over every packet → round end → the union of what receivers
 * report missing, again and again, until each registered receiver says complete (or the
 * deadline or the round limit: then what each lacks). Emits 'progress' and 'receiver'.
 */
export class TransferSender extends EventEmitter {
  readonly session: bigint;
  private readonly source: BlockSource;
  private readonly bucket: TokenBucket;
  private readonly mtu: number;
  private readonly manifestSlices: number;
  private readonly manifestQueue: Bitset;
  private readonly repair: Bitset;
  private queued: Bitset;
  private cursor = 0;
  private round = 0;
  private phase: Phase = 'idle';
  private readonly receivers = new Map<bigint, ReceiverState>();
  private tickTimer?: Timer;
  private announceTimer?: Timer;
  private phaseTimer?: Timer;
  private startedAt = 0;
  private dataStartedAt = 0;
  private lastAnnounce = -Infinity;
  private silentRounds = 0;
  private resolveDone!: (r: SendResult) => void;
  private rejectDone!: (e: Error) => void;
  /** Resolves when the session ends; rejects when the source changed under it. */
  readonly done: Promise<SendResult>;
  readonly stats: SenderStats = { dataPackets: 0, repairPackets: 0, manifestPackets: 0, controlPackets: 0, wireBytes: 0, naks: 0, rounds: 0, firstPassMs: 0, drops: {} };

  constructor(private readonly o: SenderOptions) {
    super();
    if (!(o.rateBps > 0)) throw new TransferConfigError(`rate ${o.rateBps} bit/s is not positive`);
    this.session = o.session ?? randomBytes(8).readBigUInt64BE(0);
    this.source = new BlockSource(o.built);
    this.mtu = o.mtu ?? 1500;
    const packet = wireBytes(o.built.manifest.packetSize + DATA_HEADER_BYTES, this.mtu);
    this.bucket = new TokenBucket(o.clock, o.rateBps, o.burstBytes ?? Math.max(8 * packet, o.rateBps / 8 / 100));
    this.manifestSlices = Math.ceil(o.wire.bytes.length / o.built.manifest.packetSize);
    this.manifestQueue = new Bitset(this.manifestSlices);
    this.repair = new Bitset(this.source.layout.packets);
    this.queued = new Bitset(this.source.layout.packets);
    this.done = new Promise((resolve, reject) => {
      this.resolveDone = resolve;
      this.rejectDone = reject;
    });
    this.done.catch(() => undefined);
  }

  /** Starts announcing; data follows once the expected receivers registered or the wait ends. */
  start(): void {
    if (this.phase !== 'idle') return;
    this.startedAt = this.o.clock.now();
    this.phase = 'register';
    this.announce();
    const expected = this.o.receivers ?? 0;
    this.phaseTimer = this.o.clock.setTimer(() => this.beginData(), this.o.registerTimeoutMs ?? (expected > 0 ? 30_000 : 2_000));
    if (this.o.deadlineMs !== undefined) this.o.clock.setTimer(() => this.deadline(), this.o.deadlineMs);
  }

  /** Ends the session at once (END 'aborted'). */
  stop(): void {
    if (this.phase === 'done' || this.phase === 'idle') return;
    this.finish('aborted');
  }

  /** Hands one datagram from the transport to the sender. */
  receive(datagram: Buffer, from: Peer): void {
    const p = decodeOrCount(datagram, this.stats.drops);
    if (!p) return;
    if (p.session !== this.session) return countDrop(this.stats.drops, 'session');
    switch (p.type) {
      case 'register': return this.onRegister(p, from);
      case 'nak': return this.onNak(p);
      case 'status': return this.onStatus(p);
      // Our own multicast comes back on loopback; anything else is not for a sender.
      default: return countDrop(this.stats.drops, 'unsolicited');
    }
  }

  private control(datagram: Buffer, to: 'group' | Peer): void {
    this.bucket.force(wireBytes(datagram.length, this.mtu));
    this.stats.controlPackets++;
    this.stats.wireBytes += wireBytes(datagram.length, this.mtu);
    this.o.send(datagram, to);
  }

  private announce(): void {
    if (this.phase === 'done') return;
    const m = this.o.built.manifest;
    this.lastAnnounce = this.o.clock.now();
    this.control(encodePacket({
      type: 'announce', session: this.session, digest: this.o.wire.digest, manifestBytes: this.o.wire.bytes.length,
      packetSize: m.packetSize, packetsPerBlock: m.packetsPerBlock, totalPackets: this.source.layout.packets, streamBytes: m.streamBytes,
      rateKbps: Math.min(0xffffffff, Math.round(this.o.rateBps / 1000)), group: this.o.group.address, port: this.o.group.port, round: this.round,
    }), 'group');
    // Slower once data flows: only late or restarted receivers still need it.
    const every = (this.o.announceIntervalMs ?? 100) * (this.phase === 'register' ? 1 : 2);
    this.announceTimer?.cancel();
    this.announceTimer = this.o.clock.setTimer(() => this.announce(), every);
  }

  private onRegister(p: Register, from: Peer): void {
    if (this.phase === 'done') return;
    try {
      const principal = this.o.verifier.verifyToken(p.token);
      this.o.verifier.verifyCallProof(principal, p.proof, registerAudience(this.session, p.receiver, p.name));
    } catch {
      return countDrop(this.stats.drops, 'credential');
    }
    if (receiverId(p.name) !== p.receiver) return countDrop(this.stats.drops, 'field');
    let r = this.receivers.get(p.receiver);
    if (!r) {
      r = { id: p.receiver, name: p.name, peer: from, complete: false, reportedRound: -1, missing: -1 };
      this.receivers.set(p.receiver, r);
      this.emit('receiver', { name: p.name, id: p.receiver.toString(16), address: from.address });
    } else {
      // Registered again: a restarted receiver (maybe from a new port), or one whose ack was lost.
      // Its completion stands until a status says something is missing: a receiver that never
      // heard its ack registers on every announce, and undoing its completion here, after it had
      // left, kept the session going for ever.
      r.peer = from;
    }
    // To the group: receivers on one host share the group port, and an ack sent there by unicast
    // reaches one of their sockets only; each receiver takes its own by ID.
    this.control(encodePacket({ type: 'register-ack', session: this.session, receiver: p.receiver }), 'group');
    if (this.phase === 'register' && this.receivers.size >= (this.o.receivers ?? Infinity)) this.beginData();
  }

  private onNak(p: Nak): void {
    if (this.phase === 'done' || this.phase === 'register') return;
    this.stats.naks++;
    const limit = p.kind === 'manifest' ? this.manifestSlices : this.source.layout.packets;
    for (const [s, e] of p.ranges) {
      if (e > limit) return countDrop(this.stats.drops, 'range');
    }
    const r = this.receivers.get(p.receiver);
    if (p.final && p.kind === 'data' && r) (r.finalRanges ??= []).push(...p.ranges);
    if (p.final) return;
    if (p.kind === 'manifest') {
      for (const [s, e] of p.ranges) for (let i = s; i < e; i++) this.manifestQueue.add(i);
    } else {
      for (const [s, e] of p.ranges) {
        for (let g = s; g < e; g++) {
          // Still ahead in this pass: it goes anyway.
          if (this.phase === 'send' && g >= this.cursor && this.queued.has(g)) continue;
          this.repair.add(g);
        }
      }
    }
    this.kick();
  }

  private onStatus(p: Status): void {
    const r = this.receivers.get(p.receiver);
    if (!r) return countDrop(this.stats.drops, 'unsolicited');
    r.reportedRound = Math.max(r.reportedRound, p.round);
    r.missing = p.missingPackets;
    const wasComplete = r.complete;
    r.complete = p.missingPackets === 0 && p.missingFiles === 0;
    if (r.complete && !wasComplete) this.emit('receiver-complete', { name: r.name, id: r.id.toString(16) });
    if (this.phase === 'wait' && this.everyoneReported()) this.nextRound();
    else if (this.phase === 'final' && [...this.receivers.values()].every((x) => x.complete || x.finalRanges !== undefined)) this.finalize();
  }

  private everyoneReported(): boolean {
    for (const r of this.receivers.values()) if (!r.complete && r.reportedRound < this.round) return false;
    return true;
  }

  /** Every registered receiver is complete (vacuously when none registered: the pass went to whoever listened). */
  private allComplete(): boolean {
    for (const r of this.receivers.values()) if (!r.complete) return false;
    return true;
  }

  private beginData(): void {
    if (this.phase !== 'register') return;
    this.phaseTimer?.cancel();
    this.dataStartedAt = this.o.clock.now();
    this.phase = 'send';
    for (let i = 0; i < this.manifestSlices; i++) this.manifestQueue.add(i);
    for (let g = 0; g < this.source.layout.packets; g++) this.queued.add(g);
    this.cursor = 0;
    this.announce();
    this.kick();
  }

  /** Schedules the pacer if it is not running. */
  private kick(): void {
    if (this.tickTimer || this.phase === 'done' || this.phase === 'idle' || this.phase === 'register') return;
    this.tickTimer = this.o.clock.setTimer(() => this.tick(), 0);
  }

  private tick(): void {
    this.tickTimer = undefined;
    if (this.phase === 'done') return;
    const m = this.o.built.manifest;
    try {
      for (;;) {
        let datagram: Buffer | undefined;
        let kind: 'manifest' | 'data' | 'repair' = 'data';
        const slice = this.manifestQueue.nextSet(0);
        if (slice >= 0) {
          const bytes = this.o.wire.bytes.subarray(slice * m.packetSize, (slice + 1) * m.packetSize);
          if (!this.bucket.take(wireBytes(bytes.length + DATA_HEADER_BYTES, this.mtu))) break;
          this.manifestQueue.delete(slice);
          datagram = encodeSlice('manifest', this.session, slice, bytes);
          kind = 'manifest';
        } else if (this.phase === 'send') {
          const g = this.queued.nextSet(this.cursor);
          if (g < 0) {
            this.endPass();
            break;
          }
          const len = this.source.layout.packetLength(g);
          if (!this.bucket.take(wireBytes(len + DATA_HEADER_BYTES, this.mtu))) break;
          this.queued.delete(g);
          this.cursor = g + 1;
          const b = Math.floor(g / m.packetsPerBlock);
          const off = (g - b * m.packetsPerBlock) * m.packetSize;
          datagram = encodeSlice('data', this.session, g, this.source.block(b).subarray(off, off + len));
          kind = this.round === 0 ? 'data' : 'repair';
        } else {
          return;
        }
        if (kind === 'manifest') this.stats.manifestPackets++;
        else if (kind === 'repair') this.stats.repairPackets++;
        else this.stats.dataPackets++;
        this.stats.wireBytes += wireBytes(datagram.length, this.mtu);
        this.o.send(datagram, 'group');
      }
    } catch (err) {
      this.fail(err as Error);
      return;
    }
        const wait = this.bucket.waitMs(wireBytes(m.packetSize + DATA_HEADER_BYTES, this.mtu));
    if (this.phase === 'send' || this.manifestQueue.nextSet(0) >= 0) this.tickTimer = this.o.clock.setTimer(() => this.tick(), Math.max(1, Math.ceil(wait)));
  }

  private endPass(): void {
    if (this.allComplete()) {
      this.phase = 'wait';
      return this.nextRound();
    }
    if (this.round === 0) this.stats.firstPassMs = this.o.clock.now() - this.dataStartedAt;
    this.phase = 'wait';
    this.stats.rounds = this.round + 1;
    this.emit('progress', this.progress());
    this.control(encodePacket({ type: 'round-end', session: this.session, round: this.round, final: false, backoffMs: this.o.backoffMs ?? 20 }), 'group');
    const window = (this.o.reportWindowMs ?? 200) * Math.min(8, 2 ** this.silentRounds);
    this.phaseTimer?.cancel();
    this.phaseTimer = this.o.clock.setTimer(() => this.nextRound(), window);
  }

  private nextRound(): void {
    if (this.phase !== 'wait') return;
    this.phaseTimer?.cancel();
    if (this.allComplete() && this.manifestQueue.nextSet(0) < 0) return this.finish('complete');
    if (this.o.maxRounds !== undefined && this.round >= this.o.maxRounds) return this.finalReports('rounds');
    this.round++;
    this.queued = this.repair.count > 0 ? this.takeRepair() : this.queued;
    this.silentRounds = this.queued.count === 0 ? this.silentRounds + 1 : 0;
    this.cursor = 0;
    this.phase = 'send';
    this.kick();
  }

  private takeRepair(): Bitset {
    const next = new Bitset(this.repair.size);
    for (const [s, e] of this.repair.runs(true)) for (let g = s; g < e; g++) {
      next.add(g);
      this.repair.delete(g);
    }
    return next;
  }

  private deadline(): void {
    if (this.phase === 'done') return;
    this.finalReports('deadline');
  }

  private pendingReason: EndReason = 'complete';

  /** Best effort ends: ask every incomplete receiver for its full list, then end. */
  private finalReports(reason: EndReason): void {
    if (this.phase === 'done' || this.phase === 'final') return;
    this.pendingReason = reason;
    this.phase = 'final';
    this.tickTimer?.cancel();
    this.tickTimer = undefined;
    this.phaseTimer?.cancel();
    this.round++;
    for (let i = 0; i < 2; i++) this.control(encodePacket({ type: 'round-end', session: this.session, round: this.round, final: true, backoffMs: this.o.backoffMs ?? 20 }), 'group');
    this.phaseTimer = this.o.clock.setTimer(() => this.finalize(), (this.o.reportWindowMs ?? 200) * 2);
  }

  private finalize(): void {
    if (this.phase !== 'final') return;
    this.finish(this.allComplete() ? 'complete' : this.pendingReason);
  }

  private outcome(r: ReceiverState): ReceiverOutcome {
    const files = this.o.built.manifest.files;
    let lacking: string[] = [];
    if (!r.complete) {
      if (r.finalRanges) {
        const idx = new Set<number>();
        const m = this.o.built.manifest;
        const layout = this.source.layout;
        // A missing packet holds back its whole block, so every file the block touches is lacking.
        for (const [s, e] of r.finalRanges) {
          const from = Math.floor(s / m.packetsPerBlock) * layout.blockBytes;
          const to = Math.min(m.streamBytes, (Math.floor((e - 1) / m.packetsPerBlock) + 1) * layout.blockBytes);
          for (const i of layout.filesIn(from, to)) idx.add(i);
        }
        lacking = [...idx].sort((a, b) => a - b).map((i) => files[i].path);
      } else {
        lacking = files.map((f) => f.path);
      }
    }
    return { name: r.name, id: r.id.toString(16), address: r.peer.address, complete: r.complete, lacking, reported: r.complete || r.finalRanges !== undefined };
  }

  private progress(): { round: number; dataPackets: number; repairPackets: number; wireBytes: number; receivers: number; complete: number } {
    return {
      round: this.round, dataPackets: this.stats.dataPackets, repairPackets: this.stats.repairPackets, wireBytes: this.stats.wireBytes,
      receivers: this.receivers.size, complete: [...this.receivers.values()].filter((r) => r.complete).length,
    };
  }

  private stopTimers(): void {
    this.tickTimer?.cancel();
    this.announceTimer?.cancel();
    this.phaseTimer?.cancel();
    this.tickTimer = undefined;
  }

  private endPacket(reason: EndReason): Buffer {
    return encodePacket({ type: 'end', session: this.session, reason, signature: sign(null, endMessage(this.session, reason), this.o.credential.signingKey) });
  }

  private finish(reason: EndReason): void {
    const end = this.endPacket(reason);
    for (let i = 0; i < 3; i++) this.control(end, 'group');
    this.phase = 'done';
    this.stopTimers();
    this.stats.rounds = Math.max(this.stats.rounds, this.round + 1);
    const now = this.o.clock.now();
    const missingReceivers = Math.max(0, (this.o.receivers ?? 0) - this.receivers.size);
    this.resolveDone({
      complete: reason === 'complete' && missingReceivers === 0, reason, missingReceivers, elapsedMs: now - this.startedAt, dataStartedMs: this.dataStartedAt ? this.dataStartedAt - this.startedAt : 0,
      receivers: [...this.receivers.values()].map((r) => this.outcome(r)), stats: this.stats,
    });
  }

  private fail(err: Error): void {
    const end = this.endPacket('aborted');
    for (let i = 0; i < 3; i++) this.o.send(end, 'group');
    this.phase = 'done';
    this.stopTimers();
    this.rejectDone(err);
  }
}
