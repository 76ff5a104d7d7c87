import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contentDigest } from '@lama/testkit';
import { seededRandom } from '../../src/index.js';

/** A temporary directory removed by the returned function. */
export function tempDir(prefix = 'lama-transfer-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Temporary directories for one suite: `temp()` makes one, `cleanup()` (in afterEach) removes them all. */
export function tempDirs(): { temp: () => string; cleanup: () => void } {
  const made: { remove: () => void }[] = [];
  return {
    temp: () => {
      const t = tempDir();
      made.push(t);
      return t.dir;
    },
    cleanup: () => made.splice(0).forEach((d) => d.remove()),
  };
}

/** Writes a deterministic tree: `count` small files in a few directories, one bigger, one empty. */
export function writeTree(dir: string, count = 40, seed = 7): void {
  const rnd = seededRandom(seed);
  for (let i = 0; i < count; i++) {
    const sub = join(dir, `d${i % 5}`, i % 3 === 0 ? 'deep' : '');
    mkdirSync(sub, { recursive: true });
    const size = Math.floor(rnd() * 12_000);
    const data = Buffer.alloc(size);
    for (let j = 0; j < size; j++) data[j] = Math.floor(rnd() * 256);
    writeFileSync(join(sub, `f${i}.bin`), data, { mode: i % 7 === 0 ? 0o755 : 0o644 });
  }
  const big = Buffer.alloc(150_000);
  for (let j = 0; j < big.length; j++) big[j] = (j * 31 + seed) & 0xff;
  writeFileSync(join(dir, 'big.bin'), big);
  writeFileSync(join(dir, 'empty'), '');
}

/** path -> sha256 and mode of every regular file under dir (a part file left behind would show). */
export function treeDigest(dir: string): Record<string, string> {
  return contentDigest(dir, { modes: true });
}
