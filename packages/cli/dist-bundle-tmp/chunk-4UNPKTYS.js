import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  signDocument,
  verifyDocument
} from "./chunk-VMRBDOJN.js";
import {
  CredentialVerifier
} from "./chunk-AGYS2BOI.js";
import {
  makeCallProof,
  requestDigest
} from "./chunk-FEDWZIOZ.js";
import {
  systemClock
} from "./chunk-A4HYEA5Q.js";
import {
  LamaError
} from "./chunk-2F4QKM7O.js";

// packages/transfer/dist/src/errors.js
var PacketError = class extends LamaError {
  reason;
  constructor(reason, message) {
    super("ERR_TRANSFER_PACKET", message);
    this.reason = reason;
  }
};
var ManifestError = class extends LamaError {
  constructor(message) {
    super("ERR_TRANSFER_MANIFEST", message);
  }
};
var UnsafePathError = class extends LamaError {
  path;
  constructor(path, why) {
    super("ERR_TRANSFER_UNSAFE_PATH", `manifest path '${path}' refused: ${why}`);
    this.path = path;
  }
};
var SourceChangedError = class extends LamaError {
  path;
  constructor(path, message) {
    super("ERR_TRANSFER_SOURCE_CHANGED", message);
    this.path = path;
  }
};
var TransferConfigError = class extends LamaError {
  constructor(message) {
    super("ERR_TRANSFER_CONFIG", message);
  }
};

// packages/transfer/dist/src/protocol/loss-filter.js
function parseLoss(text) {
  const [p, b] = text.split(",");
  const rate = p.endsWith("%") ? Number(p.slice(0, -1)) / 100 : Number(p);
  const burst = b === void 0 ? 1 : Number(b);
  if (!Number.isFinite(rate) || rate < 0 || rate > 1)
    throw new TransferConfigError(`loss rate '${p}' is not in 0..1 (or 0%..100%)`);
  if (!Number.isFinite(burst) || burst < 1)
    throw new TransferConfigError(`loss burst '${b}' is not a length >= 1`);
  return { rate, burst };
}
var LossFilter = class {
  spec;
  random;
  bad = false;
  enterBad;
  leaveBad;
  dropped = 0;
  constructor(spec, random = Math.random) {
    this.spec = spec;
    this.random = random;
    this.leaveBad = 1 / spec.burst;
    this.enterBad = spec.rate >= 1 ? 1 : spec.rate * this.leaveBad / (1 - spec.rate);
  }
  /** True when this datagram is to be dropped. */
  drop() {
    if (this.spec.rate <= 0)
      return false;
    this.bad = this.bad ? this.random() >= this.leaveBad || this.spec.rate >= 1 : this.random() < this.enterBad;
    if (this.bad)
      this.dropped++;
    return this.bad;
  }
};

// packages/transfer/dist/src/manifest/manifest.js
import { createHash } from "node:crypto";
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { deflateRawSync, inflateRawSync } from "node:zlib";

// packages/transfer/dist/src/manifest/safe-path.js
import { lstatSync } from "node:fs";
import { join } from "node:path";
var MAX_PATH_BYTES = 4096;
var MAX_SEGMENT_BYTES = 255;
function checkRelativePath(path) {
  if (typeof path !== "string" || path.length === 0)
    throw new UnsafePathError(String(path), "empty");
  if (Buffer.byteLength(path) > MAX_PATH_BYTES)
    throw new UnsafePathError(path.slice(0, 64) + "\u2026", `longer than ${MAX_PATH_BYTES} bytes`);
  if (path.startsWith("/"))
    throw new UnsafePathError(path, "absolute");
  if (path.includes("\0") || path.includes("\\"))
    throw new UnsafePathError(path, "contains NUL or a backslash");
  for (const segment of path.split("/")) {
    if (segment === "..")
      throw new UnsafePathError(path, "contains '..'");
    if (segment === "" || segment === ".")
      throw new UnsafePathError(path, "has an empty or '.' segment");
    if (Buffer.byteLength(segment) > MAX_SEGMENT_BYTES)
      throw new UnsafePathError(path, `a segment is longer than ${MAX_SEGMENT_BYTES} bytes`);
  }
}
function checkLandingPaths(target, paths) {
  const seen = /* @__PURE__ */ new Map();
  const kind = (rel) => {
    const st = lstatSync(join(target, rel), { throwIfNoEntry: false });
    if (!st)
      return "missing";
    return st.isDirectory() ? "dir" : "other";
  };
  for (const path of paths) {
    const segments = path.split("/");
    let missing = false;
    for (let i = 1; i < segments.length && !missing; i++) {
      const dir = segments.slice(0, i).join("/");
      let k = seen.get(dir) ?? kind(dir);
      if (k === "other")
        throw new UnsafePathError(path, `'${dir}' under the target is a symlink or a file, not a directory`);
      seen.set(dir, k);
      missing = k === "missing";
    }
    if (!missing && kind(path) === "dir")
      throw new UnsafePathError(path, "a directory of that name exists under the target");
  }
}

// packages/transfer/dist/src/manifest/manifest.js
var MANIFEST_KIND = "transfer-manifest";
var DEFAULT_PACKET_SIZE = 1440;
var DEFAULT_PACKETS_PER_BLOCK = 45;
var MAX_FILES = 1e6;
var MAX_MANIFEST_CHARS = 256 * 1024 * 1024;
var SHA256 = /^[0-9a-f]{64}$/;
function blockSize(m) {
  return m.packetSize * m.packetsPerBlock;
}
function totalPackets(m) {
  return Math.ceil(m.streamBytes / m.packetSize);
}
function checkLayout(packetSize, packetsPerBlock) {
  if (!Number.isInteger(packetSize) || packetSize < 256 || packetSize > 8192)
    throw new TransferConfigError(`packet size ${packetSize} is not an integer in 256..8192`);
  if (!Number.isInteger(packetsPerBlock) || packetsPerBlock < 1 || packetsPerBlock > 1024)
    throw new TransferConfigError(`packets per block ${packetsPerBlock} is not an integer in 1..1024`);
}
function buildManifest(entries, options = {}) {
  const packetSize = options.packetSize ?? DEFAULT_PACKET_SIZE;
  const packetsPerBlock = options.packetsPerBlock ?? DEFAULT_PACKETS_PER_BLOCK;
  checkLayout(packetSize, packetsPerBlock);
  const bsize = packetSize * packetsPerBlock;
  const sorted = [...entries].sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  checkFileList(sorted);
  const files = [];
  const blocks = [];
  let block = createHash("sha256");
  let inBlock = 0;
  let streamBytes = 0;
  const buf = Buffer.allocUnsafe(1 << 20);
  for (const e of sorted) {
    const st = statSync(e.source);
    if (!st.isFile() || st.size !== e.size)
      throw new SourceChangedError(e.path, `source ${e.source} of '${e.path}' is ${st.isFile() ? `${st.size} bytes, not ${e.size}` : "not a regular file"}`);
    const fileHash = createHash("sha256");
    const fd = openSync(e.source, "r");
    try {
      let left = e.size;
      while (left > 0) {
        const n = readSync(fd, buf, 0, Math.min(buf.length, left), null);
        if (n === 0)
          throw new SourceChangedError(e.path, `source ${e.source} of '${e.path}' ended early`);
        left -= n;
        fileHash.update(buf.subarray(0, n));
        let at = 0;
        while (at < n) {
          const take = Math.min(n - at, bsize - inBlock);
          block.update(buf.subarray(at, at + take));
          at += take;
          inBlock += take;
          if (inBlock === bsize) {
            blocks.push(block.digest("hex"));
            block = createHash("sha256");
            inBlock = 0;
          }
        }
      }
    } finally {
      closeSync(fd);
    }
    const sha256 = fileHash.digest("hex");
    if (e.sha256 !== void 0 && e.sha256 !== sha256)
      throw new SourceChangedError(e.path, `source ${e.source} of '${e.path}' does not match its sha256`);
    files.push({ path: e.path, size: e.size, mode: e.mode & 511, sha256 });
    streamBytes += e.size;
  }
  if (inBlock > 0)
    blocks.push(block.digest("hex"));
  return { manifest: { v: 1, packetSize, packetsPerBlock, streamBytes, files, blocks }, sources: sorted.map((e) => e.source) };
}
function checkFileList(files) {
  const paths = /* @__PURE__ */ new Set();
  for (const f of files) {
    checkRelativePath(f.path);
    if (paths.has(f.path))
      throw new UnsafePathError(f.path, "listed twice");
    paths.add(f.path);
  }
  for (const f of files) {
    const segments = f.path.split("/");
    for (let i = 1; i < segments.length; i++) {
      const dir = segments.slice(0, i).join("/");
      if (paths.has(dir))
        throw new UnsafePathError(f.path, `'${dir}' is listed as a file`);
    }
  }
}
function checkManifest(value) {
  const fail = (why) => {
    throw new ManifestError(`manifest body refused: ${why}`);
  };
  if (typeof value !== "object" || value === null)
    fail("not an object");
  const m = value;
  if (m.v !== 1)
    fail("field 'v' is not 1");
  const packetSize = m.packetSize;
  const packetsPerBlock = m.packetsPerBlock;
  try {
    checkLayout(packetSize, packetsPerBlock);
  } catch (err) {
    fail(err.message);
  }
  if (!Number.isSafeInteger(m.streamBytes) || m.streamBytes < 0)
    fail("field 'streamBytes' is not a size");
  if (!Array.isArray(m.files) || m.files.length > MAX_FILES)
    fail(`field 'files' is not a list of at most ${MAX_FILES}`);
  if (!Array.isArray(m.blocks))
    fail("field 'blocks' is not a list");
  let sum = 0;
  for (const f of m.files) {
    const e = f;
    if (typeof e !== "object" || e === null || typeof e.path !== "string")
      fail("a file entry has no path");
    if (!Number.isSafeInteger(e.size) || e.size < 0)
      fail(`'${e.path}': size is not a size`);
    if (!Number.isInteger(e.mode) || e.mode < 0 || e.mode > 511)
      fail(`'${e.path}': mode is not in 0..0777`);
    if (typeof e.sha256 !== "string" || !SHA256.test(e.sha256))
      fail(`'${e.path}': sha256 is not 64 hex digits`);
    sum += e.size;
  }
  checkFileList(m.files);
  if (sum !== m.streamBytes)
    fail(`the files add up to ${sum} bytes, not streamBytes ${m.streamBytes}`);
  const expectBlocks = Math.ceil(sum / (packetSize * packetsPerBlock));
  if (m.blocks.length !== expectBlocks)
    fail(`${m.blocks.length} block hashes for ${expectBlocks} blocks`);
  for (const h of m.blocks)
    if (typeof h !== "string" || !SHA256.test(h))
      fail("a block hash is not 64 hex digits");
  if (Math.ceil(sum / packetSize) > 4294967295)
    fail("too many packets");
  return value;
}
function packManifest(credential, manifest, now = Date.now()) {
  const doc = signDocument(credential, MANIFEST_KIND, manifest, now);
  const bytes = deflateRawSync(Buffer.from(JSON.stringify(doc), "utf8"));
  return { bytes, digest: createHash("sha256").update(bytes).digest() };
}
function unpackManifest(verifier, bytes, digest) {
  if (!createHash("sha256").update(bytes).digest().equals(digest))
    throw new ManifestError("manifest bytes do not match the announced digest");
  let doc;
  try {
    doc = JSON.parse(inflateRawSync(bytes, { maxOutputLength: MAX_MANIFEST_CHARS }).toString("utf8"));
  } catch (err) {
    throw new ManifestError(`manifest does not inflate to JSON: ${err.message}`);
  }
  let verified;
  try {
    verified = verifyDocument(verifier, doc, { kind: MANIFEST_KIND, maxChars: MAX_MANIFEST_CHARS });
  } catch (err) {
    throw new ManifestError(`manifest signature refused: ${err.message}`);
  }
  const manifest = checkManifest(verified.body);
  const body = doc.body;
  return { manifest, signer: verified.signer, bodyDigest: createHash("sha256").update(body).digest("hex") };
}

