import { setFlagsFromString } from 'node:v8';

/** Node or V8 flags by which the operator already chose the compilers: then the daemon leaves them alone. */
const OPERATOR_CHOICE = /(^|\s)--(no-opt|no-turbofan|opt|turbofan|jitless|lite-mode)(\s|=|$)/;

let deferred = false;

/**
 * Turns V8's optimizing compiler (TurboFan) off while a daemon starts; `optimizeFromNowOn`
 * turns it back on. Start-up code (module bodies, zod schemas, .proto parsing, TLS set-up) is
 * hot once and never again: optimizing it left `lama agent` ~5 MB more resident memory for
 * good and bought nothing after (bench/agent-flags). V8 reads the flag at each tier-up
 * decision, so what is hot once the daemon serves is optimized as before.
 */
export function deferOptimizingCompiler(argv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): boolean {
  if (deferred || OPERATOR_CHOICE.test(`${argv.join(' ')} ${nodeOptions}`)) return false;
  setFlagsFromString('--no-opt');
  deferred = true;
  return true;
}

/** Turns the optimizing compiler back on if deferOptimizingCompiler turned it off. */
export function optimizeFromNowOn(): void {
  if (!deferred) return;
  setFlagsFromString('--opt');
  deferred = false;
}
