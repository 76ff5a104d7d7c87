#!/usr/bin/env node
import { buildProgram } from '../cli/program.js';

buildProgram().parseAsync(process.argv).catch((err: unknown) => {
  // One clear line for the operator; the stack only when asked for (LAMA_DEBUG=1).
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`lama: ${message}\n`);
  if (process.env.LAMA_DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  process.exit(1);
});
