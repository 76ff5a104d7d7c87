import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, ftruncateSync, fstatSync, mkdirSync, openSync, readSync, renameSync, rmdirSync, statSync, unlinkSync, writeSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { checkLandingPaths } from '../manifest/safe-path.js';
import type { AcceptedManifest } from '../manifest/manifest.js';
import { Bitset } from '../protocol/bitset.js';
import { StreamLayout } from './stream-layout.js';

/** Where the spools of unfinished receives live under the target directory. */
export const SPOOL_DIR = '.lama-transfer';

/** What a receive found on disk from an earlier, partial one. */
export interface Recovered {
  verifiedBlocks: Bitset;
  landedFiles: Bitset;
}

/**
 * The receiver's disk: a spool file of the packed stream (sparse, named by the manifest body's
 * digest so a restarted receiver or a restarted sender finds it again) and the landing of each
 * file: read from the spool, hash checked, written under a temporary name, renamed.
 */
export class ReceiveStore {
  readonly layout: StreamLayout;
  private fd = -1;
  private readonly spoolPath: string;

  constructor(readonly target: string, readonly accepted: AcceptedManifest) {
    this.layout = new StreamLayout(accepted.manifest);
    this.spoolPath = join(target, SPOOL_DIR, `${accepted.bodyDigest.slice(0, 32)}.spool`);
  }

  /**
   * Checks every path first (nothing is written when one is unsafe), then opens the spool and
   * finds what an earlier receive left: files already landed with the right hash, and spool
   * blocks that hash right.
   */
  open(): Recovered {
    const files = this.accepted.manifest.files;
    checkLandingPaths(this.target, files.map((f) => f.path));
    const landedFiles = new Bitset(files.length);
    files.forEach((f, i) => {
      if (this.alreadyLanded(i)) landedFiles.add(i);
    });
    const verifiedBlocks = new Bitset(this.layout.blocks);
    mkdirSync(join(this.target, SPOOL_DIR), { recursive: true });
    const existed = existsSync(this.spoolPath);
    this.fd = openSync(this.spoolPath, existed ? 'r+' : 'w+', 0o600);
    if (existed && fstatSync(this.fd).size === this.accepted.manifest.streamBytes) {
      for (let b = 0; b < this.layout.blocks; b++) {
        if (createHash('sha256').update(this.readBlock(b)).digest('hex') === this.accepted.manifest.blocks[b]) verifiedBlocks.add(b);
      }
    }
    ftruncateSync(this.fd, this.accepted.manifest.streamBytes);
    return { verifiedBlocks, landedFiles };
  }

  private alreadyLanded(i: number): boolean {
    const f = this.accepted.manifest.files[i];
    const path = join(this.target, f.path);
    try {
      const st = statSync(path);
      if (!st.isFile() || st.size !== f.size) return false;
      return createHash('sha256').update(readFileSync(path)).digest('hex') === f.sha256;
    } catch {
      return false;
    }
  }

  /** Writes bytes at a stream offset. */
  write(offset: number, data: Uint8Array): void {
    let done = 0;
    while (done < data.length) done += writeSync(this.fd, data, done, data.length - done, offset + done);
  }

  /** Reads stream bytes [offset, offset + length). */
  read(offset: number, length: number): Buffer {
    const buf = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const n = readSync(this.fd, buf, done, length - done, offset + done);
      if (n === 0) {
        buf.fill(0, done);
        break;
      }
      done += n;
    }
    return buf;
  }

  /** Block b as the spool holds it. */
  readBlock(b: number): Buffer {
    return this.read(b * this.layout.blockBytes, this.layout.blockLength(b));
  }

  /** Lands file i atomically; false when its bytes do not hash to the manifest's sha256. */
  land(i: number): boolean {
    const f = this.accepted.manifest.files[i];
    const data = f.size === 0 ? Buffer.alloc(0) : this.read(this.layout.offsets[i], f.size);
    if (createHash('sha256').update(data).digest('hex') !== f.sha256) return false;
    const path = join(this.target, f.path);
    mkdirSync(dirname(path), { recursive: true });
    const tmp = join(dirname(path), `.${randomBytes(6).toString('hex')}.lama-tmp`);
    writeFileSync(tmp, data, { mode: 0o600 });
    chmodSync(tmp, f.mode);
    renameSync(tmp, path);
    return true;
  }

  /** Closes the spool; `remove` deletes it (the receive is complete). */
  close(remove: boolean): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
    if (!remove) return;
    try {
      unlinkSync(this.spoolPath);
      rmdirSync(join(this.target, SPOOL_DIR));
    } catch {
      // Another session's spool may still be there.
    }
  }
}
