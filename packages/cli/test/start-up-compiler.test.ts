import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect } from 'chai';
import { deferOptimizingCompiler } from '../src/daemon/start-up-compiler.js';

const MODULE = pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'daemon', 'start-up-compiler.js')).href;
// %GetOptimizationStatus bit for "optimized by TurboFan" (V8's OptimizationStatus::kTurboFanned).
const TURBOFANNED = 1 << 6;

/** In a fresh node: a hot function's optimization status while start-up defers the compiler, and after. */
function statuses(): { deferred: boolean; during: number; after: number } {
  const script = `
const { deferOptimizingCompiler, optimizeFromNowOn } = await import(${JSON.stringify(MODULE)});
const hot = new Function('a', 'let s = 0; for (let i = 0; i < a.length; i++) s += a[i] * 2; return s;');
const a = Array.from({ length: 1000 }, (_, i) => i);
const spin = () => { const t = Date.now(); while (Date.now() - t < 300) hot(a); };
const deferred = deferOptimizingCompiler();
spin();
const during = eval('%GetOptimizationStatus(hot)');
optimizeFromNowOn();
spin();
console.log(JSON.stringify({ deferred, during, after: eval('%GetOptimizationStatus(hot)') }));`;
  const r = spawnSync(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000, env: { ...process.env, NODE_OPTIONS: '' } });
  expect(r.status, r.stderr).to.equal(0);
  return JSON.parse(r.stdout) as { deferred: boolean; during: number; after: number };
}

describe('start-up compiler deferral (lama agent)', () => {
  it('keeps a hot function unoptimized during start-up and optimizes it once the daemon has started', () => {
    const s = statuses();
    expect(s.deferred).to.equal(true);
    expect(s.during & TURBOFANNED).to.equal(0);
    expect(s.after & TURBOFANNED).to.equal(TURBOFANNED);
  });

  it("leaves the compilers alone when the operator chose them (node flags or NODE_OPTIONS)", () => {
    expect(deferOptimizingCompiler(['--jitless'], '')).to.equal(false);
    expect(deferOptimizingCompiler([], '--max-old-space-size=64 --no-opt')).to.equal(false);
    expect(deferOptimizingCompiler(['--lite-mode'], '')).to.equal(false);
  });
});
