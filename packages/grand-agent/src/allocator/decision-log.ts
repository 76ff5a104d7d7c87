import { Subject, type Observable } from '@lama/lookup/rx';
import { RingBuffer } from '../common/ring-buffer.js';
import type { Decision } from './decision.js';

/** The last `capacity` decisions, oldest first; what `lama decisions` shows. Bounded so a long-running grand agent does not grow. */
export class DecisionLog {
  private readonly ring: RingBuffer<Decision>;
  /** Decisions ever recorded, including those the ring has since dropped. */
  total = 0;
  /** Decisions ever recorded, by action (a dry run's are holds). */
  readonly byAction: Record<Decision['action'], number> = { add: 0, release: 0, hold: 0 };
  private readonly subject = new Subject<Decision>();
  /** Each decision as it is recorded, and again at each later change (its deployment starts, its outcome): what WatchDecisions streams. */
  readonly recorded: Observable<Decision> = this.subject.asObservable();

  constructor(readonly capacity = 1000) {
    this.ring = new RingBuffer<Decision>(capacity, 'DecisionLog');
  }

  /** Records a decision, dropping the oldest when full. */
  push(d: Decision): void {
    this.ring.push(d);
    this.total++;
    this.byAction[d.action]++;
    this.subject.next(d);
  }

  /** Streams a kept decision again after a change (a decision is known by its service and time). */
  changed(d: Decision): void {
    this.subject.next(d);
  }

  get size(): number {
    return this.ring.size;
  }

  /** The kept decisions, oldest first; with `since`, only those at or after that time. */
  entries(since = -Infinity): Decision[] {
    return this.ring.values().filter((d) => d.at >= since);
  }

  /** Only the decisions that did (or in a dry run, would have done) something. */
  actions(since = -Infinity): Decision[] {
    return this.entries(since).filter((d) => d.action !== 'hold' || d.intended !== undefined);
  }

  toJSON(): Decision[] {
    return this.entries();
  }
}
