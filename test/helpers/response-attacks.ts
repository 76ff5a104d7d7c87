import dnsPacket from 'dns-packet';
import type { Answer } from 'dns-packet';
import { SERVICE_TYPE, signFields, toTxt, type Fields, type RejectReason } from '@lama/lookup';
import { PAD, WINDOW_OUT_MS, type FuzzKit, type FuzzPacket, type Weighted } from './fuzz-wire.js';

/**
 * Responses at joiners: garbage and oversized TXT, malformed fields, announcements and
 * goodbyes forged by another pool, by an edited certificate or by a non-lookup member,
 * the genuine announcement tampered with or replayed, stale records, unsolicited answers.
 */
export class ResponseAttacks {
  /** Answers the lookup service sent to our genuine queries, for replay to joiners that never asked. */
  private readonly answers: { bytes: Buffer; at: number }[] = [];

  constructor(private readonly kit: FuzzKit) {}

  noteAnswer(bytes: Buffer): void {
    this.answers.push({ bytes, at: Date.now() });
    if (this.answers.length > 8) this.answers.shift();
  }

  weighted(): Weighted[] {
    const { kit } = this;
    const { creds } = kit;
    return [
      [6, () => kit.toJoiners('announce-garbage-txt', kit.responseWithTxt(kit.garbageTxt()), ['malformed'])],
      [2, () => this.oversizedTxt()],
      [3, () => this.malformedFields()],
      [4, () => kit.toJoiners('announce-other-pool', kit.signedAnnounce(creds.strangerLookup), ['credential'])],
      [3, () => kit.toJoiners('announce-forged-cert', kit.signedAnnounce(creds.forgedLookup), ['credential'])],
      [0.5, () => this.forgedMany()],
      [2, () => kit.toJoiners('announce-agent-role', kit.signedAnnounce(creds.member), ['role'])],
      [3, () => this.tampered()],
      [3, () => this.goodbyeForged()],
      [5, () => this.replayOld()],
      [0.5, () => this.replayLatest()],
      [3, () => kit.toJoiners('announce-stale', kit.signedAnnounce(creds.strangerLookup, { ts: String(Date.now() + kit.sign() * WINDOW_OUT_MS) }), ['stale'])],
      [5, () => this.unknownNonce()],
      [3, () => this.answerReplayed()],
    ];
  }

  private oversizedTxt(): FuzzPacket {
    const { kit } = this;
    const pads: Fields = {};
    for (let i = 0; i < 36; i++) pads[`p${i}`] = PAD;
    const latest = kit.capture.latest?.fields;
    const variants: { txt: Buffer[]; reason: RejectReason }[] = [
      { txt: toTxt(kit.signedAnnounce(kit.creds.strangerLookup, pads)), reason: 'credential' },
      { txt: toTxt({ ...(latest ?? kit.signedAnnounce(kit.creds.forgedLookup)), ...pads }), reason: latest ? 'signature' : 'credential' },
      { txt: Array.from({ length: 100 }, (_, i) => Buffer.from(`a${i}=${'z'.repeat(90)}`)), reason: 'malformed' },
    ];
    const v = kit.rng.pick(variants);
    return kit.toJoiners('announce-oversized-txt', kit.responseWithTxt(v.txt), [v.reason]);
  }

  private malformedFields(): FuzzPacket {
    const { kit } = this;
    const base = kit.announceFields();
    const { seq: _seq, ...noSeq } = base;
    const { ep: _ep, ...noEp } = base;
    const broken = kit.rng.pick<Fields>([
      { ...base, k: 'hello' }, { ...base, v: '2' }, noSeq, noEp, { ...base, ai: '0' }, { ...base, seq: '1.5' }, { ...base, ts: 'yesterday' },
    ]);
    return kit.toJoiners('announce-malformed-fields', signFields(broken, kit.creds.strangerLookup), ['malformed']);
  }

  /** Twenty forged records in one datagram: over the per-packet limit, refused whole before any signature check. */
  private forgedMany(): FuzzPacket {
    const { kit } = this;
    const answers: Answer[] = [];
    for (let i = 0; i < 20; i++) {
      answers.push({ name: `${kit.target.instance}-${i}.${SERVICE_TYPE}`, type: 'TXT', ttl: 6, data: toTxt(kit.signedAnnounce(kit.creds.forgedLookup)) });
    }
    return kit.toJoiners('announce-forged-cert-x20', dnsPacket.encode({ type: 'response', flags: 0, answers }), ['malformed']);
  }

  /** The genuine lookup service's latest announcement with its endpoint redirected. */
  private tampered(): FuzzPacket {
    const { kit } = this;
    const latest = kit.capture.latest?.fields;
    if (!latest) return kit.toJoiners('announce-forged-cert', kit.signedAnnounce(kit.creds.forgedLookup), ['credential']);
    return kit.toJoiners('announce-tampered', { ...latest, ep: `127.0.0.1:${kit.rng.int(1024, 65535)}` }, ['signature']);
  }

  /** A goodbye the lookup service never said: joiners would drop it if they believed one. */
  private goodbyeForged(): FuzzPacket {
    const { kit } = this;
    const latest = kit.capture.latest?.fields;
    const variants: [Fields, RejectReason][] = [
      [kit.signedAnnounce(kit.creds.strangerLookup, { k: 'goodbye' }), 'credential'],
      [kit.signedAnnounce(kit.creds.forgedLookup, { k: 'goodbye' }), 'credential'],
      [kit.signedAnnounce(kit.creds.member, { k: 'goodbye' }), 'role'],
    ];
    if (latest) variants.push([{ ...latest, k: 'goodbye' }, 'signature']);
    const [fields, reason] = kit.rng.pick(variants);
    return kit.toJoiners('goodbye-forged', kit.responseBytes(fields, 0), [reason]);
  }

  /** Whether the newest captured announcement is old enough that every joiner has processed it too. */
  private settled(): boolean {
    const latest = this.kit.capture.latest;
    return latest !== undefined && Date.now() - latest.at > 100;
  }

  private replayOld(): FuzzPacket {
    const old = this.kit.capture.superseded;
    if (!old || !this.settled()) return this.tampered();
    return this.kit.toJoiners('announce-replay-old', old.bytes, ['replay']);
  }

  /** The newest announcement verbatim. Joiners accept it silently as a repeat: it moves no counter. */
  private replayLatest(): FuzzPacket {
    const latest = this.kit.capture.latest;
    if (!latest || !this.settled()) return this.tampered();
    return this.kit.toJoiners('announce-replay-latest', latest.bytes, []);
  }

  private unknownNonce(): FuzzPacket {
    const { kit } = this;
    const signer = kit.rng.pick([kit.creds.strangerLookup, kit.creds.member, kit.creds.forgedLookup]);
    return kit.toJoiners('answer-unknown-nonce', kit.signedAnnounce(signer, { k: 'answer', n: kit.rng.b64u(16) }), ['unsolicited']);
  }

  private answerReplayed(): FuzzPacket {
    // Older answers would be refused as stale before their nonce is even looked at.
    const fresh = this.answers.filter((a) => Date.now() - a.at < 10_000);
    if (fresh.length === 0) return this.unknownNonce();
    return this.kit.toJoiners('answer-replayed', this.kit.rng.pick(fresh).bytes, ['unsolicited']);
  }
}
