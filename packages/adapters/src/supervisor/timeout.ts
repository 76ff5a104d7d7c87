import type { Clock } from '@lama/lookup';
import { AdapterError, AdapterFailedError, AdapterTimeoutError } from '../sdk/errors.js';

/**
 * Runs an adapter call with a deadline. A call that throws synchronously, rejects or
 * never settles becomes an AdapterError; the agent itself is never taken down by it.
 */
export function guarded<T>(clock: Clock, adapter: string, call: string, ms: number, fn: () => T | Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false;
    const timer = clock.setTimer(() => {
      if (done) return;
      done = true;
      reject(new AdapterTimeoutError(adapter, call, ms));
    }, ms);
    Promise.resolve()
      .then(fn)
      .then(
        (v) => { if (!done) { done = true; timer.cancel(); resolve(v); } },
        // An adapter's own typed errors (InvalidParamError...) keep their type and gRPC status.
        (err: unknown) => { if (!done) { done = true; timer.cancel(); reject(err instanceof AdapterError ? err : new AdapterFailedError(adapter, call, err)); } },
      );
  });
}
