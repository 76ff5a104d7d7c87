#!/usr/bin/env node
import { LamaError } from '@lama/lookup';
import { buildProgram } from '../cli/program.js';

buildProgram().parseAsync(process.argv).catch((err: unknown) => {
  // Expected failures (bad credentials, bad input) get one clear line, not a stack.
  const message = err instanceof LamaError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.stderr.write(`lama: ${message}\n`);
  process.exit(1);
});