// packages/transfer/dist/src/manifest/scan-directory.js
import { lstatSync as lstatSync2, readdirSync } from "node:fs";
import { join as join2 } from "node:path";
function scanDirectory(dir) {
  const out = [];
  const walk = (abs, rel) => {
    for (const d of readdirSync(abs, { withFileTypes: true })) {
      const a = join2(abs, d.name);
      const r = rel ? `${rel}/${d.name}` : d.name;
      if (d.isDirectory())
        walk(a, r);
      else if (d.isFile()) {
        const st = lstatSync2(a);
        out.push({ path: r, size: st.size, mode: st.mode & 511, source: a });
      }
    }
  };
  walk(dir, "");
  return out;
}

// packages/transfer/dist/src/protocol/receiver.js
import { createHash as createHash4, verify } from "node:crypto";
import { EventEmitter } from "node:events";

// packages/transfer/dist/src/store/receive-store.js
import { createHash as createHash2 } from "node:crypto";
import { chmodSync, closeSync as closeSync2, existsSync, fstatSync, mkdirSync, openSync as openSync2, readSync as readSync2, renameSync, rmSync, statSync as statSync2, writeFileSync, writeSync } from "node:fs";
import { basename, dirname, join as join3 } from "node:path";

// packages/transfer/dist/src/protocol/bitset.js
var Bitset = class {
  size;
  bits;
  ones = 0;
  constructor(size) {
    this.size = size;
    this.bits = new Uint8Array(Math.ceil(size / 8));
  }
  has(i) {
    return (this.bits[i >>> 3] & 1 << (i & 7)) !== 0;
  }
  /** Sets bit i; returns false when it was already set. */
  add(i) {
    const mask = 1 << (i & 7);
    if (this.bits[i >>> 3] & mask)
      return false;
    this.bits[i >>> 3] |= mask;
    this.ones++;
    return true;
  }
  delete(i) {
    const mask = 1 << (i & 7);
    if (!(this.bits[i >>> 3] & mask))
      return false;
    this.bits[i >>> 3] &= ~mask;
    this.ones--;
    return true;
  }
  /** The first index >= from whose bit is set, or -1 (skips clear bytes whole). */
  nextSet(from) {
    let i = Math.max(0, from);
    while (i < this.size) {
      const byte = this.bits[i >>> 3];
      if (byte === 0) {
        i = (i | 7) + 1;
        continue;
      }
      if (byte & 1 << (i & 7))
        return i;
      i++;
    }
    return -1;
  }
  get count() {
    return this.ones;
  }
  get full() {
    return this.ones === this.size;
  }
  /** Maximal runs [start, end) of indices whose bit equals `value`, within [from, to). */
  *runs(value, from = 0, to = this.size) {
    let i = from;
    while (i < to) {
      if ((i & 7) === 0 && i + 8 <= to && this.bits[i >>> 3] === (value ? 0 : 255)) {
        i += 8;
        continue;
      }
      if (this.has(i) !== value) {
        i++;
        continue;
      }
      const start = i;
      while (i < to) {
        if ((i & 7) === 0 && i + 8 <= to && this.bits[i >>> 3] === (value ? 255 : 0)) {
          i += 8;
          continue;
        }
        if (this.has(i) !== value)
          break;
        i++;
      }
      yield [start, i];
    }
  }
};

