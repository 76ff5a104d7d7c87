#!/usr/bin/env node
import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  version
} from "./chunk-BWGGRUOP.js";
import "./chunk-5RG6R7ES.js";

// packages/cli/dist/src/bin/lama.js
var args = process.argv.slice(2);
if (args.length === 1 && (args[0] === "--version" || args[0] === "-V")) {
  process.stdout.write(`${version}
`);
} else {
  import("./program-7XTRG53F.js").then(({ buildProgram }) => buildProgram(process.argv)).then((program) => program.parseAsync(process.argv)).catch((err) => {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`lama: ${message}
`);
    if (process.env.LAMA_DEBUG && err instanceof Error && err.stack)
      process.stderr.write(`${err.stack}
`);
    process.exit(1);
  });
}
