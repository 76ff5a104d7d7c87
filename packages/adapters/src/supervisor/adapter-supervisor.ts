import { EventEmitter } from 'node:events';
import { LamaError, systemClock, type Clock, type Timer } from '@lama/lookup';
import type { AdapterContext, AdapterFactory, AdapterInstance, AdapterLogger, AdapterMetrics } from '../sdk/adapter.js';
import { AdapterError, AdapterFailedError, boundedMessage, ParamNotSettableError } from '../sdk/errors.js';
import { formatParam, parseParams, type ParamSpec } from '../sdk/params.js';
import type { ProcessGroupLedger } from '../sdk/service-process.js';
import type { AdapterState } from './states.js';
import { guarded } from './timeout.js';

export interface SupervisorOptions {
  /** The agent's clock, also handed to the adapter in its context (default: the system clock). */
  clock?: Clock;
  /** Deadline of start() (default 15 s). */
  startTimeoutMs?: number;
  /** Deadline of stop() (default 10 s). */
  stopTimeoutMs?: number;
  /** Deadline of status(), set() and create() (default 5 s; set() gets startTimeoutMs, it may restart the service). */
  callTimeoutMs?: number;
  /** Restart a service that exits by itself (default true). */
  autorestart?: boolean;
  /** Failed starts in a row before FATAL (default 3, as supervisord). */
  startRetries?: number;
  /** First backoff delay; doubles per failure (default 1 s). */
  backoffMs?: number;
  /** A run this long resets the failure count (default 10 s). */
  stableMs?: number;
  /** Where the adapter's programs' process groups are recorded (the agent's ledger; default: nowhere). */
  processGroups?: ProcessGroupLedger;
}

/** Everything Status reports about one adapter. */
export interface AdapterView {
  name: string;
  type: string;
  state: AdapterState;
  roles: string[];
  metrics: AdapterMetrics;
  params: Record<string, string>;
  message: string;
  restarts: number;
  stateSince: number;
  paramSpecs: { name: string; spec: ParamSpec }[];
}

export interface SupervisorEvents {
  state: [name: string, state: AdapterState, previous: AdapterState, message: string];
}

/** A start or stop overtaken by a newer verb (never leaves the supervisor). */
class Cancelled extends LamaError {
  constructor(message: string) {
    super('ERR_CANCELLED', message);
  }
}

/**
 * Drives one adapter through supervisord's life cycle: one operation at a time, a
 * deadline on every call, restart with exponential backoff when the service exits by
 * itself, FATAL after too many failed starts.
 */
export class AdapterSupervisor extends EventEmitter<SupervisorEvents> {
  private instance!: AdapterInstance;
  private current: AdapterState = 'STOPPED';
  private since: number;
  private message = '';
  private restarts = 0;
  private failures = 0;
  private metrics: AdapterMetrics = {};
  private queue: Promise<unknown> = Promise.resolve();
  private backoff: { timer: Timer; cancel: () => void } | undefined;
  private stableTimer: Timer | undefined;
  private readonly clock: Clock;
  private readonly o: Required<Omit<SupervisorOptions, 'clock' | 'processGroups'>>;
  readonly roles: string[];
  /** What the operator's options let a controller Set. */
  readonly settable: string[];

  private constructor(readonly name: string, readonly factory: AdapterFactory, private readonly options: unknown, opts: SupervisorOptions) {
    super();
    this.clock = opts.clock ?? systemClock;
    this.since = this.clock.now();
    this.o = {
      startTimeoutMs: opts.startTimeoutMs ?? 15_000, stopTimeoutMs: opts.stopTimeoutMs ?? 10_000, callTimeoutMs: opts.callTimeoutMs ?? 5000,
      autorestart: opts.autorestart ?? true, startRetries: opts.startRetries ?? 3, backoffMs: opts.backoffMs ?? 1000, stableMs: opts.stableMs ?? 10_000,
    };
    this.roles = factory.rolesFor(options as never);
    this.settable = factory.settableFor(options as never);
  }

  /** Validates the options and creates the instance (nothing is started). */
  static async create(name: string, factory: AdapterFactory, rawOptions: unknown, ctx: { log: AdapterLogger; stateDir: string }, opts: SupervisorOptions = {}): Promise<AdapterSupervisor> {
    const options = factory.options(rawOptions);
    const s = new AdapterSupervisor(name, factory, options, opts);
    const context: AdapterContext = { name, log: ctx.log, stateDir: ctx.stateDir, clock: s.clock, exited: (reason) => s.onExit(reason), processGroups: opts.processGroups };
    s.instance = await guarded(s.clock, name, 'create', s.o.callTimeoutMs, () => factory.create(options as never, context));
    return s;
  }

  get state(): AdapterState {
    return this.current;
  }

  private transition(state: AdapterState, message = ''): void {
    const previous = this.current;
    this.current = state;
    this.since = this.clock.now();
    // Messages reach every caller of Status: bounded, one line.
    this.message = boundedMessage(message);
    this.emit('state', this.name, state, previous, this.message);
  }

