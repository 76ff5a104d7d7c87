import { EventEmitter } from 'node:events';
import { get, type ClientRequest, type IncomingMessage } from 'node:http';
import { systemClock, type Clock, type Timer } from '@lama/lookup';
import { parseLoopbackUrl, type LoopbackUrl } from './loopback.js';
import { WorkloadOptionsError } from './workload-errors.js';

export interface ListenerPoolOptions {
  /** The dispatcher, e.g. http://127.0.0.1:18080/live; the host must be a 127.0.0.0/8 literal. */
  url: string;
  /** New connection attempts per second across the pool, at most (default 50). */
  maxAttemptsPerSec?: number;
  /** An attempt (dispatcher answer, then the member's stream headers) must finish within this, ms (default 3000). */
  timeoutMs?: number;
  /** A listener whose stream ended re-opens after this, jittered ±50 %, ms (default 500). */
  reopenDelayMs?: number;
  /** Failed attempts in a row double the delay up to this, ms (default 10 000). */
  maxBackoffMs?: number;
  /** A stream that delivers no byte for this long is closed and re-opened, ms (default 10 000). */
  stallMs?: number;
  /** User-Agent of the listeners' requests. */
  userAgent?: string;
  /**
   * Hosts beyond 127.0.0.0/8 that the dispatcher and its redirects may name (default: none).
   * Only for a pool run inside network namespaces of its own, with no route off the machine (the soak bench).
   */
  alsoAllowHost?: (host: string) => boolean;
  clock?: Clock;
  /** Uniform [0, 1) for the jitter (default Math.random). */
  random?: () => number;
}

/** What the pool is doing, at one moment. */
export interface ListenerPoolCounts {
  target: number;
  /** Streams open and delivering. */
  connected: number;
  /** Attempts in flight (asking the dispatcher, or waiting for the member's headers). */
  connecting: number;
  /** Listeners waiting for their turn or their re-open delay. */
  waiting: number;
  /** Attempts that did not end in a stream (refused, timed out, 503...), since the start. */
  failures: number;
  /** Streams that ended or broke after they were connected, since the start. */
  drops: number;
  /** Streams opened, since the start. */
  connects: number;
  /** Stream bytes received, since the start. */
  bytes: number;
  /** Connected streams by the member they were redirected to (HOST:PORT). */
  perMember: Record<string, number>;
  /** The latest failure or drop, as text. */
  lastError: string;
}

export interface ListenerPoolEvents {
  /** Something in counts() changed (a stream opened, ended, an attempt failed). */
  change: [];
}

type State = 'waiting' | 'connecting' | 'connected' | 'closed';

/** One listener: a slot that keeps trying to hold a stream until the pool closes it. */
interface Slot {
  id: number;
  state: State;
  /** When it may attempt again (state waiting). */
  dueAt: number;
  /** Failed attempts in a row, for the backoff. */
  failuresInRow: number;
  member?: string;
  requests: Set<ClientRequest>;
  deadline?: Timer;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * Keeps a target number of real HTTP listeners connected through a dispatcher: each GETs the
 * dispatcher, follows one redirect to a member (loopback only), and reads and discards the
 * stream. When the target drops the newest listeners close; a stream that ends or breaks
 * (its node stopped) re-opens through the dispatcher after a short jittered delay. Attempts
 * are rate-limited and back off, so a dead dispatcher cannot make the pool spin.
 */
export class ListenerPool extends EventEmitter<ListenerPoolEvents> {
  private readonly url: LoopbackUrl;
  private readonly o: Required<Omit<ListenerPoolOptions, 'url' | 'clock' | 'random' | 'alsoAllowHost'>>;
  private readonly alsoAllowHost: (host: string) => boolean;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly slots: Slot[] = [];
  private readonly perMember = new Map<string, number>();
  private readonly open = new Set<ClientRequest>();
  private nextId = 1;
  private wanted = 0;
  private failures = 0;
  private drops = 0;
  private connects = 0;
  private bytes = 0;
  private lastError = '';
  private nextAttemptAt = 0;
  private pumpTimer: Timer | undefined;
  private pumpAt = Infinity;
  private stopped = false;

