import { expect } from 'chai';
import { readdirSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { systemClock } from '@lama/lookup';
import { sendOverUdp } from '@lama/transfer';
import { receiveSnapshot, sendSnapshot } from '../src/deploy/cache-multicast.js';
import { NodeCache, cacheName } from '../src/site/node-cache.js';
import { StoreClient } from '../src/site/store-client.js';
import { SiteNode, SiteStore, parseSiteDefinition, serveStore, type SiteManifest, type StoreServer } from '../src/index.js';
import { makePool, tempDir, writeSiteTree } from './site-fixtures.js';

// Seed 000 §3.3 on the node: a cache snapshot lands straight in the receiving node's cache
// (loopback multicast, TTL 1), each object hashed once, on landing; a source whose signed
// manifest lists bytes under another object's name is refused before anything is written.
const GROUP = '239.255.77.137';
const scope = (port: number) => ({ group: GROUP, port, interface: '127.0.0.1' });
const files = (dir: string): string[] => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => !d.isDirectory()).map((d) => d.name).sort();

describe('cache multicast into the node cache', function () {
  this.timeout(30_000);
  const { controller, agent, verifier } = makePool();
  const dirs: string[] = [];
  let server: StoreServer;
  let source: SiteNode;
  let manifest: SiteManifest;

  before(async () => {
    const [storeDir, tree, state] = [await tempDir('store'), await tempDir('tree'), await tempDir('source')];
    dirs.push(storeDir, tree, state);
    await writeSiteTree(tree);
    await new SiteStore(storeDir).publish(tree, 'site', controller, { definition: parseSiteDefinition({}) });
    server = await serveStore(storeDir, { host: '127.0.0.1', port: 0 });
    source = await SiteNode.open({ dir: state, verifier, fsync: false });
    await source.pull({ url: server.url }, 'site');
    manifest = await source.cache.manifest('site', 1);
  });
  after(async () => {
    await source.close();
    await server.close();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  const receiver = async (): Promise<SiteNode> => {
    const dir = await tempDir('receiver');
    dirs.push(dir);
    return SiteNode.open({ dir, verifier });
  };

  it('the objects land in the cache in place: each taken once, the replica builds from them, no part file or landing mark left', async () => {
    const node = await receiver();
    const session = await sendSnapshot(await source.snapshot('site'), { ...scope(17138), rateBitsPerSec: 50_000_000 }, { credential: agent, receivers: 1, deadlineMs: 20_000, clock: systemClock });
    let counted = 0;
    const got = await receiveSnapshot({ sessionId: session.sessionId, sourceNode: 'node-1' }, scope(17138), {
      credential: agent, node: 'node-9', manifest, cache: node.cache, timeoutMs: 20_000, clock: systemClock, onObject: () => counted++,
    });
    await session.done;
    // copy.bin and logo.bin are the same bytes: one object; setup.sh is executable: '.x'.
    expect(got).to.deep.equal({ objects: 3, bytes: manifest.entries.filter((e) => e.type === 'file' && e.path !== 'htdocs/copy.bin').reduce((n, e) => n + (e.type === 'file' ? e.size : 0), 0) });
    expect(counted).to.equal(3);
    expect(node.cache.names().sort()).to.deep.equal(source.cache.names().sort());
    expect(files(node.cache.objectsDir)).to.deep.equal(node.cache.names().sort());
    expect(files(join(node.cache.objectsDir, '..')).filter((n) => n === 'landing')).to.deep.equal([]);
    const replica = await node.materializeManifest(manifest);
    expect(replica.version).to.equal(1);
    await node.close();
  });

  it('a snapshot signed by the source but listing other bytes under an object\'s name is refused: nothing written, all from the store', async () => {
    const node = await receiver();
    const snap = await source.snapshot('site');
    const plain = snap.files.filter((f) => f.mode === 0o644);
    const a = plain[0];
    const b = plain.find((f) => f.sha256 !== a.sha256)!;
    // a's bytes (and their true hash, so the transfer itself would land them) under b's object name.
    const lie = cacheName(b.sha256, false);
    const send = await sendOverUdp({
      source: { entries: [{ path: NodeCache.landingPath(lie), size: a.size, mode: 0o444, sha256: a.sha256, source: a.cachePath }] },
      credential: agent, clock: systemClock, ...scope(17139), rateBps: 50_000_000, receivers: 1, deadlineMs: 5000,
    });
    const got = await receiveSnapshot({ sessionId: send.sender.session.toString(16), sourceNode: 'node-1' }, scope(17139), {
      credential: agent, node: 'node-9', manifest, cache: node.cache, timeoutMs: 5000, clock: systemClock,
    });
    await send.stop();
    expect(got.objects).to.equal(0);
    expect(got.refused).to.match(new RegExp(`the snapshot's entry '${NodeCache.landingPath(lie)}' .* is not the object ${lie} of the site's manifest`));
    expect(node.cache.names()).to.deep.equal([]);
    expect(files(node.cache.objectsDir)).to.deep.equal([]);
    await node.fetchObjects(new StoreClient({ url: server.url }), manifest);
    expect(node.cache.names().sort()).to.deep.equal(source.cache.names().sort());
    await node.close();
  });

  it('after a crash during a landing, the cache drops an object that is not whole and the part files', async () => {
    const dir = await tempDir('crashed');
    dirs.push(dir);
    let node = await SiteNode.open({ dir, verifier, fsync: false });
    await node.fetchObjects(new StoreClient({ url: server.url }), manifest);
    const [good, bad] = node.cache.names().sort();
    await node.close();
    // As a power cut could leave it: the mark, an object visible but not synced, a part file.
    await writeFile(join(dir, 'cache', 'landing'), '');
    await rm(join(dir, 'cache', 'objects', NodeCache.landingPath(bad)), { force: true });
    await writeFile(join(dir, 'cache', 'objects', NodeCache.landingPath(bad)), '');
    await writeFile(join(dir, 'cache', 'objects', bad.slice(0, 2), `.${bad}.lama-part`), 'half');
    node = await SiteNode.open({ dir, verifier, fsync: false });
    expect(node.cache.names()).to.include(good).and.not.include(bad);
    expect(files(join(dir, 'cache', 'objects'))).to.not.include(`.${bad}.lama-part`);
    expect(files(join(dir, 'cache')).includes('landing')).to.equal(false);
    await node.close();
  });
});
