import { createCipheriv, createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Prng } from '../reallocation/prng.js';

/** A data set shaped like one of the Khnum paper's (§4): file count, total size, directory count, median file size. */
export interface DataShape {
  name: string;
  files: number;
  bytes: number;
  dirs: number;
  medianBytes: number;
}

const MiB = 1024 * 1024;
/** Mayflower: a graphics-heavy web site (5,421 files, 112 MB; 481 directories and a 10 KB median as in BENCH-NOTES). */
export const MAYFLOWER: DataShape = { name: 'mayflower', files: 5421, bytes: 112 * MiB, dirs: 481, medianBytes: 10_000 };
/** ShowBoat: a streaming video site (1,855 files, 162 MB); fewer, larger files. */
export const SHOWBOAT: DataShape = { name: 'showboat', files: 1855, bytes: 162 * MiB, dirs: 160, medianBytes: 30_000 };

/** File sizes: log-normal around the median with the mean the total asks for, scaled to the exact total. */
export function fileSizes(shape: DataShape): number[] {
  // Seeded, so every run builds the same tree.
  const rnd = new Prng(shape.files * 7919 + shape.dirs);
  const mean = shape.bytes / shape.files;
  const sigma = Math.sqrt(2 * Math.log(mean / shape.medianBytes));
  const raw = Array.from({ length: shape.files }, () => shape.medianBytes * Math.exp(sigma * rnd.normal()));
  const scale = shape.bytes / raw.reduce((s, x) => s + x, 0);
  const sizes = raw.map((x) => Math.max(1, Math.round(x * scale)));
  sizes[0] = (sizes[0] as number) + shape.bytes - sizes.reduce((s, x) => s + x, 0);
  return sizes;
}

/** The tree path of file i: files spread over `dirs` directories two levels deep. */
export function filePath(shape: DataShape, i: number): string {
  const d = i % shape.dirs;
  return `s${d % 23}/d${d}/f${i}.dat`;
}

/** Deterministic bytes for file i (an AES-CTR key stream); `generation` changes the content, not the size. */
export function fileBytes(shape: DataShape, i: number, size: number, generation = 0): Buffer {
  const key = createHash('sha256').update(shape.name).digest().subarray(0, 16);
  const iv = Buffer.alloc(16);
  iv.writeUInt32BE(i, 0);
  iv.writeUInt32BE(generation, 4);
  return createCipheriv('aes-128-ctr', key, iv).update(Buffer.alloc(size));
}

/** Writes the data set under dir; returns the sizes. */
export function writeDataSet(shape: DataShape, dir: string): number[] {
  const sizes = fileSizes(shape);
  sizes.forEach((size, i) => {
    const path = join(dir, filePath(shape, i));
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, fileBytes(shape, i, size));
  });
  return sizes;
}

/** Rewrites every hundredth file (1 %) with new content of the same size; returns how many. */
export function changeOnePercent(shape: DataShape, dir: string, sizes: number[]): number {
  let changed = 0;
  for (let i = 0; i < sizes.length; i += 100) {
    writeFileSync(join(dir, filePath(shape, i)), fileBytes(shape, i, sizes[i] as number, 1));
    changed++;
  }
  return changed;
}
