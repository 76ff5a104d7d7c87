import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);

// packages/lookup/dist/src/rx.js
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
var require2 = createRequire(import.meta.url);
var rx = require2(join(dirname(require2.resolve("rxjs")), "..", "bundles", "rxjs.umd.min.js"));
var Observable = rx.Observable;
var Subject = rx.Subject;
var { concat, defer, from, merge } = rx;

export {
  Observable,
  Subject,
  concat,
  defer,
  from,
  merge
};
