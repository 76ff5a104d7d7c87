import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SiteStore, parseSiteDefinition, serveStore, type StoreServer } from '@lama/agent';
import type { Credential } from '@lama/lookup';

/** The site the demo's streaming nodes are deployed with. */
export const DEMO_SITE = 'radio';
export const DEMO_SITE_VERSION = 1;

/** What the streaming site holds besides its media: how its servers stream. */
export interface StreamingSiteOptions {
  mode: 'icecast' | 'sim';
  /** The port every streaming node listens on, on its own loopback address (`${address}`). */
  port: number;
  mount: string;
  bitsPerSec: number;
  /** HOST:PORT of the icecast source the relays may pull from (icecast mode). */
  source: string;
}

/** A published and served site store. */
export interface DemoStore {
  url: string;
  files: number;
  bytes: number;
  close(): Promise<void>;
}

// A media set of a small station: jingles and programme segments (pseudo-random bytes: nothing
// plays them, they are what a streaming server's disk holds and what a new node's cache needs).
const MEDIA = ['jingle', 'news', 'weather', 'traffic', 'morning', 'noon', 'evening', 'night'];

function bytesOf(name: string, size: number): Buffer {
  const out = Buffer.alloc(size);
  let block = createHash('sha256').update(name).digest();
  for (let at = 0; at < size; at += block.length) {
    block.copy(out, at);
    block = createHash('sha256').update(block).digest();
  }
  return out;
}

/**
 * Writes the streaming site's tree into dir: a media set with its playlist, and the station's
 * description; returns its definition: the tree mapped under /srv/radio and the streaming adapter
 * (icecast2 relays, or sim-stream) with the configuration every node's server needs.
 */
export function writeStreamingSite(dir: string, o: StreamingSiteOptions): unknown {
  const media = join(dir, 'media');
  mkdirSync(media, { recursive: true });
  const names: string[] = [];
  MEDIA.forEach((kind, i) => {
    for (const part of [1, 2]) {
      const name = `${kind}-${part}.ogg`;
      writeFileSync(join(media, name), bytesOf(name, 4096 * (1 + ((i * 2 + part) % 7))));
      names.push(name);
    }
  });
  writeFileSync(join(media, 'playlist.m3u'), `#EXTM3U\n${names.join('\n')}\n`);
  mkdirSync(join(dir, 'conf'), { recursive: true });
  writeFileSync(join(dir, 'conf', 'station.json'), `${JSON.stringify({ name: 'LAMA demo radio', mount: o.mount, bitsPerSec: o.bitsPerSec, playlist: 'media/playlist.m3u' }, null, 2)}\n`);
  const listen = `\${address}:${o.port}`;
  const stream = o.mode === 'icecast'
    // A relay of the live source: icecast2 retries a failed pull every 2 s and pulls from the demo's source only.
    ? { name: 'stream', type: 'icecast', options: { listen, mounts: [o.mount], relayRetrySeconds: 2, relaySources: [o.source] } }
    : { name: 'stream', type: 'sim-stream', options: { listen, mount: o.mount, bitsPerSec: o.bitsPerSec } };
  return {
    mapping: [
      { shared: 'media', local: '/srv/radio/media', policy: 'mkdir' },
      { shared: 'conf', local: '/srv/radio/conf', policy: 'mklink' },
    ],
    adapters: [stream],
    hot: ['media'],
  };
}

/** Publishes the streaming site into storeDir (signed by a controller) and serves the store on 127.0.0.1. */
export async function publishStreamingSite(treeDir: string, storeDir: string, publisher: Credential, o: StreamingSiteOptions): Promise<DemoStore> {
  const definition = parseSiteDefinition(writeStreamingSite(treeDir, o), 'the demo\'s streaming site');
  const r = await new SiteStore(storeDir).publish(treeDir, DEMO_SITE, publisher, { version: DEMO_SITE_VERSION, definition });
  const server: StoreServer = await serveStore(storeDir, { host: '127.0.0.1', port: 0 });
  return { url: server.url, files: r.files, bytes: r.bytes, close: () => server.close() };
}