// packages/transfer/dist/src/store/stream-layout.js
var StreamLayout = class {
  manifest;
  offsets;
  blockBytes;
  blocks;
  packets;
  constructor(manifest) {
    this.manifest = manifest;
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
  blockLength(b) {
    return Math.min(this.blockBytes, this.manifest.streamBytes - b * this.blockBytes);
  }
  /** Length of packet g (the last one may be short). */
  packetLength(g) {
    return Math.min(this.manifest.packetSize, this.manifest.streamBytes - g * this.manifest.packetSize);
  }
  /** Packets of block b as [first, end). */
  blockPackets(b) {
    const first = b * this.manifest.packetsPerBlock;
    return [first, Math.min(first + this.manifest.packetsPerBlock, this.packets)];
  }
  /** Blocks that file i spans as [first, last]; an empty file spans none (last < first). */
  fileBlocks(i) {
    const size = this.manifest.files[i].size;
    if (size === 0)
      return [0, -1];
    const off = this.offsets[i];
    return [Math.floor(off / this.blockBytes), Math.floor((off + size - 1) / this.blockBytes)];
  }
  /** Indices of the non-empty files overlapping stream bytes [start, end). */
  filesIn(start, end) {
    const out = [];
    let lo = 0;
    let hi = this.offsets.length - 1;
    while (lo < hi) {
      const mid = lo + hi + 1 >> 1;
      if (this.offsets[mid] <= start)
        lo = mid;
      else
        hi = mid - 1;
    }
    for (let i = lo; i < this.offsets.length && this.offsets[i] < end; i++) {
      const size = this.manifest.files[i].size;
      if (size > 0 && this.offsets[i] + size > start)
        out.push(i);
    }
    return out;
  }
};

// packages/transfer/dist/src/store/receive-store.js
var PART_SUFFIX = ".lama-part";
var OPEN_FILES = 128;
var ReceiveStore = class {
  target;
  accepted;
  layout;
  fds = /* @__PURE__ */ new Map();
  dirs = /* @__PURE__ */ new Set();
  missingDirs = /* @__PURE__ */ new Set();
  landed;
  // Files the caller does not want: counted landed, never landed; a spilled block's bytes of them
  // go to part files (read back to verify the block) that close() removes.
  skipped;
  constructor(target, accepted) {
    this.target = target;
    this.accepted = accepted;
    this.layout = new StreamLayout(accepted.manifest);
  }
  finalPath(i) {
    return join3(this.target, this.accepted.manifest.files[i].path);
  }
  partPath(i) {
    const p = this.finalPath(i);
    return join3(dirname(p), `.${basename(p)}${PART_SUFFIX}`);
  }
  /**
   * Checks every path first (nothing is written when one is unsafe), then finds what an earlier
   * receive left: files already in place with the right hash, and blocks whose bytes in the
   * part files hash right. `skip`: files the caller does not want, never touched (counted landed).
   */
  open(skip = []) {
    const files = this.accepted.manifest.files;
    checkLandingPaths(this.target, files.map((f) => f.path));
    const landedFiles = new Bitset(files.length);
    this.landed = landedFiles;
    const skipped = new Bitset(files.length);
    for (const i of skip)
      if (Number.isInteger(i) && i >= 0 && i < files.length)
        skipped.add(i);
    this.skipped = skipped;
    for (const [i, f] of files.entries()) {
      if (skipped.has(i))
        continue;
      const dir = dirname(join3(this.target, f.path));
      if (!this.missingDirs.has(dir) && !existsSync(dir))
        this.missingDirs.add(dir);
    }
    files.forEach((f, i) => {
      if (skipped.has(i) || this.alreadyLanded(i))
        landedFiles.add(i);
    });
    const verifiedBlocks = new Bitset(this.layout.blocks);
    const parts = new Bitset(files.length);
    files.forEach((_, i) => {
      if ((!landedFiles.has(i) || skipped.has(i)) && !this.missingDirs.has(dirname(this.finalPath(i))) && existsSync(this.partPath(i)))
        parts.add(i);
    });
    if (parts.count > 0) {
      for (let b = 0; b < this.layout.blocks; b++) {
        const start = b * this.layout.blockBytes;
        const overlapping = this.layout.filesIn(start, start + this.layout.blockLength(b));
        if (!overlapping.some((i) => parts.has(i)))
          continue;
        if (createHash2("sha256").update(this.readBlock(b)).digest("hex") === this.accepted.manifest.blocks[b])
          verifiedBlocks.add(b);
      }
    }
    return { verifiedBlocks, landedFiles, skipped: skipped.count };
  }
  alreadyLanded(i) {
    const f = this.accepted.manifest.files[i];
    if (this.missingDirs.has(dirname(this.finalPath(i))))
      return false;
    try {
      const st = statSync2(this.finalPath(i), { throwIfNoEntry: false });
      return st !== void 0 && st.isFile() && st.size === f.size && hashFile(this.finalPath(i), f.size) === f.sha256;
    } catch {
      return false;
    }
  }
  fd(i) {
    let fd = this.fds.get(i);
    if (fd !== void 0)
      return fd;
    if (this.fds.size >= OPEN_FILES) {
      const [oldest, ofd] = this.fds.entries().next().value;
      closeSync2(ofd);
      this.fds.delete(oldest);
    }
    const path = this.partPath(i);
    this.mkdir(dirname(path));
    fd = openSync2(path, existsSync(path) ? "r+" : "w+", 384);
    this.fds.set(i, fd);
    return fd;
  }
  mkdir(dir) {
    if (this.dirs.has(dir))
      return;
    mkdirSync(dir, { recursive: true });
    this.dirs.add(dir);
  }
  /** Lands file i from bytes already verified in memory (a file whole within one block); false when they do not hash to its sha256. */
  landBytes(i, bytes) {
    const f = this.accepted.manifest.files[i];
    if (bytes.length !== f.size || createHash2("sha256").update(bytes).digest("hex") !== f.sha256)
      return false;
    const fd = this.fds.get(i);
    if (fd !== void 0) {
      closeSync2(fd);
      this.fds.delete(i);
    }
    const part = this.partPath(i);
    this.mkdir(dirname(part));
    writeFileSync(part, bytes, { mode: 384 });
    chmodSync(part, f.mode);
    renameSync(part, this.finalPath(i));
    this.landed?.add(i);
    return true;
  }
  /** Writes stream bytes at offset into the part files they belong to (not of files landed or skipped). */
  write(offset, data) {
    for (const i of this.layout.filesIn(offset, offset + data.length)) {
      if (this.landed?.has(i) && !this.skipped?.has(i))
        continue;
      const off = this.layout.offsets[i];
      const from = Math.max(offset, off);
      const to = Math.min(offset + data.length, off + this.accepted.manifest.files[i].size);
      const fd = this.fd(i);
      let done = 0;
      while (done < to - from)
        done += writeSync(fd, data, from - offset + done, to - from - done, from - off + done);
    }
  }
  /** Reads stream bytes [offset, offset + length) from part files (or landed files); holes read as zeros. */
  read(offset, length) {
    const buf = Buffer.alloc(length);
    for (const i of this.layout.filesIn(offset, offset + length)) {
      const off = this.layout.offsets[i];
      const from = Math.max(offset, off);
      const to = Math.min(offset + length, off + this.accepted.manifest.files[i].size);
      let fd = this.fds.get(i);
      let close = false;
      if (fd === void 0) {
        const path = this.landed?.has(i) && !this.skipped?.has(i) ? this.finalPath(i) : this.partPath(i);
        if (!existsSync(path))
          continue;
        fd = openSync2(path, "r");
        close = true;
      }
      try {
        let done = 0;
        while (done < to - from) {
          const n = readSync2(fd, buf, from - offset + done, to - from - done, from - off + done);
          if (n === 0)
            break;
          done += n;
        }
      } finally {
        if (close)
          closeSync2(fd);
      }
    }
    return buf;
  }
  /** Block b as the part files hold it. */
  readBlock(b) {
    return this.read(b * this.layout.blockBytes, this.layout.blockLength(b));
  }
  /** Lands file i atomically; false when its bytes do not hash to the manifest's sha256. */
  land(i) {
    const f = this.accepted.manifest.files[i];
    const fd = this.fd(i);
    if (fstatSync(fd).size !== f.size || hashFd(fd, f.size) !== f.sha256)
      return false;
    closeSync2(fd);
    this.fds.delete(i);
    const part = this.partPath(i);
    chmodSync(part, f.mode);
    renameSync(part, this.finalPath(i));
    this.landed?.add(i);
    return true;
  }
  /** Closes every open part file; removes the part files of skipped files. */
  close() {
    for (const fd of this.fds.values())
      closeSync2(fd);
    this.fds.clear();
    if (!this.skipped?.count)
      return;
    for (let i = 0; i < this.accepted.manifest.files.length; i++)
      if (this.skipped.has(i))
        rmSync(this.partPath(i), { force: true });
  }
};
var CHUNK = 1 << 20;
var scratch = Buffer.allocUnsafe(CHUNK);
function hashFd(fd, size, hash = createHash2("sha256")) {
  let at = 0;
  while (at < size) {
    const n = readSync2(fd, scratch, 0, Math.min(CHUNK, size - at), at);
    if (n === 0)
      break;
    hash.update(scratch.subarray(0, n));
    at += n;
  }
  return hash.digest("hex");
}
function hashFile(path, size) {
  const fd = openSync2(path, "r");
  try {
    return hashFd(fd, size);
  } finally {
    closeSync2(fd);
  }
}

// packages/transfer/dist/src/wire/packet-codec.js
var MAGIC = 19540;
var VERSION = 1;
var HEADER_BYTES = 12;
var DATA_HEADER_BYTES = HEADER_BYTES + 4;
var MAX_DATAGRAM = 8192 + DATA_HEADER_BYTES;
var MAX_NAME_BYTES = 128;
var DATA_TYPE = 3;
var TYPE = { announce: 1, manifest: 2, data: 3, "round-end": 4, end: 5, register: 6, "register-ack": 7, nak: 8, status: 9 };
var NAMES = new Map(Object.entries(TYPE).map(([k, v]) => [v, k]));
var END_REASONS = ["complete", "deadline", "rounds", "aborted"];
var END_SIGNATURE_BYTES = 64;
function endMessage(session, reason) {
  return Buffer.from(`lama-transfer-end-v1
${session.toString(16)}
${reason}`, "utf8");
}
function header(type, session, bodyBytes) {
  const b = Buffer.allocUnsafe(HEADER_BYTES + bodyBytes);
  b.writeUInt16BE(MAGIC, 0);
  b.writeUInt8(VERSION, 2);
  b.writeUInt8(TYPE[type], 3);
  b.writeBigUInt64BE(session, 4);
  return b;
}
function encodeSlice(type, session, index, data) {
  const b = header(type, session, 4 + data.length);
  b.writeUInt32BE(index, HEADER_BYTES);
  b.set(data, DATA_HEADER_BYTES);
  return b;
}
function encodePacket(p) {
  switch (p.type) {
    case "manifest":
    case "data":
      return encodeSlice(p.type, p.session, p.index, p.data);
    case "announce": {
      const b = header("announce", p.session, 32 + 4 + 2 + 2 + 4 + 8 + 4 + 4 + 2 + 4);
      let o = HEADER_BYTES;
      p.digest.copy(b, o);
      o += 32;
      b.writeUInt32BE(p.manifestBytes, o);
      o += 4;
      b.writeUInt16BE(p.packetSize, o);
      o += 2;
      b.writeUInt16BE(p.packetsPerBlock, o);
      o += 2;
      b.writeUInt32BE(p.totalPackets, o);
      o += 4;
      b.writeBigUInt64BE(BigInt(p.streamBytes), o);
      o += 8;
      b.writeUInt32BE(p.rateKbps, o);
      o += 4;
      for (const part of p.group.split("."))
        b.writeUInt8(Number(part), o++);
      b.writeUInt16BE(p.port, o);
      o += 2;
      b.writeUInt32BE(p.round, o);
      return b;
    }
    case "round-end": {
      const b = header("round-end", p.session, 4 + 1 + 2);
      b.writeUInt32BE(p.round, HEADER_BYTES);
      b.writeUInt8(p.final ? 1 : 0, HEADER_BYTES + 4);
      b.writeUInt16BE(p.backoffMs, HEADER_BYTES + 5);
      return b;
    }
    case "end": {
      if (p.signature.length !== END_SIGNATURE_BYTES)
        throw new PacketError("field", `end signature of ${p.signature.length} bytes, expected ${END_SIGNATURE_BYTES}`);
      const b = header("end", p.session, 1 + END_SIGNATURE_BYTES);
      b.writeUInt8(END_REASONS.indexOf(p.reason), HEADER_BYTES);
      p.signature.copy(b, HEADER_BYTES + 1);
      return b;
    }
    case "register": {
      const name = Buffer.from(p.name, "utf8").subarray(0, MAX_NAME_BYTES);
      const token = Buffer.from(p.token, "utf8");
      const proof = Buffer.from(p.proof, "utf8");
      const b = header("register", p.session, 8 + 1 + name.length + 2 + token.length + 1 + proof.length);
      let o = HEADER_BYTES;
      b.writeBigUInt64BE(p.receiver, o);
      o += 8;
      b.writeUInt8(name.length, o++);
      o += name.copy(b, o);
      b.writeUInt16BE(token.length, o);
      o += 2;
      o += token.copy(b, o);
      b.writeUInt8(proof.length, o++);
      proof.copy(b, o);
      return b;
    }
    case "register-ack": {
      const b = header("register-ack", p.session, 8);
      b.writeBigUInt64BE(p.receiver, HEADER_BYTES);
      return b;
    }
    case "status": {
      const b = header("status", p.session, 8 + 4 + 4 + 4);
      b.writeBigUInt64BE(p.receiver, HEADER_BYTES);
      b.writeUInt32BE(p.round, HEADER_BYTES + 8);
      b.writeUInt32BE(p.missingPackets, HEADER_BYTES + 12);
      b.writeUInt32BE(p.missingFiles, HEADER_BYTES + 16);
      return b;
    }
  }
}
var NAK_FIXED = 8 + 4 + 1 + 1;
var RANGE_ENTRY = 1 + 4 + 4;
var BITMAP_FIXED = 1 + 4 + 2;
var MAX_BITMAP_BYTES = 512;
function encodeNaks(p, ranges, maxBytes) {
  const out = [];
  let body = [];
  let size = HEADER_BYTES + NAK_FIXED;
  const flush = () => {
    if (body.length === 0)
      return;
    const b = header("nak", p.session, NAK_FIXED);
    b.writeBigUInt64BE(p.receiver, HEADER_BYTES);
    b.writeUInt32BE(p.round, HEADER_BYTES + 8);
    b.writeUInt8(p.kind === "data" ? 0 : 1, HEADER_BYTES + 12);
    b.writeUInt8(p.final ? 1 : 0, HEADER_BYTES + 13);
    out.push(Buffer.concat([b, ...body]));
    body = [];
    size = HEADER_BYTES + NAK_FIXED;
  };
  const push = (entry) => {
    if (size + entry.length > maxBytes)
      flush();
    body.push(entry);
    size += entry.length;
  };
  let i = 0;
  while (i < ranges.length) {
    const [s, e] = ranges[i];
    if (e - s >= 32 || i + 1 >= ranges.length || ranges[i + 1][0] - s >= MAX_BITMAP_BYTES * 8) {
      const entry2 = Buffer.allocUnsafe(RANGE_ENTRY);
      entry2.writeUInt8(0, 0);
      entry2.writeUInt32BE(s, 1);
      entry2.writeUInt32BE(e - s, 5);
      push(entry2);
      i++;
      continue;
    }
    const room = Math.max(1, Math.min(MAX_BITMAP_BYTES, maxBytes - HEADER_BYTES - NAK_FIXED - BITMAP_FIXED));
    let j = i;
    let last = e;
    while (j + 1 < ranges.length && ranges[j + 1][1] - s <= room * 8 && ranges[j + 1][1] - ranges[j + 1][0] < 32) {
      j++;
      last = ranges[j][1];
    }
    const bytes = Math.ceil((last - s) / 8);
    const entry = Buffer.alloc(BITMAP_FIXED + bytes);
    entry.writeUInt8(1, 0);
    entry.writeUInt32BE(s, 1);
    entry.writeUInt16BE(bytes, 5);
    for (let k = i; k <= j; k++) {
      for (let x = ranges[k][0]; x < ranges[k][1]; x++)
        entry[BITMAP_FIXED + (x - s >>> 3)] |= 1 << (x - s & 7);
    }
    push(entry);
    i = j + 1;
  }
  flush();
  return out;
}
function need(b, bytes, what) {
  if (b.length < bytes)
    throw new PacketError("length", `${what} datagram of ${b.length} bytes is shorter than its ${bytes}-byte body`);
}
function decodeNakEntries(b, from) {
  const ranges = [];
  let o = from;
  while (o < b.length) {
    const kind = b[o];
    if (kind === 0) {
      if (o + RANGE_ENTRY > b.length)
        throw new PacketError("length", "NAK range entry cut short");
      const start = b.readUInt32BE(o + 1);
      const count = b.readUInt32BE(o + 5);
      if (count === 0 || start + count > 4294967295)
        throw new PacketError("field", `NAK range ${start}+${count} is empty or overflows`);
      ranges.push([start, start + count]);
      o += RANGE_ENTRY;
    } else if (kind === 1) {
      if (o + BITMAP_FIXED > b.length)
        throw new PacketError("length", "NAK bitmap entry cut short");
      const start = b.readUInt32BE(o + 1);
      const bytes = b.readUInt16BE(o + 5);
      if (bytes === 0 || o + BITMAP_FIXED + bytes > b.length)
        throw new PacketError("length", `NAK bitmap of ${bytes} bytes does not fit the datagram`);
      if (start + bytes * 8 > 4294967295)
        throw new PacketError("field", "NAK bitmap overflows the index space");
      let runStart = -1;
      for (let x = 0; x < bytes * 8; x++) {
        const set = (b[o + BITMAP_FIXED + (x >>> 3)] & 1 << (x & 7)) !== 0;
        if (set && runStart < 0)
          runStart = x;
        if (!set && runStart >= 0) {
          ranges.push([start + runStart, start + x]);
          runStart = -1;
        }
      }
      if (runStart >= 0)
        ranges.push([start + runStart, start + bytes * 8]);
      o += BITMAP_FIXED + bytes;
    } else {
      throw new PacketError("field", `NAK entry kind ${kind} is unknown`);
    }
  }
  return ranges;
}
function decodePacket(b) {
  if (b.length > MAX_DATAGRAM)
    throw new PacketError("oversized", `datagram of ${b.length} bytes is over ${MAX_DATAGRAM}`);
  if (b.length < HEADER_BYTES)
    throw new PacketError("short", `datagram of ${b.length} bytes is shorter than the ${HEADER_BYTES}-byte header`);
  if (b.readUInt16BE(0) !== MAGIC)
    throw new PacketError("magic", "not a LAMA transfer datagram (magic)");
  if (b[2] !== VERSION)
    throw new PacketError("version", `protocol version ${b[2]} is not ${VERSION}`);
  const type = NAMES.get(b[3]);
  if (!type)
    throw new PacketError("type", `packet type ${b[3]} is unknown`);
  const session = b.readBigUInt64BE(4);
  const o = HEADER_BYTES;
  switch (type) {
    case "manifest":
    case "data":
      need(b, DATA_HEADER_BYTES + 1, type);
      return { type, session, index: b.readUInt32BE(o), data: b.subarray(DATA_HEADER_BYTES) };
    case "announce": {
      need(b, o + 66, type);
      if (b.length !== o + 66)
        throw new PacketError("length", `announce of ${b.length} bytes, expected ${o + 66}`);
      const streamBytes = b.readBigUInt64BE(o + 44);
      if (streamBytes > BigInt(Number.MAX_SAFE_INTEGER))
        throw new PacketError("field", "announced stream size is out of range");
      return {
        type,
        session,
        digest: Buffer.from(b.subarray(o, o + 32)),
        manifestBytes: b.readUInt32BE(o + 32),
        packetSize: b.readUInt16BE(o + 36),
        packetsPerBlock: b.readUInt16BE(o + 38),
        totalPackets: b.readUInt32BE(o + 40),
        streamBytes: Number(streamBytes),
        rateKbps: b.readUInt32BE(o + 52),
        group: `${b[o + 56]}.${b[o + 57]}.${b[o + 58]}.${b[o + 59]}`,
        port: b.readUInt16BE(o + 60),
        round: b.readUInt32BE(o + 62)
      };
    }
    case "round-end":
      if (b.length !== o + 7)
        throw new PacketError("length", `round-end of ${b.length} bytes, expected ${o + 7}`);
      if (b[o + 4] > 1)
        throw new PacketError("field", "round-end flag is not 0 or 1");
      return { type, session, round: b.readUInt32BE(o), final: b[o + 4] === 1, backoffMs: b.readUInt16BE(o + 5) };
    case "end": {
      if (b.length !== o + 1 + END_SIGNATURE_BYTES)
        throw new PacketError("length", `end of ${b.length} bytes, expected ${o + 1 + END_SIGNATURE_BYTES}`);
      const reason = END_REASONS[b[o]];
      if (!reason)
        throw new PacketError("field", `end reason ${b[o]} is unknown`);
      return { type, session, reason, signature: Buffer.from(b.subarray(o + 1)) };
    }
    case "register": {
      need(b, o + 9, type);
      const len = b[o + 8];
      if (len > MAX_NAME_BYTES)
        throw new PacketError("field", `register name of ${len} bytes is over ${MAX_NAME_BYTES}`);
      let at = o + 9 + len;
      need(b, at + 2, type);
      const tokenLen = b.readUInt16BE(at);
      at += 2;
      need(b, at + tokenLen + 1, type);
      const token = b.toString("utf8", at, at + tokenLen);
      at += tokenLen;
      const proofLen = b[at++];
      if (b.length !== at + proofLen)
        throw new PacketError("length", "register fields do not add up to the datagram");
      return { type, session, receiver: b.readBigUInt64BE(o), name: b.toString("utf8", o + 9, o + 9 + len), token, proof: b.toString("utf8", at, at + proofLen) };
    }
    case "register-ack":
      if (b.length !== o + 8)
        throw new PacketError("length", `register-ack of ${b.length} bytes, expected ${o + 8}`);
      return { type, session, receiver: b.readBigUInt64BE(o) };
    case "nak": {
      need(b, o + NAK_FIXED + BITMAP_FIXED + 1, type);
      if (b[o + 12] > 1 || b[o + 13] > 1)
        throw new PacketError("field", "NAK kind or flag is not 0 or 1");
      return {
        type,
        session,
        receiver: b.readBigUInt64BE(o),
        round: b.readUInt32BE(o + 8),
        kind: b[o + 12] === 0 ? "data" : "manifest",
        final: b[o + 13] === 1,
        ranges: decodeNakEntries(b, o + NAK_FIXED)
      };
    }
    case "status":
      if (b.length !== o + 20)
        throw new PacketError("length", `status of ${b.length} bytes, expected ${o + 20}`);
      return { type, session, receiver: b.readBigUInt64BE(o), round: b.readUInt32BE(o + 8), missingPackets: b.readUInt32BE(o + 12), missingFiles: b.readUInt32BE(o + 16) };
  }
}

// packages/transfer/dist/src/protocol/receiver-id.js
import { createHash as createHash3 } from "node:crypto";
function receiverId(name) {
  return createHash3("sha256").update(name).digest().readBigUInt64BE(0);
}
function registerAudience(session, receiver, name) {
  return { server: `transfer:${session.toString(16)}`, method: "transfer/register", request: requestDigest(Buffer.from(`${receiver.toString(16)}|${name}`, "utf8")) };
}

// packages/transfer/dist/src/protocol/peer.js
function decodeOrCount(datagram, drops) {
  try {
    return decodePacket(datagram);
  } catch (err) {
    countDrop(drops, err instanceof PacketError ? err.reason : "field");
    return void 0;
  }
}
function countDrop(drops, reason) {
  drops[reason] = (drops[reason] ?? 0) + 1;
}

// packages/transfer/dist/src/protocol/receiver.js
function refusalKey(a) {
  return `${a.session.toString(16)}:${a.digest.toString("hex")}`;
}
var TransferReceiver = class extends EventEmitter {
  o;
  id;
  verifier;
  stats = { datagrams: 0, dataPackets: 0, dataBytes: 0, duplicates: 0, nakDatagrams: 0, nakPacketsSuppressed: 0, blocksRejected: 0, blocksRecovered: 0, filesRecovered: 0, filesLanded: 0, drops: {} };
  random;
  announce;
  sender;
  lastHeard = 0;
  registered = false;
  refused = /* @__PURE__ */ new Set();
  manifestBuf;
  manifestHave;
  manifestNakAt = -Infinity;
  store;
  accepted;
  have;
  verified;
  needed;
  got;
  spilled;
  active = /* @__PURE__ */ new Map();
  // Block buffers are reused: a fresh 64 KB buffer per block is most of a receiver's garbage.
  freeBlocks = [];
  sessionBytes;
  landed;
  remaining;
  heard;
  heardRound = -1;
  reportTimer;
  idleTimer;
  ended = false;
  resolveDone;
  /** Resolves when the sender ends the session, or stop() is called. */
  done;
  constructor(o) {
    super();
    this.o = o;
    this.id = receiverId(o.name);
    this.verifier = new CredentialVerifier(o.credential.poolPublicKey, o.clock);
    this.random = o.random ?? Math.random;
    this.done = new Promise((resolve) => {
      this.resolveDone = resolve;
    });
  }
  /** True once every file has landed. */
  get complete() {
    return this.landed !== void 0 && this.landed.full;
  }
  /** Paths not landed yet (every path before the manifest is known: none). */
  lacking() {
    if (!this.accepted || !this.landed)
      return [];
    return this.accepted.manifest.files.filter((_, i) => !this.landed.has(i)).map((f) => f.path);
  }
  /** Hands one datagram from the transport to the receiver. */
  receive(datagram, from) {
    if (this.ended)
      return;
    this.stats.datagrams++;
    if (datagram.length > DATA_HEADER_BYTES && datagram.length <= MAX_DATAGRAM && datagram[3] === DATA_TYPE && this.sessionBytes && datagram.readUInt16BE(0) === MAGIC && datagram[2] === VERSION && datagram.compare(this.sessionBytes, 0, 8, 4, 12) === 0) {
      this.lastHeard = this.o.clock.now();
      return this.onData(datagram.readUInt32BE(HEADER_BYTES), datagram.subarray(DATA_HEADER_BYTES));
    }
    const p = decodeOrCount(datagram, this.stats.drops);
    if (!p)
      return;
    if (p.type === "announce")
      return this.onAnnounce(p, from);
    if (!this.announce || p.session !== this.announce.session)
      return countDrop(this.stats.drops, "session");
    this.lastHeard = this.o.clock.now();
    switch (p.type) {
      case "manifest":
        return this.onManifestSlice(p);
      case "data":
        return this.onData(p.index, p.data);
      case "round-end":
        return this.onRoundEnd(p);
      case "nak":
        return this.onNak(p);
      case "register-ack":
        if (p.receiver !== this.id)
          return;
        this.registered = true;
        if (this.complete)
          this.sendStatus(this.announce.round);
        return;
      case "end":
        return this.onEnd(p);
      default:
        return countDrop(this.stats.drops, "unsolicited");
    }
  }
  // Only the manifest's signer ends the session: an END before the manifest is verified, or one
  // its key did not sign, is dropped (the idle timeout still ends a session whose sender went).
  onEnd(p) {
    if (!this.accepted || !verify(null, endMessage(p.session, p.reason), this.accepted.signer.key, p.signature))
      return countDrop(this.stats.drops, "signature");
    this.finish(p.reason);
  }
  /** Stops following the session (the caller's deadline); resolves done with what is there. */
  stop() {
    this.finish("stopped");
  }
  onAnnounce(a, from) {
    if (this.refused.has(refusalKey(a)) || this.o.session !== void 0 && a.session !== this.o.session)
      return countDrop(this.stats.drops, "session");
    const now = this.o.clock.now();
    if (this.announce && a.session !== this.announce.session) {
      if (now - this.lastHeard < (this.o.sessionIdleMs ?? 3e3))
        return countDrop(this.stats.drops, "session");
      this.reset();
    }
    if (!this.announce) {
      const max = this.o.maxManifestBytes ?? 64 * 1024 * 1024;
      if (a.manifestBytes === 0 || a.manifestBytes > max || a.packetSize < 256 || a.packetsPerBlock < 1)
        return countDrop(this.stats.drops, "field");
      this.announce = a;
      this.sessionBytes = Buffer.alloc(8);
      this.sessionBytes.writeBigUInt64BE(a.session);
      this.sender = from;
      this.manifestBuf = Buffer.alloc(a.manifestBytes);
      this.manifestHave = new Bitset(Math.ceil(a.manifestBytes / a.packetSize));
      this.emit("session", { session: a.session.toString(16), sender: from.address, rateKbps: a.rateKbps });
      this.armIdle();
    }
    this.lastHeard = now;
    if (!this.registered)
      this.register();
  }
  armIdle() {
    const limit = this.o.idleTimeoutMs;
    if (limit === void 0 || this.idleTimer)
      return;
    const check = () => {
      if (this.o.clock.now() - this.lastHeard >= limit)
        return this.finish("sender-silent");
      this.idleTimer = this.o.clock.setTimer(check, Math.min(1e3, limit / 4));
    };
    this.idleTimer = this.o.clock.setTimer(check, Math.min(1e3, limit / 4));
  }
  register() {
    if (!this.announce || !this.sender)
      return;
    const session = this.announce.session;
    const proof = makeCallProof(this.o.credential, registerAudience(session, this.id, this.o.name), Math.round(this.o.clock.now()));
    this.o.send(encodePacket({ type: "register", session, receiver: this.id, name: this.o.name, token: this.o.credential.token, proof }), this.sender);
  }
  reset() {
    this.reportTimer?.cancel();
    this.store?.close();
    this.announce = void 0;
    this.sessionBytes = void 0;
    this.store = void 0;
    this.accepted = void 0;
    this.registered = false;
    this.active.clear();
  }
  onManifestSlice(p) {
    const a = this.announce;
    if (this.accepted)
      return void this.stats.duplicates++;
    const slices = this.manifestHave.size;
    if (p.index >= slices)
      return countDrop(this.stats.drops, "range");
    const expect = Math.min(a.packetSize, a.manifestBytes - p.index * a.packetSize);
    if (p.data.length !== expect)
      return countDrop(this.stats.drops, "length");
    if (!this.manifestHave.add(p.index))
      return void this.stats.duplicates++;
    p.data.copy(this.manifestBuf, p.index * a.packetSize);
    if (this.manifestHave.full)
      this.acceptManifest();
  }
  acceptManifest() {
    const a = this.announce;
    try {
      const accepted = unpackManifest(this.verifier, this.manifestBuf, a.digest);
      const m = accepted.manifest;
      if (m.packetSize !== a.packetSize || m.packetsPerBlock !== a.packetsPerBlock || m.streamBytes !== a.streamBytes) {
        throw new PacketError("field", "the announcement and the signed manifest disagree on the layout");
      }
      const unwanted = this.o.accept?.(accepted);
      const store = new ReceiveStore(this.o.target, accepted);
      const recovered = store.open(unwanted ?? []);
      this.accepted = accepted;
      this.store = store;
      this.stats.blocksRecovered = recovered.verifiedBlocks.count;
      this.stats.filesRecovered = recovered.landedFiles.count - recovered.skipped;
      this.prepare(recovered.verifiedBlocks, recovered.landedFiles);
    } catch (err) {
      this.refused.add(refusalKey(a));
      this.reset();
      this.emit("refused", err instanceof UnsafePathError || err instanceof Error ? err : new Error(String(err)));
      return;
    }
    this.manifestBuf = void 0;
    this.emit("manifest", { files: this.accepted.manifest.files.length, bytes: this.accepted.manifest.streamBytes, signer: this.accepted.signer.name });
    this.checkComplete();
  }
  prepare(verified, landed) {
    const layout = this.store.layout;
    const files = this.accepted.manifest.files;
    this.have = new Bitset(layout.packets);
    this.verified = verified;
    this.landed = landed;
    this.got = new Uint16Array(layout.blocks);
    this.spilled = new Uint8Array(layout.blocks);
    this.needed = new Bitset(layout.blocks);
    this.remaining = new Uint32Array(files.length);
    for (let i = 0; i < files.length; i++) {
      if (landed.has(i))
        continue;
      const [first, last] = layout.fileBlocks(i);
      for (let b = first; b <= last; b++) {
        this.needed.add(b);
        if (!verified.has(b))
          this.remaining[i]++;
      }
    }
    for (let b = 0; b < layout.blocks; b++) {
      if (verified.has(b) || !this.needed.has(b)) {
        const [s, e] = layout.blockPackets(b);
        for (let g = s; g < e; g++)
          this.have.add(g);
        this.got[b] = e - s;
      }
    }
    for (let i = 0; i < files.length; i++)
      if (!landed.has(i) && this.remaining[i] === 0)
        this.landFile(i);
  }
  onData(index, data) {
    if (!this.store) {
      countDrop(this.stats.drops, "no-manifest");
      return this.askManifest();
    }
    const layout = this.store.layout;
    if (index >= layout.packets)
      return countDrop(this.stats.drops, "range");
    if (data.length !== layout.packetLength(index))
      return countDrop(this.stats.drops, "length");
    if (this.have.has(index))
      return void this.stats.duplicates++;
    const m = this.accepted.manifest;
    const b = Math.floor(index / m.packetsPerBlock);
    const k = index - b * m.packetsPerBlock;
    let blk = this.active.get(b);
    if (!blk) {
      if (this.active.size >= (this.o.activeBlocks ?? 64))
        this.spill(this.active.keys().next().value);
      blk = this.freeBlocks.pop() ?? { buf: Buffer.allocUnsafe(layout.blockBytes), fresh: new Uint8Array(m.packetsPerBlock) };
      blk.fresh.fill(0);
      this.active.set(b, blk);
    }
    data.copy(blk.buf, k * m.packetSize);
    blk.fresh[k] = 1;
    this.have.add(index);
    this.stats.dataPackets++;
    this.stats.dataBytes += data.length;
    const [s, e] = layout.blockPackets(b);
    if (++this.got[b] === e - s)
      this.completeBlock(b);
  }
  /** Writes the packets a partial block holds to the spool and frees its buffer. */
  spill(b) {
    const blk = this.active.get(b);
    const P = this.accepted.manifest.packetSize;
    const base = b * this.store.layout.blockBytes;
    let k = 0;
    while (k < blk.fresh.length) {
      if (!blk.fresh[k]) {
        k++;
        continue;
      }
      const start = k;
      while (k < blk.fresh.length && blk.fresh[k])
        k++;
      this.store.write(base + start * P, blk.buf.subarray(start * P, Math.min(k * P, this.store.layout.blockLength(b))));
    }
    this.spilled[b] = 1;
    this.active.delete(b);
    this.freeBlocks.push(blk);
  }
  completeBlock(b) {
    const store = this.store;
    let data;
    if (this.spilled[b]) {
      this.spill(b);
      data = store.readBlock(b);
    } else {
      const blk = this.active.get(b);
      data = blk.buf.subarray(0, store.layout.blockLength(b));
      this.active.delete(b);
      this.freeBlocks.push(blk);
    }
    if (createHash4("sha256").update(data).digest("hex") !== this.accepted.manifest.blocks[b]) {
      this.stats.blocksRejected++;
      countDrop(this.stats.drops, "block-hash");
      const [s, e] = store.layout.blockPackets(b);
      for (let g = s; g < e; g++)
        this.have.delete(g);
      this.got[b] = 0;
      this.spilled[b] = 0;
      return;
    }
    const inMemory = !this.spilled[b];
    this.verified.add(b);
    const start = b * store.layout.blockBytes;
    const files = this.accepted.manifest.files;
    for (const i of store.layout.filesIn(start, start + data.length)) {
      if (this.landed.has(i))
        continue;
      const off = store.layout.offsets[i];
      const from = Math.max(off, start);
      const to = Math.min(off + files[i].size, start + data.length);
      if (inMemory && off >= start && to === off + files[i].size && this.remaining[i] === 1) {
        this.remaining[i] = 0;
        this.landFile(i, data.subarray(off - start, to - start));
        continue;
      }
      if (inMemory)
        store.write(from, data.subarray(from - start, to - start));
      if (--this.remaining[i] === 0)
        this.landFile(i);
    }
    this.checkComplete();
  }
  landFile(i, bytes) {
    if (!(bytes ? this.store.landBytes(i, bytes) : this.store.land(i)))
      return;
    this.landed.add(i);
    this.stats.filesLanded++;
    this.emit("file", this.accepted.manifest.files[i].path);
  }
  checkComplete() {
    if (!this.complete)
      return;
    this.store.close();
    this.emit("complete", { files: this.accepted.manifest.files.length, bytes: this.accepted.manifest.streamBytes });
    this.sendStatus(this.announce.round);
  }
  /** Missing packets of the blocks still needed, as ranges. */
  missingRanges() {
    const out = [];
    const layout = this.store.layout;
    for (const [bs, be] of this.verified.runs(false)) {
      for (let b = bs; b < be; b++) {
        if (!this.needed.has(b))
          continue;
        const [s, e] = layout.blockPackets(b);
        for (const r of this.have.runs(false, s, e)) {
          const last = out[out.length - 1];
          if (last && last[1] === r[0])
            last[1] = r[1];
          else
            out.push([r[0], r[1]]);
        }
      }
    }
    return out;
  }
  missingCount(ranges) {
    return ranges.reduce((n, [s, e]) => n + e - s, 0);
  }
  askManifest() {
    const now = this.o.clock.now();
    if (now - this.manifestNakAt < 100 || !this.manifestHave || this.accepted)
      return;
    this.manifestNakAt = now;
    const ranges = [...this.manifestHave.runs(false)];
    if (ranges.length === 0)
      return;
    for (const d of encodeNaks({ session: this.announce.session, receiver: this.id, round: 0, kind: "manifest", final: false }, ranges, this.o.maxNakBytes ?? 1400)) {
      this.stats.nakDatagrams++;
      this.o.send(d, "group");
    }
  }
  onRoundEnd(p) {
    if (!this.registered && !this.complete)
      this.register();
    if (!this.store)
      return this.askManifest();
    if (this.complete)
      return this.sendStatus(p.round);
    if (p.round !== this.heardRound) {
      this.heardRound = p.round;
      this.heard = new Bitset(this.store.layout.packets);
    }
    this.reportTimer?.cancel();
    const delay = p.final ? 0 : this.random() * p.backoffMs;
    this.reportTimer = this.o.clock.setTimer(() => this.report(p), delay);
  }
  onNak(p) {
    if (p.receiver === this.id || p.kind !== "data" || p.final || !this.heard || p.round !== this.heardRound)
      return;
    for (const [s, e] of p.ranges)
      for (let g = s; g < e && g < this.heard.size; g++)
        this.heard.add(g);
  }
  report(p) {
    if (this.ended || !this.store)
      return;
    const missing = this.missingRanges();
    const total = this.missingCount(missing);
    let toSend = missing;
    if (!p.final && this.heard) {
      toSend = [];
      for (const [s, e] of missing) {
        for (const r of this.heard.runs(false, s, e))
          toSend.push([r[0], r[1]]);
      }
      this.stats.nakPacketsSuppressed += total - this.missingCount(toSend);
    }
    const naks = encodeNaks({ session: p.session, receiver: this.id, round: p.round, kind: "data", final: p.final }, toSend, this.o.maxNakBytes ?? 1400);
    for (const d of naks) {
      this.stats.nakDatagrams++;
      this.o.send(d, p.final ? this.sender : "group");
    }
    if (p.final && naks.length === 0)
      this.sendStatus(p.round);
    else
      this.o.send(encodePacket({ type: "status", session: p.session, receiver: this.id, round: p.round, missingPackets: total, missingFiles: this.landed.size - this.landed.count }), this.sender);
  }
  sendStatus(round) {
    if (!this.announce || !this.sender)
      return;
    const missingFiles = this.landed ? this.landed.size - this.landed.count : 0;
    this.o.send(encodePacket({ type: "status", session: this.announce.session, receiver: this.id, round, missingPackets: this.complete ? 0 : 1, missingFiles }), this.sender);
  }
  finish(reason) {
    if (this.ended)
      return;
    this.ended = true;
    this.reportTimer?.cancel();
    this.idleTimer?.cancel();
    const complete = this.complete;
    if (!complete)
      this.store?.close();
    const m = this.accepted?.manifest;
    const result = { complete, reason, lacking: this.lacking(), files: m?.files.length ?? 0, bytes: m?.streamBytes ?? 0 };
    this.emit("end", result);
    this.resolveDone(result);
  }
};

// packages/transfer/dist/src/protocol/sender.js
import { randomBytes, sign } from "node:crypto";
import { EventEmitter as EventEmitter2 } from "node:events";

// packages/transfer/dist/src/store/block-source.js
import { createHash as createHash5 } from "node:crypto";
import { closeSync as closeSync3, openSync as openSync3, readSync as readSync3 } from "node:fs";
var CACHED_BLOCKS = 16;
var BlockSource = class {
  built;
  layout;
  cache = /* @__PURE__ */ new Map();
  constructor(built) {
    this.built = built;
    this.layout = new StreamLayout(built.manifest);
  }
  /** Block b, verified. */
  block(b) {
    const hit = this.cache.get(b);
    if (hit)
      return hit;
    const len = this.layout.blockLength(b);
    const buf = Buffer.allocUnsafe(len);
    const start = b * this.layout.blockBytes;
    for (const i of this.layout.filesIn(start, start + len)) {
      const off = this.layout.offsets[i];
      const size = this.built.manifest.files[i].size;
      const from = Math.max(start, off);
      const to = Math.min(start + len, off + size);
      const fd = openSync3(this.built.sources[i], "r");
      try {
        let done = 0;
        while (done < to - from) {
          const n = readSync3(fd, buf, from - start + done, to - from - done, from - off + done);
          if (n === 0)
            throw new SourceChangedError(this.built.manifest.files[i].path, `source of '${this.built.manifest.files[i].path}' is shorter than in the manifest`);
          done += n;
        }
      } finally {
        closeSync3(fd);
      }
    }
    if (createHash5("sha256").update(buf).digest("hex") !== this.built.manifest.blocks[b]) {
      const paths = this.layout.filesIn(start, start + len).map((i) => this.built.manifest.files[i].path);
      throw new SourceChangedError(paths[0] ?? "", `block ${b} no longer matches the manifest: a source file changed (${paths.slice(0, 5).join(", ")})`);
    }
    if (this.cache.size >= CACHED_BLOCKS)
      this.cache.delete(this.cache.keys().next().value);
    this.cache.set(b, buf);
    return buf;
  }
};

// packages/transfer/dist/src/protocol/token-bucket.js
var TokenBucket = class {
  clock;
  bitsPerSecond;
  burstBytes;
  tokens;
  last;
  constructor(clock, bitsPerSecond, burstBytes) {
    this.clock = clock;
    this.bitsPerSecond = bitsPerSecond;
    this.burstBytes = burstBytes;
    this.tokens = burstBytes;
    this.last = clock.now();
  }
  refill() {
    const now = this.clock.now();
    this.tokens = Math.min(this.burstBytes, this.tokens + (now - this.last) * this.bitsPerSecond / 8e3);
    this.last = now;
  }
  /** Takes bytes if the bucket holds them now. */
  take(bytes) {
    this.refill();
    if (this.tokens < bytes)
      return false;
    this.tokens -= bytes;
    return true;
  }
  /** Takes bytes even into debt (control packets that cannot wait). */
  force(bytes) {
    this.refill();
    this.tokens -= bytes;
  }
  /** Milliseconds until `bytes` are available (0 when they are). */
  waitMs(bytes) {
    this.refill();
    return this.tokens >= bytes ? 0 : (bytes - this.tokens) * 8e3 / this.bitsPerSecond;
  }
};

// packages/transfer/dist/src/protocol/sender.js
function wireBytes(len, mtu = 1500) {
  return len + 8 + Math.ceil((len + 8) / (mtu - 20)) * 34;
}
var TransferSender = class extends EventEmitter2 {
  o;
  session;
  source;
  bucket;
  mtu;
  manifestSlices;
  manifestQueue;
  repair;
  queued;
  cursor = 0;
  round = 0;
  phase = "idle";
  receivers = /* @__PURE__ */ new Map();
  tickTimer;
  announceTimer;
  phaseTimer;
  startedAt = 0;
  dataStartedAt = 0;
  lastAnnounce = -Infinity;
  silentRounds = 0;
  resolveDone;
  rejectDone;
  /** Resolves when the session ends; rejects when the source changed under it. */
  done;
  stats = { dataPackets: 0, repairPackets: 0, manifestPackets: 0, controlPackets: 0, wireBytes: 0, naks: 0, rounds: 0, firstPassMs: 0, drops: {} };
  constructor(o) {
    super();
    this.o = o;
    if (!(o.rateBps > 0))
      throw new TransferConfigError(`rate ${o.rateBps} bit/s is not positive`);
    this.session = o.session ?? randomBytes(8).readBigUInt64BE(0);
    this.source = new BlockSource(o.built);
    this.mtu = o.mtu ?? 1500;
    const packet = wireBytes(o.built.manifest.packetSize + DATA_HEADER_BYTES, this.mtu);
    this.bucket = new TokenBucket(o.clock, o.rateBps, o.burstBytes ?? Math.max(8 * packet, o.rateBps / 8 / 100));
    this.manifestSlices = Math.ceil(o.wire.bytes.length / o.built.manifest.packetSize);
    this.manifestQueue = new Bitset(this.manifestSlices);
    this.repair = new Bitset(this.source.layout.packets);
    this.queued = new Bitset(this.source.layout.packets);
    this.done = new Promise((resolve, reject) => {
      this.resolveDone = resolve;
      this.rejectDone = reject;
    });
    this.done.catch(() => void 0);
  }
  /** Starts announcing; data follows once the expected receivers registered or the wait ends. */
  start() {
    if (this.phase !== "idle")
      return;
    this.startedAt = this.o.clock.now();
    this.phase = "register";
    this.announce();
    const expected = this.o.receivers ?? 0;
    this.phaseTimer = this.o.clock.setTimer(() => this.beginData(), this.o.registerTimeoutMs ?? (expected > 0 ? 3e4 : 2e3));
    if (this.o.deadlineMs !== void 0)
      this.o.clock.setTimer(() => this.deadline(), this.o.deadlineMs);
  }
  /** Ends the session at once (END 'aborted'). */
  stop() {
    if (this.phase === "done" || this.phase === "idle")
      return;
    this.finish("aborted");
  }
  /** Hands one datagram from the transport to the sender. */
  receive(datagram, from) {
    const p = decodeOrCount(datagram, this.stats.drops);
    if (!p)
      return;
    if (p.session !== this.session)
      return countDrop(this.stats.drops, "session");
    switch (p.type) {
      case "register":
        return this.onRegister(p, from);
      case "nak":
        return this.onNak(p);
      case "status":
        return this.onStatus(p);
      // Our own multicast comes back on loopback; anything else is not for a sender.
      default:
        return countDrop(this.stats.drops, "unsolicited");
    }
  }
  control(datagram, to) {
    this.bucket.force(wireBytes(datagram.length, this.mtu));
    this.stats.controlPackets++;
    this.stats.wireBytes += wireBytes(datagram.length, this.mtu);
    this.o.send(datagram, to);
  }
  announce() {
    if (this.phase === "done")
      return;
    const m = this.o.built.manifest;
    this.lastAnnounce = this.o.clock.now();
    this.control(encodePacket({
      type: "announce",
      session: this.session,
      digest: this.o.wire.digest,
      manifestBytes: this.o.wire.bytes.length,
      packetSize: m.packetSize,
      packetsPerBlock: m.packetsPerBlock,
      totalPackets: this.source.layout.packets,
      streamBytes: m.streamBytes,
      rateKbps: Math.min(4294967295, Math.round(this.o.rateBps / 1e3)),
      group: this.o.group.address,
      port: this.o.group.port,
      round: this.round
    }), "group");
    const every = (this.o.announceIntervalMs ?? 100) * (this.phase === "register" ? 1 : 2);
    this.announceTimer?.cancel();
    this.announceTimer = this.o.clock.setTimer(() => this.announce(), every);
  }
  onRegister(p, from) {
    if (this.phase === "done")
      return;
    try {
      const principal = this.o.verifier.verifyToken(p.token);
      this.o.verifier.verifyCallProof(principal, p.proof, registerAudience(this.session, p.receiver, p.name));
    } catch {
      return countDrop(this.stats.drops, "credential");
    }
    if (receiverId(p.name) !== p.receiver)
      return countDrop(this.stats.drops, "field");
    let r = this.receivers.get(p.receiver);
    if (!r) {
      r = { id: p.receiver, name: p.name, peer: from, complete: false, reportedRound: -1, missing: -1 };
      this.receivers.set(p.receiver, r);
      this.emit("receiver", { name: p.name, id: p.receiver.toString(16), address: from.address });
    } else {
      r.peer = from;
      r.complete = false;
    }
    this.control(encodePacket({ type: "register-ack", session: this.session, receiver: p.receiver }), from);
    if (this.phase === "register" && this.receivers.size >= (this.o.receivers ?? Infinity))
      this.beginData();
  }
  onNak(p) {
    if (this.phase === "done" || this.phase === "register")
      return;
    this.stats.naks++;
    const limit = p.kind === "manifest" ? this.manifestSlices : this.source.layout.packets;
    for (const [s, e] of p.ranges) {
      if (e > limit)
        return countDrop(this.stats.drops, "range");
    }
    const r = this.receivers.get(p.receiver);
    if (p.final && p.kind === "data" && r)
      (r.finalRanges ??= []).push(...p.ranges);
    if (p.final)
      return;
    if (p.kind === "manifest") {
      for (const [s, e] of p.ranges)
        for (let i = s; i < e; i++)
          this.manifestQueue.add(i);
    } else {
      for (const [s, e] of p.ranges) {
        for (let g = s; g < e; g++) {
          if (this.phase === "send" && g >= this.cursor && this.queued.has(g))
            continue;
          this.repair.add(g);
        }
      }
    }
    this.kick();
  }
  onStatus(p) {
    const r = this.receivers.get(p.receiver);
    if (!r)
      return countDrop(this.stats.drops, "unsolicited");
    r.reportedRound = Math.max(r.reportedRound, p.round);
    r.missing = p.missingPackets;
    const wasComplete = r.complete;
    r.complete = p.missingPackets === 0 && p.missingFiles === 0;
    if (r.complete && !wasComplete)
      this.emit("receiver-complete", { name: r.name, id: r.id.toString(16) });
    if (this.phase === "wait" && this.everyoneReported())
      this.nextRound();
    else if (this.phase === "final" && [...this.receivers.values()].every((x) => x.complete || x.finalRanges !== void 0))
      this.finalize();
  }
  everyoneReported() {
    for (const r of this.receivers.values())
      if (!r.complete && r.reportedRound < this.round)
        return false;
    return true;
  }
  /** Every registered receiver is complete (vacuously when none registered: the pass went to whoever listened). */
  allComplete() {
    for (const r of this.receivers.values())
      if (!r.complete)
        return false;
    return true;
  }
  beginData() {
    if (this.phase !== "register")
      return;
    this.phaseTimer?.cancel();
    this.dataStartedAt = this.o.clock.now();
    this.phase = "send";
    for (let i = 0; i < this.manifestSlices; i++)
      this.manifestQueue.add(i);
    for (let g = 0; g < this.source.layout.packets; g++)
      this.queued.add(g);
    this.cursor = 0;
    this.announce();
    this.kick();
  }
  /** Schedules the pacer if it is not running. */
  kick() {
    if (this.tickTimer || this.phase === "done" || this.phase === "idle" || this.phase === "register")
      return;
    this.tickTimer = this.o.clock.setTimer(() => this.tick(), 0);
  }
  tick() {
    this.tickTimer = void 0;
    if (this.phase === "done")
      return;
    const m = this.o.built.manifest;
    try {
      for (; ; ) {
        let datagram;
        let kind = "data";
        const slice = this.manifestQueue.nextSet(0);
        if (slice >= 0) {
          const bytes = this.o.wire.bytes.subarray(slice * m.packetSize, (slice + 1) * m.packetSize);
          if (!this.bucket.take(wireBytes(bytes.length + DATA_HEADER_BYTES, this.mtu)))
            break;
          this.manifestQueue.delete(slice);
          datagram = encodeSlice("manifest", this.session, slice, bytes);
          kind = "manifest";
        } else if (this.phase === "send") {
          const g = this.queued.nextSet(this.cursor);
          if (g < 0) {
            this.endPass();
            break;
          }
          const len = this.source.layout.packetLength(g);
          if (!this.bucket.take(wireBytes(len + DATA_HEADER_BYTES, this.mtu)))
            break;
          this.queued.delete(g);
          this.cursor = g + 1;
          const b = Math.floor(g / m.packetsPerBlock);
          const off = (g - b * m.packetsPerBlock) * m.packetSize;
          datagram = encodeSlice("data", this.session, g, this.source.block(b).subarray(off, off + len));
          kind = this.round === 0 ? "data" : "repair";
        } else {
          return;
        }
        if (kind === "manifest")
          this.stats.manifestPackets++;
        else if (kind === "repair")
          this.stats.repairPackets++;
        else
          this.stats.dataPackets++;
        this.stats.wireBytes += wireBytes(datagram.length, this.mtu);
        this.o.send(datagram, "group");
      }
    } catch (err) {
      this.fail(err);
      return;
    }
    const wait = this.bucket.waitMs(wireBytes(m.packetSize + DATA_HEADER_BYTES, this.mtu));
    if (this.phase === "send" || this.manifestQueue.nextSet(0) >= 0)
      this.tickTimer = this.o.clock.setTimer(() => this.tick(), Math.max(1, Math.ceil(wait)));
  }
  endPass() {
    if (this.allComplete()) {
      this.phase = "wait";
      return this.nextRound();
    }
    if (this.round === 0)
      this.stats.firstPassMs = this.o.clock.now() - this.dataStartedAt;
    this.phase = "wait";
    this.stats.rounds = this.round + 1;
    this.emit("progress", this.progress());
    this.control(encodePacket({ type: "round-end", session: this.session, round: this.round, final: false, backoffMs: this.o.backoffMs ?? 20 }), "group");
    const window = (this.o.reportWindowMs ?? 200) * Math.min(8, 2 ** this.silentRounds);
    this.phaseTimer?.cancel();
    this.phaseTimer = this.o.clock.setTimer(() => this.nextRound(), window);
  }
  nextRound() {
    if (this.phase !== "wait")
      return;
    this.phaseTimer?.cancel();
    if (this.allComplete() && this.manifestQueue.nextSet(0) < 0)
      return this.finish("complete");
    if (this.o.maxRounds !== void 0 && this.round >= this.o.maxRounds)
      return this.finalReports("rounds");
    this.round++;
    this.queued = this.repair.count > 0 ? this.takeRepair() : this.queued;
    this.silentRounds = this.queued.count === 0 ? this.silentRounds + 1 : 0;
    this.cursor = 0;
    this.phase = "send";
    this.kick();
  }
  takeRepair() {
    const next = new Bitset(this.repair.size);
    for (const [s, e] of this.repair.runs(true))
      for (let g = s; g < e; g++) {
        next.add(g);
        this.repair.delete(g);
      }
    return next;
  }
  deadline() {
    if (this.phase === "done")
      return;
    this.finalReports("deadline");
  }
  pendingReason = "complete";
  /** Best effort ends: ask every incomplete receiver for its full list, then end. */
  finalReports(reason) {
    if (this.phase === "done" || this.phase === "final")
      return;
    this.pendingReason = reason;
    this.phase = "final";
    this.tickTimer?.cancel();
    this.tickTimer = void 0;
    this.phaseTimer?.cancel();
    this.round++;
    for (let i = 0; i < 2; i++)
      this.control(encodePacket({ type: "round-end", session: this.session, round: this.round, final: true, backoffMs: this.o.backoffMs ?? 20 }), "group");
    this.phaseTimer = this.o.clock.setTimer(() => this.finalize(), (this.o.reportWindowMs ?? 200) * 2);
  }
  finalize() {
    if (this.phase !== "final")
      return;
    this.finish(this.allComplete() ? "complete" : this.pendingReason);
  }
  outcome(r) {
    const files = this.o.built.manifest.files;
    let lacking = [];
    if (!r.complete) {
      if (r.finalRanges) {
        const idx = /* @__PURE__ */ new Set();
        const m = this.o.built.manifest;
        const layout = this.source.layout;
        for (const [s, e] of r.finalRanges) {
          const from = Math.floor(s / m.packetsPerBlock) * layout.blockBytes;
          const to = Math.min(m.streamBytes, (Math.floor((e - 1) / m.packetsPerBlock) + 1) * layout.blockBytes);
          for (const i of layout.filesIn(from, to))
            idx.add(i);
        }
        lacking = [...idx].sort((a, b) => a - b).map((i) => files[i].path);
      } else {
        lacking = files.map((f) => f.path);
      }
    }
    return { name: r.name, id: r.id.toString(16), address: r.peer.address, complete: r.complete, lacking, reported: r.complete || r.finalRanges !== void 0 };
  }
  progress() {
    return {
      round: this.round,
      dataPackets: this.stats.dataPackets,
      repairPackets: this.stats.repairPackets,
      wireBytes: this.stats.wireBytes,
      receivers: this.receivers.size,
      complete: [...this.receivers.values()].filter((r) => r.complete).length
    };
  }
  stopTimers() {
    this.tickTimer?.cancel();
    this.announceTimer?.cancel();
    this.phaseTimer?.cancel();
    this.tickTimer = void 0;
  }
  endPacket(reason) {
    return encodePacket({ type: "end", session: this.session, reason, signature: sign(null, endMessage(this.session, reason), this.o.credential.signingKey) });
  }
  finish(reason) {
    const end = this.endPacket(reason);
    for (let i = 0; i < 3; i++)
      this.control(end, "group");
    this.phase = "done";
    this.stopTimers();
    this.stats.rounds = Math.max(this.stats.rounds, this.round + 1);
    const now = this.o.clock.now();
    const missingReceivers = Math.max(0, (this.o.receivers ?? 0) - this.receivers.size);
    this.resolveDone({
      complete: reason === "complete" && missingReceivers === 0,
      reason,
      missingReceivers,
      elapsedMs: now - this.startedAt,
      dataStartedMs: this.dataStartedAt ? this.dataStartedAt - this.startedAt : 0,
      receivers: [...this.receivers.values()].map((r) => this.outcome(r)),
      stats: this.stats
    });
  }
  fail(err) {
    const end = this.endPacket("aborted");
    for (let i = 0; i < 3; i++)
      this.o.send(end, "group");
    this.phase = "done";
    this.stopTimers();
    this.rejectDone(err);
  }
};

// packages/transfer/dist/src/udp/udp-transport.js
import { createSocket } from "node:dgram";
import { EventEmitter as EventEmitter3 } from "node:events";
var FOR_SENDER = /* @__PURE__ */ new Set([6, 8, 9]);
var MULTICAST = /^(22[4-9]|23\d)\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
function checkScope(s) {
  if (!MULTICAST.test(s.group))
    throw new TransferConfigError(`group '${s.group}' is not an IPv4 multicast address (224.0.0.0/4)`);
  if (!Number.isInteger(s.port) || s.port < 1 || s.port > 65535)
    throw new TransferConfigError(`port ${s.port} is not in 1..65535`);
  const ttl = s.interface.startsWith("127.") ? 1 : s.ttl ?? 1;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > 255)
    throw new TransferConfigError(`TTL ${s.ttl} is not in 1..255`);
  return { ...s, ttl, bind: s.bind ?? "0.0.0.0", bufferBytes: s.bufferBytes ?? 4 * 1024 * 1024 };
}
function bindSocket(socket, port, address) {
  return new Promise((resolve, reject) => {
    socket.once("error", reject);
    socket.bind({ port, address, exclusive: false }, () => {
      socket.off("error", reject);
      resolve();
    });
  });
}
function tune(socket, scope) {
  socket.setMulticastInterface(scope.interface);
  socket.setMulticastTTL(scope.ttl);
  socket.setMulticastLoopback(scope.interface.startsWith("127."));
  for (const set of [() => socket.setRecvBufferSize(scope.bufferBytes), () => socket.setSendBufferSize(scope.bufferBytes)]) {
    try {
      set();
    } catch {
    }
  }
}
var UdpTransport = class extends EventEmitter3 {
  role;
  groupSocket;
  ownSocket;
  scope;
  /** Datagrams dropped on arrival by the loss simulation (a test aid). */
  loss;
  sendErrors = 0;
  constructor(scope, role, loss) {
    super();
    this.role = role;
    this.scope = checkScope(scope);
    this.loss = loss;
  }
  /** Opens and joins; resolves once the sockets are bound. */
  async start() {
    if (this.groupSocket)
      return;
    const s = this.scope;
    const group = createSocket({ type: "udp4", reuseAddr: true });
    group.on("error", (err) => this.emit("error", err));
    const opened = [group];
    try {
      await bindSocket(group, s.port, s.bind);
      group.addMembership(s.group, s.interface);
      tune(group, s);
      if (this.role === "sender") {
        const own = createSocket({ type: "udp4" });
        own.on("error", (err) => this.emit("error", err));
        opened.push(own);
        await bindSocket(own, 0, s.interface);
        tune(own, s);
        own.on("message", (msg, rinfo) => this.arrive(msg, rinfo));
        this.ownSocket = own;
      }
    } catch (err) {
      for (const socket of opened) {
        try {
          socket.close();
        } catch {
        }
      }
      this.ownSocket = void 0;
      throw err;
    }
    group.on("message", (msg, rinfo) => this.arrive(msg, rinfo));
    this.groupSocket = group;
  }
  arrive(msg, rinfo) {
    if (this.role === "sender" && (msg.length < 4 || !FOR_SENDER.has(msg[3])))
      return;
    if (this.loss?.drop())
      return;
    this.emit("datagram", msg, { address: rinfo.address, port: rinfo.port });
  }
  /** Sends one datagram to the group or a peer; send errors are counted, never thrown. */
  send = (datagram, to) => {
    const socket = this.ownSocket ?? this.groupSocket;
    if (!socket)
      return;
    const [port, address] = to === "group" ? [this.scope.port, this.scope.group] : [to.port, to.address];
    socket.send(datagram, port, address, (err) => {
      if (err)
        this.sendErrors++;
    });
  };
  /** Closes the sockets (idempotent). */
  async stop() {
    const sockets = [this.groupSocket, this.ownSocket].filter((s) => s !== void 0);
    this.groupSocket = this.ownSocket = void 0;
    await Promise.all(sockets.map((s) => new Promise((resolve) => s.close(() => resolve()))));
  }
};

