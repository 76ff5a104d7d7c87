import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { SourceChangedError } from '../errors.js';
import type { BuiltManifest } from '../manifest/manifest.js';
import { StreamLayout } from './stream-layout.js';

const CACHED_BLOCKS = 16;

/**
 * The sender's side of the stream: reads block b from the source files, checks it against the
 * manifest's hash (a file changed since the manifest is a SourceChangedError, never bad data
 * on the wire), and keeps the last few blocks for the packets that follow.
 */
export class BlockSource {
  readonly layout: StreamLayout;
  private readonly cache = new Map<number, Buffer>();

  constructor(private readonly built: BuiltManifest) {
    this.layout = new StreamLayout(built.manifest);
  }

  /** Block b, verified. */
  block(b: number): Buffer {
    const hit = this.cache.get(b);
    if (hit) return hit;
    const len = this.layout.blockLength(b);
    const buf = Buffer.allocUnsafe(len);
    const start = b * this.layout.blockBytes;
    for (const i of this.layout.filesIn(start, start + len)) {
      const off = this.layout.offsets[i];
      const size = this.built.manifest.files[i].size;
      const from = Math.max(start, off);
      const to = Math.min(start + len, off + size);
      const fd = openSync(this.built.sources[i], 'r');
      try {
        let done = 0;
        while (done < to - from) {
          const n = readSync(fd, buf, from - start + done, to - from - done, from - off + done);
          if (n === 0) throw new SourceChangedError(this.built.manifest.files[i].path, `source of '${this.built.manifest.files[i].path}' is shorter than in the manifest`);
          done += n;
        }
      } finally {
        closeSync(fd);
      }
    }
    if (createHash('sha256').update(buf).digest('hex') !== this.built.manifest.blocks[b]) {
      const paths = this.layout.filesIn(start, start + len).map((i) => this.built.manifest.files[i].path);
      throw new SourceChangedError(paths[0] ?? '', `block ${b} no longer matches the manifest: a source file changed (${paths.slice(0, 5).join(', ')})`);
    }
    if (this.cache.size >= CACHED_BLOCKS) this.cache.delete(this.cache.keys().next().value as number);
    this.cache.set(b, buf);
    return buf;
  }
}
