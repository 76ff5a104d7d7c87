import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Packet } from 'dns-packet';
import { concat, defer, from, Subject, type Observable } from '../rx.js';
import type { Credential } from '../credentials/certificate.js';
import { CredentialVerifier } from '../credentials/verifier.js';
import type { RevocationSet } from '../credentials/revocation.js';
import type { Startable } from '../lifecycle/startable.js';
import { systemClock, type Clock, type Timer } from '../time/clock.js';
import { discoveryQuery, lookupFieldsOf } from './dns-sd.js';
import { MdnsTransport, type MdnsOptions } from './mdns-transport.js';
import { DiscoveryRejection, checkFresh, signFields, verifyFields, type Fields, type RejectReason } from './signed-fields.js';
import { jitter } from './jitter.js';
import { ConfigurationError } from '../errors.js';

/** A lookup service that was found and verified. */
export interface LookupLocator {
  /** The lookup service's service ID. */
  serviceId: string;
  /** Its credential name. */
  name: string;
  /** HOST:PORT of its registrar. */
  endpoint: string;
  groups: string[];
  /** Changes when the lookup service restarts (and has lost its registrations). */
  bootId: string;
  source: 'multicast' | 'unicast';
}

export type DiscoveryEvent =
  | { type: 'discovered'; lookup: LookupLocator }
  | { type: 'restarted'; lookup: LookupLocator }
  | { type: 'discarded'; lookup: LookupLocator; reason: string };

/** Calls a unicast locator's Discover RPC; returns the signed fields (see RegistrarClient.discover). `close`, if any, releases its connections when discovery stops. */
export type UnicastDiscover = ((endpoint: string, nonce: string) => Promise<Fields>) & { close?: () => void };

export interface DiscoveryManagerOptions {
  credential: Credential;
  /** Groups to join; empty means every group. */
  groups?: string[];
  /** Multicast options, or false for unicast locators only. */
  mdns: MdnsOptions | false;
  /** HOST:PORT locators to contact directly. */
  locators?: string[];
  /** How unicast locators are asked (needed when locators are given). */
  unicastDiscover?: UnicastDiscover;
  clock?: Clock;
  /** Query retry delays start here and double up to maxRetryMs (each jittered ±50%). */
  initialRetryMs?: number;
  maxRetryMs?: number;
  /** Multicast queries continue at this interval once something was found. */
  queryIntervalMs?: number;
  /**
   * Random delay before the first query, to spread many nodes booting together (default 5 ms:
   * their boots already spread them by tens of ms, and every ms of it is a ms of every node's start-up).
   */
  startJitterMs?: number;
  /**
   * The pool's revocation list as this node follows it (the agent's and the grand agent's):
   * a revoked lookup service's announcements and answers are refused, so it is never
   * discovered, and one revoked while known is discarded once its announcements stop counting.
   */
  revocations?: RevocationSet;
}

/**
 * Counters: queries sent; answers, announcements and goodbyes accepted; rejections by reason;
 * and ignoredQueries, other nodes' queries dropped unread (a joiner reads only responses).
 */
export type DiscoveryStats = Record<RejectReason | 'queries' | 'answers' | 'announcements' | 'goodbyes' | 'ignoredQueries', number>;

interface Known {
  locator: LookupLocator;
  lastSeen: number;
  /** Announced interval: silence for 3 of them discards a lookup service. */
  intervalMs: number;
}

const NONCE_TTL_MS = 30_000;
const START_JITTER_MS = 5;

/**
 * Finds the pool's lookup services: signed multicast queries and announcements, plus
 * unicast locators; emits discovered / restarted / discarded. Everything it accepts was
 * signed by a credential of the pool with role 'lookup'.
 */
