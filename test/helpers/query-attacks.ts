import dnsPacket from 'dns-packet';
import { SERVICE_TYPE, toTxt, type Fields, type RejectReason } from '@lama/lookup';
import { PAD, WINDOW_OUT_MS, type FuzzKit, type FuzzPacket, type Weighted } from './fuzz-wire.js';

// A genuine query is replayed for this long, then replaced, so its replays stay inside the freshness window.
const BASE_QUERY_MS = 2000;

interface Variant {
  txt: Buffer[];
  reason: RejectReason;
}

/** Queries at the lookup service: garbage, oversized, unsigned, forged, tampered, stale, replayed, for the wrong group. */
export class QueryAttacks {
  private base: { bytes: Buffer; at: number } | undefined;

  constructor(private readonly kit: FuzzKit) {}

  weighted(): Weighted[] {
    const { kit } = this;
    const { creds } = kit;
    return [
      [8, () => this.garbageTxt()],
      [2, () => this.oversizedTxt()],
      [2, () => kit.toLookup('query-no-txt', dnsPacket.encode({ type: 'query', questions: [{ name: SERVICE_TYPE, type: 'PTR', class: 'IN' }] }), ['credential'])],
      [5, () => kit.toLookup('query-other-pool', kit.queryBytes(kit.queryFields(creds.stranger)), ['credential'])],
      [3, () => kit.toLookup('query-forged-cert', kit.queryBytes(kit.queryFields(creds.forgedAgent)), ['credential'])],
      [5, () => this.badSignature()],
      [2, () => this.tampered()],
      [7, () => this.replay()],
      [4, () => kit.toLookup('query-stale', kit.queryBytes(kit.queryFields(creds.member, { ts: String(Date.now() + kit.sign() * WINDOW_OUT_MS) })), ['stale'])],
      [2, () => kit.toLookup('query-wrong-group', kit.queryBytes(kit.queryFields(creds.member, { g: 'nosuchgroup' }), ['nosuchgroup']), ['group'])],
    ];
  }

  private garbageTxt(): FuzzPacket {
    const { kit } = this;
    const now = String(Date.now());
    const n = kit.rng.b64u(16);
    const { sig: _sig, ...unsigned } = kit.queryFields(kit.creds.member);
    const variants: Variant[] = [
      { txt: kit.garbageTxt(), reason: 'malformed' },
      { txt: [], reason: 'malformed' },
      { txt: toTxt({ v: '1', k: 'query', n: 'short', ts: now }), reason: 'malformed' },
      { txt: toTxt({ v: '1', k: 'query', n, ts: 'soon' }), reason: 'malformed' },
      { txt: toTxt({ v: '1', k: 'query', n, ts: now }), reason: 'malformed' },
      { txt: toTxt({ v: '2', k: 'query', n, ts: now }), reason: 'malformed' },
      { txt: toTxt({ v: '1', k: 'query', n, ts: now, c0: 'junk' }), reason: 'credential' },
      { txt: toTxt(unsigned), reason: 'signature' },
    ];
    const v = kit.rng.pick(variants);
    return kit.toLookup('query-garbage-txt', kit.queryWithTxt(v.txt), [v.reason]);
  }

  /** About 9 KB of TXT: padded and signed by a stranger, padded after signing, 100 strings, or a 16-chunk junk credential. */
  private oversizedTxt(): FuzzPacket {
    const { kit } = this;
    const pads: Fields = {};
    for (let i = 0; i < 36; i++) pads[`p${i}`] = PAD;
    const junkToken: Fields = {};
    for (let i = 0; i < 16; i++) junkToken[`c${i}`] = PAD;
    const variants: Variant[] = [
      { txt: toTxt(kit.queryFields(kit.creds.stranger, pads)), reason: 'credential' },
      { txt: toTxt({ ...kit.queryFields(kit.creds.member), ...pads }), reason: 'signature' },
      { txt: Array.from({ length: 100 }, (_, i) => Buffer.from(`q${i}=${'y'.repeat(90)}`)), reason: 'malformed' },
      { txt: toTxt({ v: '1', k: 'query', n: kit.rng.b64u(16), ts: String(Date.now()), ...junkToken, ...Object.fromEntries(Object.entries(pads).slice(0, 20)) }), reason: 'credential' },
    ];
    const v = kit.rng.pick(variants);
    return kit.toLookup('query-oversized-txt', kit.queryWithTxt(v.txt), [v.reason]);
  }

  private badSignature(): FuzzPacket {
    const { kit } = this;
    const f = kit.queryFields(kit.creds.member);
    f.sig = kit.rng.next() < 0.7 ? kit.rng.b64u(64) : kit.rng.b64u(kit.rng.int(0, 63));
    return kit.toLookup('query-bad-signature', kit.queryBytes(f), ['signature']);
  }

  private tampered(): FuzzPacket {
    const { kit } = this;
    const f = kit.queryFields(kit.creds.member);
    f.g = kit.target.groups[0];
    return kit.toLookup('query-tampered', kit.queryBytes(f), ['signature']);
  }

  /** The same genuine query again: answered once, then a replay every time. */
  private replay(): FuzzPacket {
    const { kit } = this;
    if (!this.base || Date.now() - this.base.at > BASE_QUERY_MS) {
      this.base = { bytes: kit.queryBytes(kit.queryFields(kit.creds.member)), at: Date.now() };
      return kit.toLookup('query-valid', this.base.bytes, []);
    }
    return kit.toLookup('query-replay', this.base.bytes, ['replay']);
  }
}
