import { createHash, type Hash } from 'node:crypto';
import { chmodSync, closeSync, existsSync, fstatSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { checkLandingPaths } from '../manifest/safe-path.js';
import type { AcceptedManifest } from '../manifest/manifest.js';
import { Bitset } from '../protocol/bitset.js';
import { StreamLayout } from './stream-layout.js';

/** Suffix of a file still being received, beside where it lands. */
export const PART_SUFFIX = '.lama-part';
const OPEN_FILES = 128;

/** What a receive found on disk from an earlier, partial one. */
export interface Recovered {
  verifiedBlocks: Bitset;
  /** Files in place already, and files skipped (they count as landed). */
  landedFiles: Bitset;
  /** How many of landedFiles were skipped, not found. */
  skipped: number;
}

/**
 * The receiver's disk. Each block's bytes go straight into the part files of the files it
 * holds (`.NAME.lama-part` beside NAME), so a restarted receiver finds them again; a file
 * lands when its blocks are in: its part file is hashed against the manifest, given its mode,
 * and renamed into place.
 */
export class ReceiveStore {
  readonly layout: StreamLayout;
  private readonly fds = new Map<number, number>();
  private readonly dirs = new Set<string>();
  private readonly missingDirs = new Set<string>();
  private landed?: Bitset;
  // Files the caller does not want: counted landed, never landed; a spilled block's bytes of them
  // go to part files (read back to verify the block) that close() removes.
  private skipped?: Bitset;

  constructor(readonly target: string, readonly accepted: AcceptedManifest) {
    this.layout = new StreamLayout(accepted.manifest);
  }

  private finalPath(i: number): string {
    return join(this.target, this.accepted.manifest.files[i].path);
  }

  private partPath(i: number): string {
    const p = this.finalPath(i);
    return join(dirname(p), `.${basename(p)}${PART_SUFFIX}`);
  }

  /**
   * Checks every path first (nothing is written when one is unsafe), then finds what an earlier
   * receive left: files already in place with the right hash, and blocks whose bytes in the
   * part files hash right. `skip`: files the caller does not want, never touched (counted landed).
   */
  open(skip: Iterable<number> = []): Recovered {
    const files = this.accepted.manifest.files;
    checkLandingPaths(this.target, files.map((f) => f.path));
    const landedFiles = new Bitset(files.length);
    this.landed = landedFiles;
    const skipped = new Bitset(files.length);
    for (const i of skip) if (Number.isInteger(i) && i >= 0 && i < files.length) skipped.add(i);
    this.skipped = skipped;
    // A fresh target has none of the directories: skip a stat per file there.
    for (const [i, f] of files.entries()) {
      if (skipped.has(i)) continue;
      const dir = dirname(join(this.target, f.path));
      if (!this.missingDirs.has(dir) && !existsSync(dir)) this.missingDirs.add(dir);
    }
    files.forEach((f, i) => {
      if (skipped.has(i) || this.alreadyLanded(i)) landedFiles.add(i);
    });
    const verifiedBlocks = new Bitset(this.layout.blocks);
    const parts = new Bitset(files.length);
    files.forEach((_, i) => {
      // Under a directory that did not exist, no part file either.
      if ((!landedFiles.has(i) || skipped.has(i)) && !this.missingDirs.has(dirname(this.finalPath(i))) && existsSync(this.partPath(i))) parts.add(i);
    });
    if (parts.count > 0) {
      for (let b = 0; b < this.layout.blocks; b++) {
        const start = b * this.layout.blockBytes;
        const overlapping = this.layout.filesIn(start, start + this.layout.blockLength(b));
        if (!overlapping.some((i) => parts.has(i))) continue;
        if (createHash('sha256').update(this.readBlock(b)).digest('hex') === this.accepted.manifest.blocks[b]) verifiedBlocks.add(b);
      }
    }
    return { verifiedBlocks, landedFiles, skipped: skipped.count };
  }

  private alreadyLanded(i: number): boolean {
    const f = this.accepted.manifest.files[i];
    if (this.missingDirs.has(dirname(this.finalPath(i)))) return false;
    try {
      const st = statSync(this.finalPath(i), { throwIfNoEntry: false });
      return st !== undefined && st.isFile() && st.size === f.size && hashFile(this.finalPath(i), f.size) === f.sha256;
    } catch {
      return false;
    }
  }

  private fd(i: number): number {
    let fd = this.fds.get(i);
    if (fd !== undefined) return fd;
    if (this.fds.size >= OPEN_FILES) {
      const [oldest, ofd] = this.fds.entries().next().value as [number, number];
      closeSync(ofd);
      this.fds.delete(oldest);
    }
    const path = this.partPath(i);
    this.mkdir(dirname(path));
    fd = openSync(path, existsSync(path) ? 'r+' : 'w+', 0o600);
    this.fds.set(i, fd);
    return fd;
  }

  private mkdir(dir: string): void {
    if (this.dirs.has(dir)) return;
    mkdirSync(dir, { recursive: true });
    this.dirs.add(dir);
  }

  /** Lands file i from bytes already verified in memory (a file whole within one block); false when they do not hash to its sha256. */
  landBytes(i: number, bytes: Buffer): boolean {
    const f = this.accepted.manifest.files[i];
    if (bytes.length !== f.size || createHash('sha256').update(bytes).digest('hex') !== f.sha256) return false;
    const fd = this.fds.get(i);
    if (fd !== undefined) {
      closeSync(fd);
      this.fds.delete(i);
    }
    const part = this.partPath(i);
    this.mkdir(dirname(part));
    writeFileSync(part, bytes, { mode: 0o600 });
    chmodSync(part, f.mode);
    renameSync(part, this.finalPath(i));
    this.landed?.add(i);
    return true;
  }

  /** Writes stream bytes at offset into the part files they belong to (not of files landed or skipped). */
  write(offset: number, data: Uint8Array): void {
    for (const i of this.layout.filesIn(offset, offset + data.length)) {
      if (this.landed?.has(i) && !this.skipped?.has(i)) continue;
      const off = this.layout.offsets[i];
      const from = Math.max(offset, off);
      const to = Math.min(offset + data.length, off + this.accepted.manifest.files[i].size);
      const fd = this.fd(i);
      let done = 0;
      while (done < to - from) done += writeSync(fd, data, from - offset + done, to - from - done, from - off + done);
    }
  }

  /** Reads stream bytes [offset, offset + length) from part files (or landed files); holes read as zeros. */
  read(offset: number, length: number): Buffer {
    const buf = Buffer.alloc(length);
    for (const i of this.layout.filesIn(offset, offset + length)) {
      const off = this.layout.offsets[i];
      const from = Math.max(offset, off);
      const to = Math.min(offset + length, off + this.accepted.manifest.files[i].size);
      let fd: number | undefined = this.fds.get(i);
      let close = false;
      if (fd === undefined) {
        const path = this.landed?.has(i) && !this.skipped?.has(i) ? this.finalPath(i) : this.partPath(i);
        if (!existsSync(path)) continue;
        fd = openSync(path, 'r');
        close = true;
      }
      try {
        let done = 0;
        while (done < to - from) {
          const n = readSync(fd, buf, from - offset + done, to - from - done, from - off + done);
          if (n === 0) break;
          done += n;
        }
      } finally {
        if (close) closeSync(fd);
      }
    }
    return buf;
  }

  /** Block b as the part files hold it. */
  readBlock(b: number): Buffer {
    return this.read(b * this.layout.blockBytes, this.layout.blockLength(b));
  }

  /** Lands file i atomically; false when its bytes do not hash to the manifest's sha256. */
  land(i: number): boolean {
    const f = this.accepted.manifest.files[i];
    const fd = this.fd(i);
    if (fstatSync(fd).size !== f.size || hashFd(fd, f.size) !== f.sha256) return false;
    closeSync(fd);
    this.fds.delete(i);
    const part = this.partPath(i);
    chmodSync(part, f.mode);
    renameSync(part, this.finalPath(i));
    this.landed?.add(i);
    return true;
  }

  /** Closes every open part file; removes the part files of skipped files. */
  close(): void {
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
    if (!this.skipped?.count) return;
    for (let i = 0; i < this.accepted.manifest.files.length; i++) if (this.skipped.has(i)) rmSync(this.partPath(i), { force: true });
  }
}

const CHUNK = 1 << 20;
const scratch = Buffer.allocUnsafe(CHUNK);

function hashFd(fd: number, size: number, hash: Hash = createHash('sha256')): string {
  let at = 0;
  while (at < size) {
    const n = readSync(fd, scratch, 0, Math.min(CHUNK, size - at), at);
    if (n === 0) break;
    hash.update(scratch.subarray(0, n));
    at += n;
  }
  return hash.digest('hex');
}

function hashFile(path: string, size: number): string {
  const fd = openSync(path, 'r');
  try {
    return hashFd(fd, size);
  } finally {
    closeSync(fd);
  }
}
