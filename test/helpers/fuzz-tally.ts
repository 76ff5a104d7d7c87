import { dnsKind, type RejectReason } from '@lama/lookup';
import type { Outcome } from './discovery-oracle.js';
import type { FuzzPacket } from './fuzz-packets.js';

export type ReasonCounts = Partial<Record<RejectReason, number>>;

/** The receivers whose counters the test reads. */
export type Receiver = 'lookup' | 'joiner' | 'joinProcess';

const RECEIVERS: Receiver[] = ['lookup', 'joiner', 'joinProcess'];

/** What was sent, and what each receiver should have counted. */
export class FuzzTally {
  sent = 0;
  /** Datagrams: a packet for the joiners' query ports goes to each of them. */
  datagrams = 0;
  readonly byCategory = new Map<string, number>();
  readonly expected: Record<Receiver, ReasonCounts> = { lookup: {}, joiner: {}, joinProcess: {} };
  /** Packets whose outcome only full verification would tell (counted, reason unknown). */
  readonly unknown: Record<Receiver, number> = { lookup: 0, joiner: 0, joinProcess: 0 };
  /** Datagrams of the kind a receiver never reads (responses at the lookup service, queries at joiners): dropped undecoded, counted as ignored. */
  readonly ignored: Record<Receiver, number> = { lookup: 0, joiner: 0, joinProcess: 0 };

  /** unicastToJoinProcess: whether packets for the joiners' query ports reach the `lama join` process too. */
  constructor(private readonly unicastToJoinProcess: boolean) {}

  add(p: FuzzPacket): void {
    this.sent++;
    this.datagrams += p.route === 'joiner' && this.unicastToJoinProcess ? 2 : 1;
    this.byCategory.set(p.category, (this.byCategory.get(p.category) ?? 0) + 1);
    this.expect('lookup', p.lookup);
    this.expect('joiner', p.joiner);
    const toJoinProcess = p.route === 'group' || this.unicastToJoinProcess;
    if (toJoinProcess) this.expect('joinProcess', p.joiner);
    const kind = dnsKind(p.bytes);
    if (kind === 'response' && p.route === 'group') this.ignored.lookup++;
    if (kind === 'query') {
      this.ignored.joiner++;
      if (toJoinProcess) this.ignored.joinProcess++;
    }
  }

  private expect(r: Receiver, o: Outcome): void {
    if (o === 'unknown') {
      this.unknown[r]++;
      return;
    }
    for (const reason of o) this.expected[r][reason] = (this.expected[r][reason] ?? 0) + 1;
  }

  expectedTotal(r: Receiver): number {
    return total(this.expected[r]);
  }

  /** A table of expected vs observed rejections per reason and receiver. */
  report(observed: Record<Receiver, ReasonCounts>): string {
    const reasons = [...new Set(RECEIVERS.flatMap((r) => [...Object.keys(this.expected[r]), ...Object.keys(observed[r])]))].sort();
    const cell = (r: Receiver, k: string): string => `${observed[r][k as RejectReason] ?? 0}/${this.expected[r][k as RejectReason] ?? 0}`.padStart(13);
    const lines = [`${'reason'.padEnd(12)}${RECEIVERS.map((r) => r.padStart(13)).join('')}   (observed/expected)`];
    for (const k of reasons) lines.push(`${k.padEnd(12)}${RECEIVERS.map((r) => cell(r, k)).join('')}`);
    lines.push(`${'total'.padEnd(12)}${RECEIVERS.map((r) => `${total(observed[r])}/${this.expectedTotal(r)}`.padStart(13)).join('')}`);
    lines.push(`${'+unknown'.padEnd(12)}${RECEIVERS.map((r) => String(this.unknown[r]).padStart(13)).join('')}`);
    return lines.join('\n');
  }
}

export function total(c: ReasonCounts): number {
  return Object.values(c).reduce((s, n) => s + (n ?? 0), 0);
}

/** Only the reject reasons of a counter object that also holds other counters (queries, answered...). */
export function reasonsOf(stats: Record<string, number>): ReasonCounts {
  const keep: RejectReason[] = ['malformed', 'credential', 'role', 'signature', 'stale', 'replay', 'unsolicited', 'group'];
  const out: ReasonCounts = {};
  for (const k of keep) if (stats[k]) out[k] = stats[k];
  return out;
}

/** Subtracts counters taken before from counters taken after. */
export function delta(after: ReasonCounts, before: ReasonCounts): ReasonCounts {
  const out: ReasonCounts = {};
  for (const [k, v] of Object.entries(after) as [RejectReason, number][]) {
    const d = v - (before[k] ?? 0);
    if (d) out[k] = d;
  }
  return out;
}