export class DiscoveryManager extends EventEmitter<{ rejected: [reason: RejectReason, message: string] }> implements Startable {
  readonly stats: DiscoveryStats = { queries: 0, answers: 0, announcements: 0, goodbyes: 0, ignoredQueries: 0, malformed: 0, credential: 0, role: 0, signature: 0, stale: 0, replay: 0, limit: 0, unsolicited: 0, group: 0 };
  private readonly clock: Clock;
  private readonly verifier: CredentialVerifier;
  private readonly groups: string[];
  private readonly known = new Map<string, Known>();
  private readonly subject = new Subject<DiscoveryEvent>();
  private readonly nonces = new Map<string, number>();
  // Last sequence number per lookup service, kept after a discard so old records cannot be replayed.
  private readonly lastSeq = new Map<string, number>();
  private transport: MdnsTransport | undefined;
  private timers = new Set<Timer>();
  private queryTimer: Timer | undefined;
  // One unicast loop per locator: a new loop supersedes the old one (generation check).
  private readonly unicastLoops = new Map<string, { gen: number; timer?: Timer }>();
  private started = false;
  private stopped = false;

  constructor(private readonly o: DiscoveryManagerOptions) {
    super();
    this.clock = o.clock ?? systemClock;
    this.verifier = new CredentialVerifier(o.credential.poolPublicKey, this.clock, o.revocations);
    this.groups = o.groups ?? [];
    if (o.locators?.length && !o.unicastDiscover) throw new ConfigurationError('unicast locators need unicastDiscover');
  }

  /** Lookup services known now. */
  get lookups(): LookupLocator[] {
    return [...this.known.values()].map((k) => k.locator);
  }

  /** Discovery events; a new subscriber first gets 'discovered' for every lookup service known now. */
  get events(): Observable<DiscoveryEvent> {
    return defer(() => concat(from(this.lookups.map((lookup): DiscoveryEvent => ({ type: 'discovered', lookup }))), this.subject));
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    if (this.o.mdns) {
      // Only responses are read: other joiners' queries are dropped before they are decoded.
      this.transport = new MdnsTransport(this.o.mdns, true, 'response');
      this.transport.onPacket((p) => this.onPacket(p));
      this.transport.onIgnored(() => this.stats.ignoredQueries++);
      this.transport.onWarning((err) => {
        // Socket errors (they carry a code) are not packets anyone sent us.
        if (!(err as NodeJS.ErrnoException).code) this.reject('malformed', 'undecodable packet');
      });
      await this.transport.start();
      this.after(Math.random() * (this.o.startJitterMs ?? START_JITTER_MS), () => this.queryLoop(this.o.initialRetryMs ?? 250));
    }
    for (const endpoint of this.o.locators ?? []) this.restartUnicast(endpoint, Math.random() * (this.o.startJitterMs ?? START_JITTER_MS));
    this.after(1000, () => this.sweep());
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.queryTimer?.cancel();
    for (const l of this.unicastLoops.values()) l.timer?.cancel();
    for (const t of this.timers) t.cancel();
    this.timers.clear();
    await this.transport?.stop();
    this.o.unicastDiscover?.close?.();
    this.subject.complete();
  }

  /** Drops a lookup service that failed (Jini's discard); it is found again when it answers or announces. */
  discard(serviceId: string, reason = 'discarded by the client'): void {
    const k = this.known.get(serviceId);
    if (!k) return;
    this.known.delete(serviceId);
    this.subject.next({ type: 'discarded', lookup: k.locator, reason });
    if (k.locator.source === 'unicast') this.restartUnicast(k.locator.endpoint, jitter(this.o.initialRetryMs ?? 250));
    else if (this.known.size === 0) this.queryLoop(this.o.initialRetryMs ?? 250);
  }

  private after(ms: number, fn: () => void): void {
    if (this.stopped) return;
    const t = this.clock.setTimer(() => { this.timers.delete(t); fn(); }, ms);
    this.timers.add(t);
  }

  private reject(reason: RejectReason, message: string): void {
    this.stats[reason]++;
    this.emit('rejected', reason, message);
  }

  private newNonce(): string {
    const nonce = randomBytes(16).toString('base64url');
    const now = this.clock.now();
    for (const [n, at] of this.nonces) {
      if (now - at < NONCE_TTL_MS) break;
      this.nonces.delete(n);
    }
    this.nonces.set(nonce, now);
    return nonce;
  }

