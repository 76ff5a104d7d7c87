import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { RemoteInfo } from 'node:dgram';
import type { Packet } from 'dns-packet';
import type { Credential } from '../credentials/certificate.js';
import type { CredentialVerifier } from '../credentials/verifier.js';
import type { Startable } from '../lifecycle/startable.js';
import type { Clock, Timer } from '../time/clock.js';
import { lookupResponse, queryFieldsOf } from './dns-sd.js';
import { MdnsTransport, type MdnsOptions } from './mdns-transport.js';
import { ReplayWindow } from '../credentials/replay-window.js';
import { currentLimits } from '../rpc/limits.js';
import { DISCOVERY_WINDOW_MS, DiscoveryRejection, checkFresh, signFields, verifyFields, type Fields, type RejectReason } from './signed-fields.js';

export interface AnnouncerOptions {
  credential: Credential;
  verifier: CredentialVerifier;
  /** Multicast options, or false to serve unicast Discover calls only. */
  mdns: MdnsOptions | false;
  groups: string[];
  /** HOST:PORT that clients should call. */
  endpoint: string;
  /** The lookup service's service ID (stable across restarts). */
  serviceId: string;
  /** Changes on every start, so clients know the registrar's contents were lost. */
  bootId: string;
  announceIntervalMs: number;
  clock: Clock;
}

/** Counters of what the announcer received and refused; ignoredResponses were dropped unread (it reads only queries). */
export type AnnouncerStats = Record<RejectReason | 'queries' | 'answered' | 'announced' | 'ignoredResponses', number>;

/** Delays of the start-up announcements (ms after start): a few, backing off. */
export const STARTUP_ANNOUNCEMENTS_MS = [0, 250, 1000, 3000];
/**
 * Receive buffer asked for on the group socket. A signed query is ~660 bytes and takes ~2.3 KB
 * of kernel buffer, so the default 208 KB holds ~90: when a hundred nodes start together
 * their queries overflow it while the lookup service verifies the first ones, and the dropped
 * ones wait for a retry (125-375 ms, then longer). Linux grants twice the request up to
 * twice net.core.rmem_max: 2 MiB (~900 queries) where rmem_max allows, 416 KB (~180) with
 * the common 208 KB rmem_max.
 */
const QUERY_BURST_BUFFER_BYTES = 1 << 20;

/**
 * The lookup service's side of discovery: announces itself (signed, with an increasing
 * sequence number), answers signed queries from pool members by unicast, ignores everyone
 * else, and says goodbye when it stops.
 */
export class LookupAnnouncer extends EventEmitter<{ rejected: [reason: RejectReason, message: string, from: string] }> implements Startable {
  readonly stats: AnnouncerStats = { queries: 0, answered: 0, announced: 0, ignoredResponses: 0, malformed: 0, credential: 0, role: 0, signature: 0, stale: 0, replay: 0, limit: 0, unsolicited: 0, group: 0 };
  private readonly transport: MdnsTransport | undefined;
  // Every answered nonce, for as long as a query carrying it could be fresh.
  private readonly seenNonces = new ReplayWindow(DISCOVERY_WINDOW_MS, currentLimits().discoveryNonces);
  private seq: number;
  private timers: Timer[] = [];
  private started = false;
  private stopping = false;
  private readonly host: string;
  private readonly port: number;

  constructor(private readonly o: AnnouncerOptions) {
    super();
    // Only queries are read: announcements (its own, other lookup services') are dropped before they are decoded.
    this.transport = o.mdns ? new MdnsTransport(o.mdns, false, 'query', QUERY_BURST_BUFFER_BYTES) : undefined;
    // Sequence numbers grow across restarts too: start from the boot time.
    this.seq = o.clock.now() * 1000;
    const i = o.endpoint.lastIndexOf(':');
    this.host = o.endpoint.slice(0, i).replace(/^\[|\]$/g, '');
    this.port = Number(o.endpoint.slice(i + 1));
  }

  async start(): Promise<void> {
    if (!this.transport || this.started) return;
    this.started = true;
    this.transport.onPacket((p, r) => this.onPacket(p, r));
    this.transport.onIgnored(() => this.stats.ignoredResponses++);
    this.transport.onWarning((err) => {
      if (!(err as NodeJS.ErrnoException).code) this.reject('malformed', 'undecodable packet', '?');
    });
    await this.transport.start();
    for (const delay of STARTUP_ANNOUNCEMENTS_MS) this.timers.push(this.o.clock.setTimer(() => this.announce('announce'), delay));
    const periodic = (): void => {
      this.announce('announce');
      this.timers.push(this.o.clock.setTimer(periodic, this.o.announceIntervalMs));
    };
    this.timers.push(this.o.clock.setTimer(periodic, this.o.announceIntervalMs));
  }