  private run<T>(op: () => Promise<T>): Promise<T> {
    const next = this.queue.then(op, op);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = this.clock.setTimer(() => { this.backoff = undefined; resolve(); }, ms);
      this.backoff = { timer, cancel: () => { timer.cancel(); this.backoff = undefined; reject(new Cancelled('cancelled')); } };
    });
  }

  /** Starts the adapter; resolves when RUNNING, rejects when it ends FATAL (after retries with backoff). */
  start(): Promise<void> {
    return this.run(async () => {
      if (this.current === 'RUNNING') return;
      this.failures = 0;
      await this.startLoop();
    });
  }

  private async startLoop(): Promise<void> {
    for (;;) {
      this.transition('STARTING');
      try {
        await guarded(this.clock, this.name, 'start', this.o.startTimeoutMs, () => this.instance.start());
        this.transition('RUNNING');
        this.stableTimer?.cancel();
        this.stableTimer = this.clock.setTimer(() => { this.failures = 0; }, this.o.stableMs);
        return;
      } catch (err) {
        const message = (err as Error).message;
        // Whatever a failed or hung start left behind is stopped before the next try.
        await guarded(this.clock, this.name, 'stop', this.o.stopTimeoutMs, () => this.instance.stop()).catch(() => undefined);
        if (++this.failures > this.o.startRetries) {
          this.transition('FATAL', message);
          throw err instanceof AdapterError ? err : new AdapterFailedError(this.name, 'start', err);
        }
        this.transition('BACKOFF', message);
        try {
          await this.wait(this.o.backoffMs * 2 ** (this.failures - 1));
        } catch {
          throw new AdapterFailedError(this.name, 'start', 'cancelled by stop');
        }
      }
    }
  }

  private onExit(reason: string): void {
    if (this.current !== 'RUNNING') return;
    this.stableTimer?.cancel();
    this.restarts++;
    this.transition('EXITED', reason);
    if (!this.o.autorestart) return;
    this.failures++;
    void this.run(async () => {
      if (this.current !== 'EXITED') return;
      if (this.failures > this.o.startRetries) {
        this.transition('FATAL', `exited ${this.failures} times in a row: ${reason}`);
        return;
      }
      this.transition('BACKOFF', reason);
      try {
        await this.wait(this.o.backoffMs * 2 ** (this.failures - 1));
      } catch {
        return;
      }
      await this.startLoop().catch(() => undefined);
    });
  }

  /** Stops the adapter (also interrupts a backoff wait); resolves when STOPPED. */
  stop(): Promise<void> {
    this.backoff?.cancel();
    return this.run(async () => {
      this.backoff?.cancel();
      this.stableTimer?.cancel();
      if (this.current === 'STOPPED') return;
      this.transition('STOPPING');
      try {
        await guarded(this.clock, this.name, 'stop', this.o.stopTimeoutMs, () => this.instance.stop());
        const after = this.instance.stoppedStatus?.();
        this.metrics = after?.metrics ?? {};
        this.transition('STOPPED', after?.message);
      } catch (err) {
        this.transition('FATAL', (err as Error).message);
        throw err;
      }
    });
  }

  /** Parses and applies KEY=VALUE text, all or nothing; keys the options do not make settable are refused first. */
  async set(raw: Readonly<Record<string, string>>): Promise<void> {
    for (const key of Object.keys(raw)) {
      const declared = Object.prototype.hasOwnProperty.call(this.factory.params, key);
      if (declared && !this.settable.includes(key)) throw new ParamNotSettableError(key, this.name, this.settable);
    }
    const values = parseParams(this.name, this.factory.params, raw);
    return this.run(() => guarded(this.clock, this.name, 'set', this.o.startTimeoutMs, () => this.instance.set(values)));
  }

  /** State, metrics (fresh when RUNNING, within the call deadline) and parameters. */
  async view(): Promise<AdapterView> {
    let message = this.message;
    if (this.current === 'RUNNING') {
      try {
        this.metrics = await guarded(this.clock, this.name, 'status', this.o.callTimeoutMs, () => this.instance.status());
      } catch (err) {
        message = boundedMessage((err as Error).message);
      }
    }
    let params: Record<string, string> = {};
    try {
      params = Object.fromEntries(Object.entries(this.instance.params()).map(([k, v]) => [k, formatParam(v)]));
    } catch (err) {
      message ||= boundedMessage(`params failed: ${(err as Error).message}`);
    }
    return {
      name: this.name, type: this.factory.type, state: this.current, roles: this.roles, metrics: { ...this.metrics }, params, message,
      restarts: this.restarts, stateSince: this.since, paramSpecs: Object.entries(this.factory.params).map(([name, spec]) => ({ name, spec })),
    };
  }

  /** Stops and releases the adapter (agent shutdown). */
  async close(): Promise<void> {
    await this.stop().catch(() => undefined);
    await guarded(this.clock, this.name, 'close', this.o.callTimeoutMs, () => this.instance.close?.()).catch(() => undefined);
  }
}
