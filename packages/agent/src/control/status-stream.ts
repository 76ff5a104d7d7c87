import type { Clock, Timer } from '@lama/lookup';
import type { NodeStatus } from '../generated/lama/agent/v1/NodeStatus.js';

/** WatchStatus's shortest gap between two statuses when the watcher asks for none. */
export const DEFAULT_WATCH_MIN_INTERVAL_MS = 250;

export interface StatusStreamOptions {
  clock: Clock;
  /** Longest time between two sends. */
  intervalMs: number;
  /** Shortest time between two sends: changes within it are coalesced into one. */
  minIntervalMs: number;
  /** The status now (computations may be shared between streams). */
  read(): Promise<NodeStatus>;
  /** Whether `next` differs from `sent` in something a decision uses. */
  changed(sent: NodeStatus, next: NodeStatus): boolean;
  /** Writes one status; false when the reader is not keeping up. */
  write(status: NodeStatus): boolean;
  /** The status could not be read: the stream ends with this error. */
  fail(err: unknown): void;
}

/**
 * One WatchStatus stream: a status at once, then one as soon as something a decision uses
 * changes (at most one per minIntervalMs, later changes coalesced into the next send), and
 * one every intervalMs whatever happens. A reader that does not read gets nothing until it
 * drains: statuses are dropped, not queued. Runs on the injected clock.
 */
export class StatusStream {
  private sent: NodeStatus | undefined;
  private sentAt = Number.NEGATIVE_INFINITY;
  private periodic: Timer | undefined;
  private check: Timer | undefined;
  private reading = false;
  // Asked for while a read was under way: a periodic send, or a check of a change the read may have missed.
  private forceAfterRead = false;
  private checkAfterRead = false;
  private blocked = false;
  private closed = false;

  constructor(private readonly o: StatusStreamOptions) {}

  /** Sends the first status. */
  start(): void {
    this.emit(true);
  }

  /** Something a decision may use changed: check now, or as soon as minIntervalMs since the last send allows. */
  changed(): void {
    if (this.closed || this.blocked || this.check) return;
    if (this.reading) {
      this.checkAfterRead = true;
      return;
    }
    const wait = this.sentAt + this.o.minIntervalMs - this.o.clock.now();
    if (wait <= 0) return this.emit(false);
    this.check = this.o.clock.setTimer(() => {
      this.check = undefined;
      this.emit(false);
    }, wait);
  }

  /** The reader caught up: the next status follows one interval later (or a change, sooner). */
  drained(): void {
    if (this.closed || !this.blocked) return;
    this.blocked = false;
    this.schedulePeriodic();
  }

  /** Stops every timer; nothing is sent after. */
  close(): void {
    this.closed = true;
    this.periodic?.cancel();
    this.check?.cancel();
  }

  private emit(force: boolean): void {
    if (this.closed || this.blocked) return;
    if (this.reading) {
      this.forceAfterRead ||= force;
      return;
    }
    this.reading = true;
    this.o.read().then((status) => {
      this.reading = false;
      if (this.closed) return;
      const send = force || this.forceAfterRead || !this.sent || this.o.changed(this.sent, status);
      const recheck = this.checkAfterRead;
      this.forceAfterRead = this.checkAfterRead = false;
      if (send) this.send(status);
      if (recheck) this.changed();
    }, (err: unknown) => {
      this.reading = false;
      if (this.closed) return;
      this.close();
      this.o.fail(err);
    });
  }

  private send(status: NodeStatus): void {
    this.sent = status;
    this.sentAt = this.o.clock.now();
    this.check?.cancel();
    this.check = undefined;
    this.periodic?.cancel();
    this.periodic = undefined;
    if (this.o.write(status)) this.schedulePeriodic();
    else this.blocked = true;
  }

  private schedulePeriodic(): void {
    this.periodic?.cancel();
    this.periodic = this.o.clock.setTimer(() => {
      this.periodic = undefined;
      this.emit(true);
    }, this.o.intervalMs);
  }
}