  private queryFields(nonce: string): Fields {
    return signFields({ v: '1', k: 'query', n: nonce, ts: String(this.clock.now()), g: this.groups.join(',') }, this.o.credential);
  }

  /**
   * Queries now, then retries (backing off, jittered) until a lookup service is known;
   * from then on queries only every queryIntervalMs. Restarting cancels the previous loop.
   */
  private queryLoop(delayMs: number): void {
    this.queryTimer?.cancel();
    if (this.stopped || !this.transport) return;
    this.stats.queries++;
    this.transport.query(discoveryQuery(this.groups, this.queryFields(this.newNonce())));
    this.scheduleQuery(delayMs);
  }

  private scheduleQuery(delayMs: number): void {
    const initial = this.o.initialRetryMs ?? 250;
    if (this.known.size > 0) {
      this.queryTimer = this.clock.setTimer(() => this.queryLoop(initial), jitter(this.o.queryIntervalMs ?? 30_000));
      return;
    }
    this.queryTimer = this.clock.setTimer(() => {
      // Found in the meantime: no retry needed, fall back to the slow periodic query.
      if (this.known.size > 0) this.scheduleQuery(initial);
      else this.queryLoop(Math.min(delayMs * 2, this.o.maxRetryMs ?? 5000));
    }, jitter(delayMs));
  }

  /** (Re)starts the loop that asks one unicast locator, cancelling any earlier loop for it. */
  private restartUnicast(endpoint: string, delayMs: number): void {
    const prev = this.unicastLoops.get(endpoint);
    prev?.timer?.cancel();
    const loop = { gen: (prev?.gen ?? 0) + 1, timer: undefined as Timer | undefined };
    this.unicastLoops.set(endpoint, loop);
    this.scheduleUnicast(endpoint, loop.gen, delayMs, this.o.initialRetryMs ?? 250);
  }

  private scheduleUnicast(endpoint: string, gen: number, delayMs: number, retryMs: number): void {
    const loop = this.unicastLoops.get(endpoint);
    if (this.stopped || !loop || loop.gen !== gen) return;
    loop.timer = this.clock.setTimer(() => void this.unicastAttempt(endpoint, gen, retryMs), delayMs);
  }

  private async unicastAttempt(endpoint: string, gen: number, retryMs: number): Promise<void> {
    const current = (): boolean => !this.stopped && this.unicastLoops.get(endpoint)?.gen === gen;
    if (!current()) return;
    const nonce = this.newNonce();
    const known = (): Known | undefined => [...this.known.values()].find((x) => x.locator.source === 'unicast' && x.locator.endpoint === endpoint);
    try {
      const fields = await (this.o.unicastDiscover as UnicastDiscover)(endpoint, nonce);
      if (!current()) return;
      this.accept(fields, 'unicast', nonce);
      const k = known();
      // Keep checking: a restart shows as a new boot ID, a failure as no answer.
      if (k) return this.scheduleUnicast(endpoint, gen, jitter(Math.max(1000, k.intervalMs)), this.o.initialRetryMs ?? 250);
    } catch (err) {
      if (!current()) return;
      if (err instanceof DiscoveryRejection) this.reject(err.reason, err.message);
      const k = known();
      // One missed answer is not a failure: under load (a thousand joiners asking one lookup
      // service) a Discover can miss its deadline while registrations and renewals still get
      // through, and a discard drops them all, which adds load. Silence for three announced
      // intervals discards it, as for multicast; discard() starts a fresh loop for this locator.
      if (k && this.clock.now() - k.lastSeen > 3 * k.intervalMs) return this.discard(k.locator.serviceId, `unicast locator ${endpoint} has not answered for 3 intervals`);
    }
    this.scheduleUnicast(endpoint, gen, jitter(retryMs), Math.min(retryMs * 2, this.o.maxRetryMs ?? 5000));
  }

