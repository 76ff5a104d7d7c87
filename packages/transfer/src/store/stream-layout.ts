import { blockSize, totalPackets, type TransferManifest } from '../manifest/manifest.js';

/** Where each file of a manifest sits in the packed stream, and which blocks it spans. */
export class StreamLayout {
  readonly offsets: number[];
  readonly blockBytes: number;
  readonly blocks: number;
  readonly packets: number;

  constructor(readonly manifest: TransferManifest) {
    this.blockBytes = blockSize(manifest);
    this.blocks = manifest.blocks.length;
    this.packets = totalPackets(manifest);
    this.offsets = [];
    let at = 0;
    for (const f of manifest.files) {
      this.offsets.push(at);
      at += f.size;
    }
  }

  /** Length of block b (the last one may be short). */
  blockLength(b: number): number {
    return Math.min(this.blockBytes, this.manifest.streamBytes - b * this.blockBytes);
  }

  /** Length of packet g (the last one may be short). */
  packetLength(g: number): number {
    return Math.min(this.manifest.packetSize, this.manifest.streamBytes - g * this.manifest.packetSize);
  }

  /** Packets of block b as [first, end). */
  blockPackets(b: number): [number, number] {
    const first = b * this.manifest.packetsPerBlock;
    return [first, Math.min(first + this.manifest.packetsPerBlock, this.packets)];
  }

  /** Blocks that file i spans as [first, last]; an empty file spans none (last < first). */
  fileBlocks(i: number): [number, number] {
    const size = this.manifest.files[i].size;
    if (size === 0) return [0, -1];
    const off = this.offsets[i];
    return [Math.floor(off / this.blockBytes), Math.floor((off + size - 1) / this.blockBytes)];
  }

  /** Indices of the non-empty files overlapping stream bytes [start, end). */
  filesIn(start: number, end: number): number[] {
    const out: number[] = [];
    // Binary search for the last file starting at or before start.
    let lo = 0;
    let hi = this.offsets.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.offsets[mid] <= start) lo = mid;
      else hi = mid - 1;
    }
    for (let i = lo; i < this.offsets.length && this.offsets[i] < end; i++) {
      const size = this.manifest.files[i].size;
      if (size > 0 && this.offsets[i] + size > start) out.push(i);
    }
    return out;
  }
}
