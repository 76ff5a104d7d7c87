#!/usr/bin/env node
import { version } from '../cli/version.js';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // The answer commander would give, without loading it.
  process.stdout.write(`${version}\n`);
} else {
  import('../cli/program.js').then(({ buildProgram }) => buildProgram(process.argv)).then((program) => program.parseAsync(process.argv)).catch((err: unknown) => {
    // One clear line for the operator; the stack only when asked for (LAMA_DEBUG=1).
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`lama: ${message}\n`);
    if (process.env.LAMA_DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
    process.exit(1);
  });
}
