import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { signDocument, verifyDocument, type Credential, type CredentialVerifier, type Principal } from '@lama/lookup/trust';
import { ManifestError, SourceChangedError, TransferConfigError, UnsafePathError } from '../errors.js';
import { checkRelativePath } from './safe-path.js';

/** The document kind a transfer manifest is signed as. */
export const MANIFEST_KIND = 'transfer-manifest';
/** Default payload of one datagram: 1,440 bytes + 16 of header + 28 of IP/UDP fits a 1,500-byte MTU. */
export const DEFAULT_PACKET_SIZE = 1440;
/** Default packets per hashed block: 45 × 1,440 = 64,800 bytes. */
export const DEFAULT_PACKETS_PER_BLOCK = 45;
const MAX_FILES = 1_000_000;
const MAX_MANIFEST_CHARS = 256 * 1024 * 1024;
const SHA256 = /^[0-9a-f]{64}$/;

/** One file of a snapshot as the manifest lists it. */
export interface ManifestFile {
  path: string;
  size: number;
  mode: number;
  sha256: string;
}

/**
 * What a session carries: the files packed back to back, in this order, into one stream of
 * blocks of packetSize × packetsPerBlock bytes, each block's sha256 listed.
 */
export interface TransferManifest {
  v: 1;
  packetSize: number;
  packetsPerBlock: number;
  streamBytes: number;
  files: ManifestFile[];
  blocks: string[];
}

/** A file to send: where it lands (relative path), what it is, and where to read it. */
export interface SnapshotEntry {
  path: string;
  size: number;
  mode: number;
  /** When given, checked while the manifest is built. */
  sha256?: string;
  /** Absolute path of the file to read. */
  source: string;
}

/** Layout options of a manifest. */
export interface LayoutOptions {
  packetSize?: number;
  packetsPerBlock?: number;
}

/** A manifest plus the source of each of its files, in the same order. */
export interface BuiltManifest {
  manifest: TransferManifest;
  sources: string[];
}

/** The block size in bytes. */
export function blockSize(m: Pick<TransferManifest, 'packetSize' | 'packetsPerBlock'>): number {
  return m.packetSize * m.packetsPerBlock;
}

/** Packets in the whole stream. */
export function totalPackets(m: Pick<TransferManifest, 'packetSize' | 'streamBytes'>): number {
  return Math.ceil(m.streamBytes / m.packetSize);
}

function checkLayout(packetSize: number, packetsPerBlock: number): void {
  if (!Number.isInteger(packetSize) || packetSize < 256 || packetSize > 8192) throw new TransferConfigError(`packet size ${packetSize} is not an integer in 256..8192`);
  if (!Number.isInteger(packetsPerBlock) || packetsPerBlock < 1 || packetsPerBlock > 1024) throw new TransferConfigError(`packets per block ${packetsPerBlock} is not an integer in 1..1024`);
}

/**
 * Reads every entry once: hashes each file and each block of the packed stream. An entry whose
 * size or given sha256 does not match its source is a SourceChangedError.
 */
export function buildManifest(entries: readonly SnapshotEntry[], options: LayoutOptions = {}): BuiltManifest {
  const packetSize = options.packetSize ?? DEFAULT_PACKET_SIZE;
  const packetsPerBlock = options.packetsPerBlock ?? DEFAULT_PACKETS_PER_BLOCK;
  checkLayout(packetSize, packetsPerBlock);
  const bsize = packetSize * packetsPerBlock;
  const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  checkFileList(sorted);
  const files: ManifestFile[] = [];
  const blocks: string[] = [];
  let block = createHash('sha256');
  let inBlock = 0;
  let streamBytes = 0;
  const buf = Buffer.allocUnsafe(1 << 20);
  for (const e of sorted) {
    const st = statSync(e.source);
    if (!st.isFile() || st.size !== e.size) throw new SourceChangedError(e.path, `source ${e.source} of '${e.path}' is ${st.isFile() ? `${st.size} bytes, not ${e.size}` : 'not a regular file'}`);
    const fileHash = createHash('sha256');
    const fd = openSync(e.source, 'r');
    try {
      let left = e.size;
      while (left > 0) {
        const n = readSync(fd, buf, 0, Math.min(buf.length, left), null);
        if (n === 0) throw new SourceChangedError(e.path, `source ${e.source} of '${e.path}' ended early`);
        left -= n;
        fileHash.update(buf.subarray(0, n));
        let at = 0;
        while (at < n) {
          const take = Math.min(n - at, bsize - inBlock);
          block.update(buf.subarray(at, at + take));
          at += take;
          inBlock += take;
          if (inBlock === bsize) {
            blocks.push(block.digest('hex'));
            block = createHash('sha256');
            inBlock = 0;
          }
        }
      }
    } finally {
      closeSync(fd);
    }
    const sha256 = fileHash.digest('hex');
    if (e.sha256 !== undefined && e.sha256 !== sha256) throw new SourceChangedError(e.path, `source ${e.source} of '${e.path}' does not match its sha256`);
    files.push({ path: e.path, size: e.size, mode: e.mode & 0o777, sha256 });
    streamBytes += e.size;
  }
  if (inBlock > 0) blocks.push(block.digest('hex'));
  return { manifest: { v: 1, packetSize, packetsPerBlock, streamBytes, files, blocks }, sources: sorted.map((e) => e.source) };
}