  private onPacket(packet: Packet): void {
    if (packet.type !== 'response') return;
    let list: Fields[];
    try {
      list = lookupFieldsOf(packet);
    } catch (err) {
      this.reject(err instanceof DiscoveryRejection ? err.reason : 'malformed', (err as Error).message);
      return;
    }
    for (const fields of list) {
      try {
        this.accept(fields, 'multicast');
      } catch (err) {
        if (err instanceof DiscoveryRejection) this.reject(err.reason, err.message);
        else this.reject('malformed', (err as Error).message);
      }
    }
  }

  /** Verifies a lookup service's signed fields and updates what is known. Throws DiscoveryRejection. */
  private accept(f: Fields, source: 'multicast' | 'unicast', expectedNonce?: string): void {
    if (f.v !== '1' || !['announce', 'answer', 'goodbye'].includes(f.k)) throw new DiscoveryRejection('malformed', 'not a LAMA v1 lookup record');
    for (const key of ['id', 'b', 'ep', 'seq', 'ai']) if (!f[key]) throw new DiscoveryRejection('malformed', `lookup record without '${key}'`);
    const seq = Number(f.seq);
    const intervalMs = Number(f.ai);
    if (!Number.isSafeInteger(seq) || !Number.isSafeInteger(intervalMs) || intervalMs <= 0) throw new DiscoveryRejection('malformed', 'bad seq or interval');
    const now = this.clock.now();
    checkFresh(f.ts, now);
    if (f.k === 'answer') {
      // Every lookup service of the group answers the same query, so a nonce stays valid until it ages out.
      if (!f.n || !this.nonces.has(f.n) || (expectedNonce !== undefined && f.n !== expectedNonce)) throw new DiscoveryRejection('unsolicited', 'answer to a query we did not send');
    }
    // Announcements and goodbyes reach every joiner of the process alike: verified once per process (the memo).
    const principal = verifyFields(f, this.verifier, f.k !== 'answer');
    if (!principal.roles.includes('lookup')) throw new DiscoveryRejection('role', `'${principal.name}' does not hold role 'lookup'`);
    const groups = f.g ? f.g.split(',') : [];
    if (this.groups.length && !groups.some((g) => this.groups.includes(g))) throw new DiscoveryRejection('group', `lookup service '${principal.name}' serves groups ${f.g || '(none)'}`);
    const prev = this.known.get(f.id);
    const last = this.lastSeq.get(f.id) ?? -1;
    if (seq <= last) {
      // A nonce-bound answer overtaken by a later announcement is stale news, not an attack;
      // anything else with an old (or the same) sequence number is a replay and must not
      // keep a dead lookup service alive.
      if (f.k === 'answer' && seq < last) return;
      throw new DiscoveryRejection('replay', `sequence ${seq} is not after ${last}`);
    }
    this.lastSeq.set(f.id, seq);
    if (f.k === 'goodbye') {
      this.stats.goodbyes++;
      if (prev) this.discard(f.id, 'goodbye');
      return;
    }
    if (f.k === 'announce') this.stats.announcements++;
    else this.stats.answers++;
    const locator: LookupLocator = { serviceId: f.id, name: principal.name, endpoint: f.ep, groups, bootId: f.b, source: prev?.locator.source ?? source };
    this.known.set(f.id, { locator, lastSeen: now, intervalMs });
    if (!prev) this.subject.next({ type: 'discovered', lookup: locator });
    else if (prev.locator.bootId !== locator.bootId || prev.locator.endpoint !== locator.endpoint) this.subject.next({ type: 'restarted', lookup: locator });
  }

  private sweep(): void {
    const now = this.clock.now();
    for (const [id, k] of this.known) {
      // Unicast locators are checked by their own loop, with the same rule.
      if (k.locator.source === 'multicast' && now - k.lastSeen > 3 * k.intervalMs) this.discard(id, 'no announcement for 3 intervals');
    }
    this.after(1000, () => this.sweep());
  }
}
