// Seed 000 §3.3 on this project's parts: the cache source multicasts a snapshot of its node
// cache (@lama/transfer, a manifest signed by the source node) and every new server receives
// it at once; whatever does not arrive, or is refused, comes from the store afterwards.

import { receiveOverUdp, sendOverUdp, type AcceptedManifest, type SendResult, type SnapshotEntry, type UdpReceive } from '@lama/transfer';
import type { Clock, Credential, CredentialVerifier } from '@lama/lookup';
import { CacheFullError, CacheSourceError, ObjectHashError } from '../errors.js';
import type { CacheSnapshot } from '../site/cache-snapshot.js';
import { NodeCache, cacheName, isExecutable } from '../site/node-cache.js';
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

/** Starts multicasting the snapshot's objects (each once, under its place in a cache); returns once announcing. */
export async function sendSnapshot(snapshot: CacheSnapshot, scope: MulticastScope, o: { credential: Credential; verifier?: CredentialVerifier; receivers: number; deadlineMs: number; clock: Clock }): Promise<SnapshotSession> {
  const entries = new Map<string, SnapshotEntry>();
  for (const f of snapshot.files) {
    const name = cacheName(f.sha256, isExecutable(f.mode));
    // Sent under the object's own place in a cache (FAN/NAME): receivers land it there directly.
    entries.set(name, { path: NodeCache.landingPath(name), size: f.size, mode: isExecutable(f.mode) ? 0o555 : 0o444, sha256: f.sha256, source: f.cachePath });
  }
  const files = [...entries.values()];
  const send = await sendOverUdp({
    source: { entries: files }, credential: o.credential, verifier: o.verifier, clock: o.clock, group: scope.group, port: scope.port, interface: scope.interface, rateBps: scope.rateBitsPerSec,
    receivers: o.receivers, deadlineMs: o.deadlineMs,
  });
  return { sessionId: send.sender.session.toString(16), files: files.length, bytes: files.reduce((n, f) => n + f.size, 0), done: send.done, stop: send.stop };
}

/** What a receiver took from a session. */
export interface Received {
  /** Objects taken into the cache, and their bytes. */
  objects: number;
  bytes: number;
  /** Why nothing (or not everything) was taken, when so. */
  refused?: string;
}

/**
 * Follows the session and lands the objects the site's manifest wants straight in the cache
 * (objects/FAN/NAME): the transfer hashes each file against its entry on landing, and its
 * manifest, signed by the source, is checked before anything is written: each entry must be
 * an object of the site's manifest under its own name, size and mode. Objects the cache holds
 * and objects the site does not want are skipped. A manifest signed by another node than the
 * source, a group this node cannot join, or a session that ends incomplete, is not an error:
 * `refused` says why, and what is missing comes from the store.
 */
export async function receiveSnapshot(session: { sessionId: string; sourceNode: string }, scope: Omit<MulticastScope, 'rateBitsPerSec'>, o: {
  credential: Credential; verifier?: CredentialVerifier; node: string; manifest: SiteManifest; cache: NodeCache; timeoutMs: number; clock: Clock; onObject?: (size: number) => void;
}): Promise<Received> {
  const cache = o.cache;
  const site = new Map<string, { sha256: string; size: number; mode: number }>();
  for (const e of o.manifest.entries) {
    if (e.type === 'file') site.set(cacheName(e.sha256, isExecutable(e.mode)), { sha256: e.sha256, size: e.size, mode: isExecutable(e.mode) ? 0o555 : 0o444 });
  }
  let missingBytes = 0;
  for (const [name, w] of site) if (!cache.entry(name)) missingBytes += w.size;
  let unreserve: () => void;
  try {
    unreserve = await cache.beginLanding(missingBytes, new Set(site.keys()));
  } catch (err) {
    if (!(err instanceof CacheFullError)) throw err;
    return { objects: 0, bytes: 0, refused: err.message };
  }
  let refused: string | undefined;
  let landing: { name: string; size: number }[] = [];
  try {
    const accept = (m: AcceptedManifest): number[] => {
      if (m.signer.name !== session.sourceNode) throw new CacheSourceError(`the snapshot is signed by '${m.signer.name}', not by the cache source '${session.sourceNode}'`);
      const skip: number[] = [];
      m.manifest.files.forEach((f, i) => {
        const name = f.path.slice(f.path.indexOf('/') + 1);
        const w = site.get(name);
        if (!w || cache.entry(name)) return void skip.push(i);
        if (f.path !== NodeCache.landingPath(name) || f.sha256 !== w.sha256 || f.size !== w.size || f.mode !== w.mode) {
          throw new ObjectHashError(`the snapshot's entry '${f.path}' (sha256 ${f.sha256}, ${f.size} bytes, mode ${f.mode.toString(8)}) is not the object ${name} of the site's manifest`);
        }
        landing.push({ name, size: f.size });
      });
      return skip;
    };
    let r: UdpReceive;
    try {
      r = await receiveOverUdp({
        credential: o.credential, verifier: o.verifier, target: cache.objectsDir, name: o.node, clock: o.clock, group: scope.group, port: scope.port, interface: scope.interface,
        session: BigInt(`0x${session.sessionId}`), idleTimeoutMs: Math.min(o.timeoutMs, 10_000), lingerMs: 200, accept,
      });
    } catch (err) {
      // A group this node cannot join (no such interface here, a bad scope) is a failed session, not a failed deployment.
      return { objects: 0, bytes: 0, refused: `could not join the session's group ${scope.group}:${scope.port} on ${scope.interface}: ${(err as Error).message}` };
    }
    r.receiver.on('refused', (err: Error) => {
      refused = err instanceof CacheSourceError ? err.message : `the snapshot's manifest was refused: ${err.message}`;
      landing = [];
      void r.stop();
    });
    r.receiver.on('file', (path: string) => o.onObject?.(site.get(path.slice(path.indexOf('/') + 1))?.size ?? 0));
    const deadline = o.clock.setTimer(() => void r.stop(), o.timeoutMs);
    const result = await r.done.finally(() => deadline.cancel());
    const lacking = new Set(result.lacking);
    const taken = await cache.endLanding(landing.filter((l) => !lacking.has(NodeCache.landingPath(l.name))));
    if (!refused && !result.complete) refused = `the session ended incomplete (${result.reason}, ${result.lacking.length} files lacking)`;
    return { objects: taken.length, bytes: taken.reduce((n, t) => n + t.size, 0), ...(refused ? { refused } : {}) };
  } finally {
    unreserve();
  }
}