function checkFileList(files: readonly { path: string }[]): void {
  const paths = new Set<string>();
  for (const f of files) {
    checkRelativePath(f.path);
    if (paths.has(f.path)) throw new UnsafePathError(f.path, 'listed twice');
    paths.add(f.path);
  }
  // A file cannot also be a directory of another file.
  for (const f of files) {
    const segments = f.path.split('/');
    for (let i = 1; i < segments.length; i++) {
      const dir = segments.slice(0, i).join('/');
      if (paths.has(dir)) throw new UnsafePathError(f.path, `'${dir}' is listed as a file`);
    }
  }
}

/** Checks the shape and the arithmetic of a manifest body from a verified document. */
export function checkManifest(value: unknown): TransferManifest {
  const fail = (why: string): never => {
    throw new ManifestError(`manifest body refused: ${why}`);
  };
  if (typeof value !== 'object' || value === null) fail('not an object');
  const m = value as Record<string, unknown>;
  if (m.v !== 1) fail("field 'v' is not 1");
  const packetSize = m.packetSize as number;
  const packetsPerBlock = m.packetsPerBlock as number;
  try {
    checkLayout(packetSize, packetsPerBlock);
  } catch (err) {
    fail((err as Error).message);
  }
  if (!Number.isSafeInteger(m.streamBytes) || (m.streamBytes as number) < 0) fail("field 'streamBytes' is not a size");
  if (!Array.isArray(m.files) || m.files.length > MAX_FILES) fail(`field 'files' is not a list of at most ${MAX_FILES}`);
  if (!Array.isArray(m.blocks)) fail("field 'blocks' is not a list");
  let sum = 0;
  for (const f of m.files as unknown[]) {
    const e = f as Record<string, unknown>;
    if (typeof e !== 'object' || e === null || typeof e.path !== 'string') fail('a file entry has no path');
    if (!Number.isSafeInteger(e.size) || (e.size as number) < 0) fail(`'${e.path}': size is not a size`);
    if (!Number.isInteger(e.mode) || (e.mode as number) < 0 || (e.mode as number) > 0o777) fail(`'${e.path}': mode is not in 0..0777`);
    if (typeof e.sha256 !== 'string' || !SHA256.test(e.sha256)) fail(`'${e.path}': sha256 is not 64 hex digits`);
    sum += e.size as number;
  }
  checkFileList(m.files as ManifestFile[]);
  if (sum !== m.streamBytes) fail(`the files add up to ${sum} bytes, not streamBytes ${m.streamBytes}`);
  const expectBlocks = Math.ceil(sum / (packetSize * packetsPerBlock));
  if ((m.blocks as unknown[]).length !== expectBlocks) fail(`${(m.blocks as unknown[]).length} block hashes for ${expectBlocks} blocks`);
  for (const h of m.blocks as unknown[]) if (typeof h !== 'string' || !SHA256.test(h)) fail('a block hash is not 64 hex digits');
  if (Math.ceil(sum / packetSize) > 0xffffffff) fail('too many packets');
  return value as TransferManifest;
}

/** The signed manifest as it travels: deflated JSON of the signed document, and its sha256. */
export interface WireManifest {
  bytes: Buffer;
  digest: Buffer;
}

/** Signs a manifest with the sender's pool credential and packs it for the wire. */
export function packManifest(credential: Credential, manifest: TransferManifest, now = Date.now()): WireManifest {
  const doc = signDocument(credential, MANIFEST_KIND, manifest, now);
  const bytes = deflateRawSync(Buffer.from(JSON.stringify(doc), 'utf8'));
  return { bytes, digest: createHash('sha256').update(bytes).digest() };
}

/** A manifest a receiver accepted, with who signed it and the sha256 of its body (stable across senders). */
export interface AcceptedManifest {
  manifest: TransferManifest;
  signer: Principal;
  bodyDigest: string;
}

/**
 * Unpacks and verifies a manifest from the wire: its digest, its signature against the pool key
 * (kind transfer-manifest), then its shape and paths. Throws ManifestError or UnsafePathError.
 */
export function unpackManifest(verifier: CredentialVerifier, bytes: Buffer, digest: Buffer): AcceptedManifest {
  if (!createHash('sha256').update(bytes).digest().equals(digest)) throw new ManifestError('manifest bytes do not match the announced digest');
  let doc: unknown;
  try {
    doc = JSON.parse(inflateRawSync(bytes, { maxOutputLength: MAX_MANIFEST_CHARS }).toString('utf8'));
  } catch (err) {
    throw new ManifestError(`manifest does not inflate to JSON: ${(err as Error).message}`);
  }
  let verified;
  try {
    verified = verifyDocument(verifier, doc, { kind: MANIFEST_KIND, maxChars: MAX_MANIFEST_CHARS });
  } catch (err) {
    throw new ManifestError(`manifest signature refused: ${(err as Error).message}`);
  }
  const manifest = checkManifest(verified.body);
  const body = (doc as { body: string }).body;
  return { manifest, signer: verified.signer, bodyDigest: createHash('sha256').update(body).digest('hex') };
}
