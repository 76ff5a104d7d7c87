import { createCipheriv, createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Prng } from '../reallocation/prng.js';

/** A data set generated the same way every run: a name, its files and its total size. */
export interface Dataset {
  name: string;
  dir: string;
  files: number;
  bytes: number;
}

// Deterministic, incompressible bytes: AES-128-CTR of zeros under a key made from the seed.
function stream(seed: string): (n: number) => Buffer {
  const key = createHash('sha256').update(seed).digest().subarray(0, 16);
  const cipher = createCipheriv('aes-128-ctr', key, Buffer.alloc(16));
  return (n) => cipher.update(Buffer.alloc(n));
}


/**
 * Sizes shaped like a paper's tree: `small` files uniform in [lo, hi], `large` files sharing what
 * is left of `total`, spread over `dirs` directories.
 */
function shaped(seed: number, count: number, large: number, lo: number, hi: number, total: number): number[] {
  const prng = new Prng(seed);
  const rnd = () => prng.next();
  const sizes: number[] = [];
  for (let i = 0; i < count - large; i++) sizes.push(lo + Math.floor(rnd() * (hi - lo + 1)));
  const left = total - sizes.reduce((a, b) => a + b, 0);
  const weights = Array.from({ length: large }, () => 0.5 + rnd());
  const sum = weights.reduce((a, b) => a + b, 0);
  let given = 0;
  weights.forEach((w, i) => {
    const s = i === large - 1 ? left - given : Math.floor((left * w) / sum);
    sizes.push(s);
    given += s;
  });
  // Large files among the small ones, as in a real site tree.
  for (let i = sizes.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [sizes[i], sizes[j]] = [sizes[j], sizes[i]];
  }
  return sizes;
}

function writeShaped(dir: string, name: string, sizes: number[], dirs: number): void {
  const bytes = stream(name);
  sizes.forEach((size, i) => {
    const sub = join(dir, `d${String(i % dirs).padStart(3, '0')}`);
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `${name}-${i}.dat`), bytes(size));
  });
}

/** Creates (once) the three data sets under root: Mayflower, ShowBoat, one 100 MiB file. */
export function datasets(root: string): Dataset[] {
  const MiB = 1024 * 1024;
  const specs = [
    // Khnum's Mayflower: 5,421 files, 112 MiB, mostly 3-10 KB with some large, 481 directories.
    { name: 'mayflower', make: (d: string) => writeShaped(d, 'mayflower', shaped(1, 5421, 120, 3 * 1024, 10 * 1024, 112 * MiB), 481) },
    // ShowBoat: 1,855 files, 162 MB.
    { name: 'showboat', make: (d: string) => writeShaped(d, 'showboat', shaped(2, 1855, 160, 4 * 1024, 64 * 1024, 162_000_000), 160) },
    { name: 'big100', make: (d: string) => { mkdirSync(d, { recursive: true }); writeFileSync(join(d, 'big.bin'), stream('big')(100 * MiB)); } },
  ];
  return specs.map((s) => {
    const dir = join(root, s.name);
    // The marker sits beside the tree, so that nothing extra is sent.
    const marker = join(root, `${s.name}.complete`);
    if (!existsSync(marker)) {
      rmSync(dir, { recursive: true, force: true });
      s.make(dir);
      writeFileSync(marker, '');
    }
    const { files, bytes } = count(dir);
    return { name: s.name, dir, files, bytes };
  });
}

function walk(dir: string, fn: (path: string) => void): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, fn);
    else fn(p);
  }
}

function count(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  walk(dir, (p) => {
    files++;
    bytes += statSync(p).size;
  });
  return { files, bytes };
}

/** One digest of a whole tree (paths and contents), to compare a copy with its source. */
export function treeDigest(dir: string): string {
  const entries: string[] = [];
  walk(dir, (p) => entries.push(`${relative(dir, p)} ${createHash('sha256').update(readFileSync(p)).digest('hex')}`));
  return createHash('sha256').update(entries.sort().join('\n')).digest('hex');
}