  /** Says goodbye (twice, a packet may be lost) and closes the sockets. */
  async stop(): Promise<void> {
    // No answers after the goodbye: a client must not rediscover a departing service.
    if (this.stopping) return;
    this.stopping = true;
    for (const t of this.timers) t.cancel();
    this.timers = [];
    if (!this.transport) return;
    this.announce('goodbye');
    this.announce('goodbye');
    // Let the goodbyes leave before the socket closes.
    await new Promise((r) => setTimeout(r, 20));
    await this.transport.stop();
  }

  /** Signed fields describing this lookup service; `nonce` binds an answer to a query. */
  fields(kind: 'announce' | 'answer' | 'goodbye', nonce?: string): Fields {
    const f: Fields = {
      v: '1', k: kind, id: this.o.serviceId, b: this.o.bootId, ep: this.o.endpoint, g: this.o.groups.join(','),
      seq: String(++this.seq), ts: String(this.o.clock.now()), ai: String(this.o.announceIntervalMs),
    };
    if (nonce) f.n = nonce;
    return signFields(f, this.o.credential);
  }

  private packet(kind: 'announce' | 'answer' | 'goodbye', nonce?: string): Packet {
    return lookupResponse({
      instance: this.o.credential.certificate.name, host: this.host, port: this.port, groups: this.o.groups,
      fields: this.fields(kind, nonce), ttl: kind === 'goodbye' ? 0 : Math.ceil((3 * this.o.announceIntervalMs) / 1000),
    });
  }

  private announce(kind: 'announce' | 'goodbye'): void {
    this.stats.announced++;
    this.transport?.respond(this.packet(kind));
  }

  private reject(reason: RejectReason, message: string, from: string): void {
    this.stats[reason]++;
    this.emit('rejected', reason, message, from);
  }

  private onPacket(packet: Packet, rinfo: RemoteInfo): void {
    if (packet.type !== 'query' || this.stopping) return;
    const from = `${rinfo.address}:${rinfo.port}`;
    try {
      const fields = queryFieldsOf(packet);
      if (!fields) return;
      this.stats.queries++;
      const nonce = this.checkQuery(fields);
      this.stats.answered++;
      this.transport?.respond(this.packet('answer', nonce), rinfo);
    } catch (err) {
      if (err instanceof DiscoveryRejection) this.reject(err.reason, err.message, from);
      else this.reject('malformed', (err as Error).message, from);
    }
  }

  /** Verifies a signed query; returns its nonce. Throws DiscoveryRejection. */
  checkQuery(fields: Fields): string {
    if (fields.v !== '1' || fields.k !== 'query') throw new DiscoveryRejection('malformed', 'not a LAMA v1 query');
    const nonce = fields.n;
    if (!nonce || !/^[A-Za-z0-9_-]{16,64}$/.test(nonce)) throw new DiscoveryRejection('malformed', 'missing or bad nonce');
    const now = this.o.clock.now();
    const ts = checkFresh(fields.ts, now);
    // A replay is refused before the signature is checked (cheap); a nonce is recorded only once
    // the signature holds, so a forged copy cannot burn a member's nonce.
    if (this.seenNonces.has(nonce, now)) throw new DiscoveryRejection('replay', 'nonce seen before');
    verifyFields(fields, this.o.verifier);
    const wanted = fields.g ? fields.g.split(',') : [];
    if (wanted.length && !wanted.some((g) => this.o.groups.includes(g))) throw new DiscoveryRejection('group', `query for groups ${fields.g}`);
    if (!this.seenNonces.add(nonce, now, ts - now)) throw new DiscoveryRejection('limit', `${this.seenNonces.capacity} queries within ${DISCOVERY_WINDOW_MS / 1000} s: refusing rather than forgetting a live nonce`);
    return nonce;
  }
}


/** A stable service ID for a lookup service: from its credential's serial and its endpoint. */
export function lookupServiceId(serial: string, endpoint: string): string {
  const h = createHash('sha256').update(`${serial}|${endpoint}`).digest('hex');
  // Shape it as a version-4-style UUID so it passes the same checks as any service ID.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