  /** Throws NotLoopbackError for a dispatcher off 127.0.0.0/8, WorkloadOptionsError for a bad option. */
  constructor(options: ListenerPoolOptions) {
    super();
    this.alsoAllowHost = options.alsoAllowHost ?? (() => false);
    this.url = parseLoopbackUrl(options.url, 'url', this.alsoAllowHost);
    const positive = (key: keyof ListenerPoolOptions, dflt: number): number => {
      const v = options[key] ?? dflt;
      if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new WorkloadOptionsError(key, `must be a number above 0 (got ${String(v)})`);
      return v;
    };
    this.o = {
      maxAttemptsPerSec: positive('maxAttemptsPerSec', 50),
      timeoutMs: positive('timeoutMs', 3000),
      reopenDelayMs: positive('reopenDelayMs', 500),
      maxBackoffMs: positive('maxBackoffMs', 10_000),
      stallMs: positive('stallMs', 10_000),
      userAgent: options.userAgent ?? 'lama-demo-listener',
    };
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
  }

  /** The target number of listeners. */
  get target(): number {
    return this.wanted;
  }

  /** Opens listeners up to n, or closes the newest down to n. */
  setTarget(n: number): void {
    if (!Number.isSafeInteger(n) || n < 0) throw new WorkloadOptionsError('target', `must be an integer from 0 (got ${String(n)})`);
    if (this.stopped) return;
    this.wanted = n;
    let changed = false;
    while (this.slots.length < n) {
      this.slots.push({ id: this.nextId++, state: 'waiting', dueAt: this.clock.now(), failuresInRow: 0, requests: new Set() });
      changed = true;
    }
    while (this.slots.length > n) {
      this.close(this.slots.pop() as Slot);
      changed = true;
    }
    if (changed) this.emit('change');
    this.pump();
  }

  counts(): ListenerPoolCounts {
    const by = (s: State): number => this.slots.filter((x) => x.state === s).length;
    return {
      target: this.wanted, connected: by('connected'), connecting: by('connecting'), waiting: by('waiting'),
      failures: this.failures, drops: this.drops, connects: this.connects, bytes: this.bytes,
      perMember: Object.fromEntries([...this.perMember].filter(([, n]) => n > 0).sort(([a], [b]) => a.localeCompare(b))),
      lastError: this.lastError,
    };
  }

  /** Closes every listener and stops for good; resolves once their sockets are closed. */
  async stop(): Promise<void> {
    this.setTarget(0);
    this.stopped = true;
    this.pumpTimer?.cancel();
    this.pumpTimer = undefined;
    // Requests leave `open` on 'close', which follows their destroy() within a tick or two.
    const closing = [...this.open].map((req) => new Promise<void>((resolve) => req.once('close', () => resolve())));
    await Promise.race([Promise.all(closing), new Promise<void>((r) => setTimeout(r, 2000).unref())]);
  }

  /** Starts the attempts that are due, one per 1/maxAttemptsPerSec, and wakes up for the next. */
  private pump(): void {
    if (this.stopped) return;
    const now = this.clock.now();
    for (;;) {
      let due: Slot | undefined;
      for (const s of this.slots) if (s.state === 'waiting' && (!due || s.dueAt < due.dueAt)) due = s;
      if (!due) return;
      const at = Math.max(due.dueAt, this.nextAttemptAt);
      if (at > now) return this.wakeAt(at);
      this.nextAttemptAt = Math.max(now, this.nextAttemptAt) + 1000 / this.o.maxAttemptsPerSec;
      this.attempt(due);
    }
  }

  private wakeAt(at: number): void {
    if (this.pumpTimer && this.pumpAt <= at) return;
    this.pumpTimer?.cancel();
    this.pumpAt = at;
    this.pumpTimer = this.clock.setTimer(() => {
      this.pumpTimer = undefined;
      this.pumpAt = Infinity;
      this.pump();
    }, at - this.clock.now());
  }

  private request(slot: Slot, host: string, port: number, path: string): ClientRequest {
    const req = get({ host, port, path, agent: false, headers: { 'User-Agent': this.o.userAgent, 'Icy-MetaData': '0' } });
    slot.requests.add(req);
    this.open.add(req);
    req.once('close', () => {
      slot.requests.delete(req);
      this.open.delete(req);
    });
    return req;
  }

