// Seed 000 §3.3 on this project's parts: the cache source multicasts a snapshot of its node
// cache (@lama/transfer, a manifest signed by the source node) and every new server receives
// it at once; whatever does not arrive, or is refused, comes from the store afterwards.

import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { receiveOverUdp, sendOverUdp, type SendResult, type SnapshotEntry, type UdpReceive } from '@lama/transfer';
import type { Clock, Credential } from '@lama/lookup';
import { ObjectHashError } from '../errors.js';
import type { CacheSnapshot } from '../site/cache-snapshot.js';
import { cacheName, isExecutable, type NodeCache } from '../site/node-cache.js';
import type { SiteManifest } from '../site/site-manifest.js';

/** Where and how fast a snapshot session runs. */
export interface MulticastScope {
  group: string;
  port: number;
  interface: string;
  rateBitsPerSec: number;
}

/** A snapshot session the source runs, and what it announced. */
export interface SnapshotSession {
  sessionId: string;
  files: number;
  bytes: number;
  done: Promise<SendResult>;
  stop(): Promise<void>;
}

/** Starts multicasting the snapshot's objects (each once, named by its cache name); returns once announcing. */
export async function sendSnapshot(snapshot: CacheSnapshot, scope: MulticastScope, o: { credential: Credential; receivers: number; deadlineMs: number; clock: Clock }): Promise<SnapshotSession> {
  const entries = new Map<string, SnapshotEntry>();
  for (const f of snapshot.files) {
    const name = cacheName(f.sha256, isExecutable(f.mode));
    entries.set(name, { path: name, size: f.size, mode: isExecutable(f.mode) ? 0o555 : 0o444, sha256: f.sha256, source: f.cachePath });
  }
  const files = [...entries.values()];
  const send = await sendOverUdp({
    source: { entries: files }, credential: o.credential, clock: o.clock, group: scope.group, port: scope.port, interface: scope.interface, rateBps: scope.rateBitsPerSec,
    receivers: o.receivers, deadlineMs: o.deadlineMs,
  });
  return { sessionId: send.sender.session.toString(16), files: files.length, bytes: files.reduce((n, f) => n + f.size, 0), done: send.done, stop: send.stop };
}

/** What a receiver took from a session. */
export interface Received {
  /** Objects imported into the cache, and their bytes. */
  objects: number;
  bytes: number;
  /** Why nothing (or not everything) was taken, when so. */
  refused?: string;
}

/**
 * Follows the session and imports every received object the site's manifest wants into the
 * cache (hashed again on import). A manifest signed by another node than the source, a group
 * this node cannot join, or a session that ends incomplete, is not an error: `refused` says
 * why, and what is missing comes from the store.
 */
export async function receiveSnapshot(session: { sessionId: string; sourceNode: string }, scope: Omit<MulticastScope, 'rateBitsPerSec'>, o: {
  credential: Credential; node: string; dir: string; manifest: SiteManifest; cache: NodeCache; timeoutMs: number; clock: Clock; onObject?: (size: number) => void;
}): Promise<Received> {
  rmSync(o.dir, { recursive: true, force: true });
  mkdirSync(o.dir, { recursive: true });
  let refused: string | undefined;
  try {
    let r: UdpReceive;
    try {
      r = await receiveOverUdp({
        credential: o.credential, target: o.dir, name: o.node, clock: o.clock, group: scope.group, port: scope.port, interface: scope.interface,
        session: BigInt(`0x${session.sessionId}`), idleTimeoutMs: Math.min(o.timeoutMs, 10_000), lingerMs: 200,
      });
    } catch (err) {
      // A group this node cannot join (no such interface here, a bad scope) is a failed session, not a failed deployment.
      return { objects: 0, bytes: 0, refused: `could not join the session's group ${scope.group}:${scope.port} on ${scope.interface}: ${(err as Error).message}` };
    }
    r.receiver.on('manifest', (m: { signer: string }) => {
      if (m.signer === session.sourceNode) return;
      refused = `the snapshot is signed by '${m.signer}', not by the cache source '${session.sourceNode}'`;
      void r.stop();
    });
    r.receiver.on('refused', (err: Error) => {
      refused = `the snapshot's manifest was refused: ${err.message}`;
      void r.stop();
    });
    const deadline = o.clock.setTimer(() => void r.stop(), o.timeoutMs);
    const result = await r.done.finally(() => deadline.cancel());
    if (refused) return { objects: 0, bytes: 0, refused };
    const wanted = new Map<string, { sha256: string; executable: boolean }>();
    for (const e of o.manifest.entries) if (e.type === 'file') wanted.set(cacheName(e.sha256, isExecutable(e.mode)), { sha256: e.sha256, executable: isExecutable(e.mode) });
    let objects = 0;
    let bytes = 0;
    for (const name of readdirSync(o.dir)) {
      const w = wanted.get(name);
      if (!w || o.cache.entry(name)) continue;
      const before = o.cache.bytes;
      try {
        await o.cache.importFile(join(o.dir, name), w.sha256, w.executable, { move: true });
      } catch (err) {
        // Bytes that do not hash to their name are refused; the store supplies the object.
        if (!(err instanceof ObjectHashError)) throw err;
        refused = err.message;
        continue;
      }
      objects++;
      bytes += o.cache.bytes - before;
      o.onObject?.(o.cache.bytes - before);
    }
    if (!result.complete) refused ??= `the session ended incomplete (${result.reason}, ${result.lacking.length} files lacking)`;
    return { objects, bytes, ...(refused ? { refused } : {}) };
  } finally {
    rmSync(o.dir, { recursive: true, force: true });
  }
}
