import { delay, InvalidArgumentError, systemClock, type Clock } from '@lama/lookup';
import type { Alert } from './alert.js';

export interface WebhookOptions {
  url: string;
  clock?: Clock;
  /** Attempts per alert (default 6: the first and 5 retries). */
  attempts?: number;
  /** First retry delay; doubles (default 1 s, so 1, 2, 4, 8, 16 s). */
  backoffMs?: number;
  /** Per-request timeout (default 5 s). */
  timeoutMs?: number;
}

/** Delivers alerts as JSON POSTs, retrying with backoff on errors and non-2xx answers. */
export class WebhookSender {
  private readonly clock: Clock;
  private stopped = false;
  /** Delivery outcomes, for logs and tests. */
  readonly results: { id: number; ok: boolean; attempts: number; error?: string }[] = [];

  constructor(private readonly o: WebhookOptions) {
    this.clock = o.clock ?? systemClock;
    const u = new URL(o.url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new InvalidArgumentError(`webhook URL ${o.url} must be http or https`);
  }

  /** Where it posts (without any password in the URL). */
  get url(): string {
    const u = new URL(this.o.url);
    u.password = '';
    return u.toString();
  }

  /** Sends one alert; resolves when it was accepted or every attempt failed. */
  async send(alert: Alert): Promise<boolean> {
    const attempts = this.o.attempts ?? 6;
    let waitMs = this.o.backoffMs ?? 1000;
    let error = '';
    for (let i = 1; i <= attempts && !this.stopped; i++) {
      try {
        const res = await fetch(this.o.url, {
          method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alert),
          signal: AbortSignal.timeout(this.o.timeoutMs ?? 5000),
        });
        if (res.ok) {
          this.results.push({ id: alert.id, ok: true, attempts: i });
          return true;
        }
        error = `HTTP ${res.status}`;
      } catch (err) {
        error = (err as Error).message;
      }
      if (i < attempts) {
        await delay(this.clock, waitMs);
        waitMs *= 2;
      }
    }
    this.results.push({ id: alert.id, ok: false, attempts, error });
    return false;
  }

  /** Abandons the retries still waiting; a send after this tries nothing. */
  async stop(): Promise<void> {
    this.stopped = true;
  }
}