  /** Dispatcher, one redirect, member: the slot ends connected, or failed and waiting again. */
  private attempt(slot: Slot): void {
    slot.state = 'connecting';
    slot.deadline = this.clock.setTimer(() => this.fail(slot, `no stream within ${this.o.timeoutMs} ms`), this.o.timeoutMs);
    this.emit('change');
    const first = this.request(slot, this.url.host, this.url.port, this.url.path);
    let answered = false;
    first.on('error', (err) => {
      if (!answered) this.fail(slot, `dispatcher ${this.url.address}: ${err.message}`);
    });
    first.once('response', (res) => {
      answered = true;
      res.on('error', () => undefined);
      if (slot.state !== 'connecting') return void res.destroy();
      if (res.statusCode === 200) return this.stream(slot, this.url.address, res);
      res.resume();
      const location = res.headers.location;
      if (!REDIRECTS.has(res.statusCode ?? 0) || !location) return this.fail(slot, `dispatcher ${this.url.address} answered ${res.statusCode ?? '?'}${location ? '' : ' without a redirect'}`);
      let target: LoopbackUrl;
      try {
        target = parseLoopbackUrl(new URL(location, `http://${this.url.address}`).href, 'redirect', this.alsoAllowHost);
      } catch (err) {
        return this.fail(slot, `not followed: ${(err as Error).message}`);
      }
      const second = this.request(slot, target.host, target.port, target.path);
      second.on('error', (err) => this.fail(slot, `member ${target.address}: ${err.message}`));
      second.once('response', (stream) => {
        if (slot.state !== 'connecting') return void stream.destroy();
        if (stream.statusCode !== 200) {
          stream.resume();
          return this.fail(slot, `member ${target.address} answered ${stream.statusCode ?? '?'}`);
        }
        this.stream(slot, target.address, stream);
      });
    });
  }

  private stream(slot: Slot, member: string, res: IncomingMessage): void {
    slot.deadline?.cancel();
    slot.state = 'connected';
    slot.member = member;
    slot.failuresInRow = 0;
    this.connects++;
    this.perMember.set(member, (this.perMember.get(member) ?? 0) + 1);
    res.socket.setTimeout(this.o.stallMs, () => res.destroy(new Error(`no data for ${this.o.stallMs} ms`)));
    res.on('data', (chunk: Buffer) => { this.bytes += chunk.length; });
    res.on('error', (err) => this.dropped(slot, `stream from ${member} broke: ${err.message}`));
    res.once('end', () => this.dropped(slot, `stream from ${member} ended`));
    res.once('close', () => this.dropped(slot, `stream from ${member} closed`));
    this.emit('change');
  }

  private leaveMember(slot: Slot): void {
    if (slot.state !== 'connected' || !slot.member) return;
    this.perMember.set(slot.member, (this.perMember.get(slot.member) ?? 1) - 1);
    slot.member = undefined;
  }

  private destroyRequests(slot: Slot): void {
    slot.deadline?.cancel();
    for (const req of slot.requests) req.destroy();
  }

  private fail(slot: Slot, why: string): void {
    if (slot.state !== 'connecting') return;
    this.failures++;
    this.lastError = why;
    this.destroyRequests(slot);
    slot.failuresInRow++;
    this.retryLater(slot, Math.min(this.o.maxBackoffMs, this.o.reopenDelayMs * 2 ** slot.failuresInRow));
  }

  private dropped(slot: Slot, why: string): void {
    if (slot.state !== 'connected') return;
    this.drops++;
    this.lastError = why;
    this.leaveMember(slot);
    this.destroyRequests(slot);
    this.retryLater(slot, this.o.reopenDelayMs);
  }

  private retryLater(slot: Slot, delayMs: number): void {
    slot.state = 'waiting';
    // Jitter spreads the re-opens of a node's listeners, which all break at the same moment.
    slot.dueAt = this.clock.now() + delayMs * (0.5 + this.random());
    this.emit('change');
    this.pump();
  }

  private close(slot: Slot): void {
    this.leaveMember(slot);
    slot.state = 'closed';
    this.destroyRequests(slot);
  }
}
