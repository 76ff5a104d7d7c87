import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);

// packages/cli/dist/src/cli/version.js
import { createRequire } from "node:module";
var version = createRequire(import.meta.url)("../../../package.json").version;

export {
  version
};