// packages/transfer/dist/src/udp/udp-session.js
async function sendOverUdp(o) {
  const clock = o.clock ?? systemClock;
  const t0 = Date.now();
  const entries = "dir" in o.source ? scanDirectory(o.source.dir) : o.source.entries;
  const built = buildManifest(entries, o);
  const wire = packManifest(o.credential, built.manifest, clock.now());
  const manifestMs = Date.now() - t0;
  const transport = new UdpTransport(o, "sender");
  await transport.start();
  const sender = new TransferSender({
    clock,
    built,
    wire,
    verifier: new CredentialVerifier(o.credential.poolPublicKey, clock),
    credential: o.credential,
    send: transport.send,
    group: { address: o.group, port: o.port },
    rateBps: o.rateBps,
    receivers: o.receivers,
    registerTimeoutMs: o.registerTimeoutMs,
    maxRounds: o.maxRounds,
    deadlineMs: o.deadlineMs,
    reportWindowMs: o.reportWindowMs,
    backoffMs: o.backoffMs,
    announceIntervalMs: o.announceIntervalMs,
    burstBytes: o.burstBytes
  });
  transport.on("datagram", (d, from) => sender.receive(d, from));
  sender.start();
  const stop = async () => {
    sender.stop();
    await transport.stop();
  };
  const done = sender.done.finally(() => transport.stop());
  return { sender, transport, manifestMs, done, stop };
}
async function receiveOverUdp(o) {
  const clock = o.clock ?? systemClock;
  const transport = new UdpTransport(o, "receiver", o.simulateLoss ? new LossFilter(o.simulateLoss) : void 0);
  await transport.start();
  const receiver = new TransferReceiver({
    clock,
    credential: o.credential,
    target: o.target,
    name: o.name,
    send: transport.send,
    sessionIdleMs: o.sessionIdleMs,
    idleTimeoutMs: o.idleTimeoutMs,
    activeBlocks: o.activeBlocks,
    session: o.session,
    accept: o.accept
  });
  transport.on("datagram", (d, from) => receiver.receive(d, from));
  receiver.on("complete", () => clock.setTimer(() => receiver.stop(), o.lingerMs ?? 2e3));
  const done = receiver.done.then(async (r) => {
    await transport.stop();
    return r.complete && r.reason === "stopped" ? { ...r, reason: "complete" } : r;
  });
  return { receiver, transport, done, stop: async () => {
    receiver.stop();
    await done;
  } };
}

// packages/transfer/dist/src/udp/rate.js
var UNITS = { bit: 1, kbit: 1e3, mbit: 1e6, gbit: 1e9, bps: 1, kbps: 1e3, mbps: 1e6, gbps: 1e9 };
function parseRate(text) {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  const unit = m ? m[2] === "" ? 1 : UNITS[m[2].toLowerCase()] : void 0;
  if (!m || unit === void 0 || Number(m[1]) <= 0)
    throw new TransferConfigError(`rate '${text}' is not a positive number with a unit (bit, kbit, mbit, gbit)`);
  return Number(m[1]) * unit;
}

export {
  PART_SUFFIX,
  parseLoss,
  sendOverUdp,
  receiveOverUdp,
  parseRate
};
