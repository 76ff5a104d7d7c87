// The rxjs values LAMA uses, loaded from rxjs's own single-file UMD bundle (same package, same
// version). Node resolves `rxjs` to 234 CommonJS files, ~120 ms of CPU at every start of every
// daemon and ~10 MB of RSS; the bundle is one file and ~12 ms (the minified one: V8 keeps a
// module's source in the heap, 88 KB instead of 284 KB). Observables from either copy
// interoperate (rxjs checks subscribe/lift and Symbol.observable, not instanceof), so users and
// tests may keep importing 'rxjs'. Types always come from 'rxjs'.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as Rx from 'rxjs';

const require = createRequire(import.meta.url);
// `rxjs` exports no subpath for its bundle; it sits beside the CommonJS entry (dist/cjs/index.js).
const rx = require(join(dirname(require.resolve('rxjs')), '..', 'bundles', 'rxjs.umd.min.js')) as typeof Rx;

export const Observable = rx.Observable;
export type Observable<T> = Rx.Observable<T>;
export const Subject = rx.Subject;
export type Subject<T> = Rx.Subject<T>;
export type Subscription = Rx.Subscription;
export const { concat, defer, from, merge } = rx;
