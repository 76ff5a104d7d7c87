/** One way to run `lama agent`: node flags before lama.js and extra environment. */
export interface Variant {
  label: string;
  nodeArgs: string[];
  env: Record<string, string>;
}

const v = (label: string, nodeArgs: string[] = [], env: Record<string, string> = {}): Variant => ({ label, nodeArgs, env });

/** Every option the issue asks about, alone, then the combinations worth having. */
export const VARIANTS: Variant[] = [
  v('none'),
  v('semi1', ['--max-semi-space-size=1']),
  v('semi2', ['--max-semi-space-size=2']),
  v('semi4', ['--max-semi-space-size=4']),
  v('singleGc', ['--single-threaded-gc']),
  v('pool1', ['--v8-pool-size=1']),
  v('maxLazy', ['--max-lazy']),
  v('noFlushBytecode', ['--no-flush-bytecode']),
  v('liteMode', ['--lite-mode']),
  v('jitless', ['--jitless']),
  v('optSize', ['--optimize-for-size']),
  v('arena2', [], { MALLOC_ARENA_MAX: '2' }),
  v('uvPool1', [], { UV_THREADPOOL_SIZE: '1' }),
  // The combinations keep the optimizing compiler (no lite mode, no jitless).
  v('semi1+arena2', ['--max-semi-space-size=1'], { MALLOC_ARENA_MAX: '2' }),
  v('semi1+singleGc+arena2', ['--max-semi-space-size=1', '--single-threaded-gc'], { MALLOC_ARENA_MAX: '2' }),
  v('semi1+optSize+arena2', ['--max-semi-space-size=1', '--optimize-for-size'], { MALLOC_ARENA_MAX: '2' }),
  v('semi1+singleGc+pool1+optSize+arena2+uv1', ['--max-semi-space-size=1', '--single-threaded-gc', '--v8-pool-size=1', '--optimize-for-size'], { MALLOC_ARENA_MAX: '2', UV_THREADPOOL_SIZE: '1' }),
  v('semi1+liteMode+arena2', ['--max-semi-space-size=1', '--lite-mode'], { MALLOC_ARENA_MAX: '2' }),
];
