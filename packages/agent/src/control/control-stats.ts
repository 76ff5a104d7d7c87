/** A control verb as counted: the unary calls of lama.agent.v1.Agent. */
export type Verb = 'Status' | 'Start' | 'Stop' | 'Set';

/**
 * What the control API has served, for Prometheus to read at scrape time: calls per verb and
 * gRPC status name (OK, NOT_FOUND, PERMISSION_DENIED...: a bounded set), and the
 * WatchStatus streams open now.
 */
export class ControlStats {
  private readonly calls = new Map<string, { verb: Verb; code: string; count: number }>();
  watchers = 0;

  /** Counts one finished call. */
  count(verb: Verb, code: string): void {
    const key = `${verb} ${code}`;
    const c = this.calls.get(key);
    if (c) c.count++;
    else this.calls.set(key, { verb, code, count: 1 });
  }

  /** Every verb and code seen, with its count. */
  entries(): { verb: Verb; code: string; count: number }[] {
    return [...this.calls.values()].map((c) => ({ ...c }));
  }
}
