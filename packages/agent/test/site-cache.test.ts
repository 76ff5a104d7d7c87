import { expect } from 'chai';
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { createPoolKey, issueCredential, signDocument } from '@lama/lookup';
import {
  CacheFullError, ObjectHashError, SiteManifestError, SiteNode, SiteNotFoundError, SiteStore, StoreFetchError, UnsafePathError, serveStore, type StoreServer,
} from '../src/index.js';
import { describeTree, faultyStore, makePool, tempDir, writeSiteTree } from './site-fixtures.js';

const FAST = { attempts: 3, backoffMs: 10, maxBackoffMs: 20, timeoutMs: 300 };

describe('node cache and replica: pull, materialize, evict', () => {
  const { controller, verifier } = makePool();
  let storeDir: string;
  let tree: string;
  let state: string;
  let server: StoreServer;
  let node: SiteNode | undefined;

  beforeEach(async () => {
    storeDir = await tempDir('store');
    tree = await tempDir('tree');
    state = await tempDir('node');
    await writeSiteTree(tree);
    await new SiteStore(storeDir).publish(tree, 'site', controller);
    server = await serveStore(storeDir, { host: '127.0.0.1', port: 0 });
  });
  afterEach(async () => {
    await node?.close();
    node = undefined;
    await server.close();
    for (const d of [storeDir, tree, state]) await rm(d, { recursive: true, force: true });
  });

  const open = async (limit?: number): Promise<SiteNode> => {
    await node?.close();
    node = await SiteNode.open({ dir: state, verifier, cacheLimitBytes: limit, fsync: false });
    return node;
  };
  const objectFiles = async (): Promise<string[]> => {
    const dir = join(state, 'cache/objects');
    const out: string[] = [];
    for (const fan of await readdir(dir)) out.push(...await readdir(join(dir, fan)));
    return out.sort();
  };

  it('pulls the latest version into a replica made of hard links to verified, read-only cache objects', async () => {
    const n = await open();
    const r = await n.pull({ url: server.url }, 'site');
    expect(r).to.include({ version: 1, files: 4, objectsFetched: 3, objectsCached: 0 });
    expect(r.path).to.equal(join(state, 'replicas/site/current'));
    expect(await describeTree(r.path)).to.deep.equal(await describeTree(tree));
    const logo = await stat(join(r.path, 'htdocs/img/logo.bin'));
    // The replica's file and the copy with the same bytes are the cache's one inode: no byte copied twice.
    expect(logo.ino).to.equal((await stat(join(r.path, 'htdocs/copy.bin'))).ino);
    expect(logo.nlink).to.equal(3);
    expect(logo.mode & 0o777).to.equal(0o444);
    expect((await stat(join(r.path, 'bin/setup.sh'))).mode & 0o777).to.equal(0o555);
    expect(await objectFiles()).to.have.length(3);
  });

  it('a new version fetches only what changed, switches atomically, and removes the unused old tree; the cache survives a restart', async () => {
    let n = await open();
    const v1 = await n.pull({ url: server.url }, 'site');
    await writeFile(join(tree, 'htdocs/index.html'), '<h1>v2</h1>\n');
    await new SiteStore(storeDir).publish(tree, 'site', controller);
    const sent = server.stats.bytes;
    const v2 = await n.pull({ url: server.url }, 'site');
    expect(v2).to.include({ version: 2, objectsFetched: 1, objectsCached: 2, path: v1.path });
    expect(v2.tree).to.not.equal(v1.tree);
    expect(server.stats.bytes - sent).to.be.below(20_000);
    expect(await readFile(join(v2.path, 'index.html'), 'utf8')).to.equal('<h1>v2</h1>\n');
    expect(await stat(v1.tree).catch(() => 'gone')).to.equal('gone');
    // Back to version 1 from the cache alone, after a restart that kept every object and its last use.
    const uses = new Map(n.cache.names().map((name) => [name, n.cache.entry(name)?.lastUsed]));
    n = await open();
    expect(n.cache.names()).to.have.length(4);
    for (const name of n.cache.names()) expect(n.cache.entry(name)?.lastUsed, name).to.equal(uses.get(name));
    await server.close();
    const back = await n.materialize('site', 1);
    expect(await readFile(join(back.path, 'index.html'), 'utf8')).to.equal('<h1>site v1</h1>\n');
    server = await serveStore(storeDir, { host: '127.0.0.1', port: 0 });
  });

  it('evicts least recently used objects no replica uses to stay under the size limit', async () => {
    // v1 holds ~200 kB; versions 2, 3 and 4 each bring a new 300 kB logo; the limit holds v1's objects and two logos.
    const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
    let n = await open(1_000_000);
    await n.pull({ url: server.url }, 'site');
    const logos = [1, 2, 3].map((i) => Buffer.alloc(300_000, i));
    for (const logo of logos) {
      await writeFile(join(tree, 'htdocs/img/logo.bin'), logo);
      await new SiteStore(storeDir).publish(tree, 'site', controller);
      await n.pull({ url: server.url }, 'site');
      expect(n.cache.bytes).to.be.at.most(1_000_000);
    }
    const held = await objectFiles();
    // Version 2's logo was the least recently used object that no replica links: it went; version 3's stayed.
    expect(held).to.not.include(sha(logos[0] as Buffer));
    expect(held).to.include.members([sha(logos[1] as Buffer), sha(logos[2] as Buffer)]);
    expect(await describeTree((await n.current('site'))!.path)).to.deep.equal(await describeTree(tree));
    // A version that cannot fit beside what the current replica holds: refused, naming the object; the replica stays.
    await writeFile(join(tree, 'htdocs/big.bin'), Buffer.alloc(600_000, 4));
    await new SiteStore(storeDir).publish(tree, 'site', controller);
    n = await open(1_000_000);
    let err: unknown;
    await n.pull({ url: server.url }, 'site').catch((e: unknown) => { err = e; });
    expect(err).to.be.instanceOf(CacheFullError);
    expect((err as Error).message).to.match(/cache limit of 1000000 bytes cannot take object [0-9a-f]{64} \(600000 bytes\)/);
    expect((await n.current('site'))?.version).to.equal(4);
    expect(n.cache.bytes).to.be.at.most(1_000_000);
  });

  it('refuses a manifest of another pool or a tampered one before any object is fetched', async () => {
    const faulty = await faultyStore(storeDir, {});
    try {
      const n = await open();
      const manifestPath = join(storeDir, 'sites/site/1.json');
      const good = await readFile(manifestPath, 'utf8');
      const doc = JSON.parse(good);
      // Another pool's controller signs the same body.
      const foreign = issueCredential(createPoolKey(), { name: 'mallory', roles: ['controller'] });
      const cases: [string, RegExp][] = [
        [JSON.stringify(signDocument(foreign, 'site-manifest', JSON.parse(doc.body))), /credential 'mallory' belongs to another pool/],
        [JSON.stringify({ ...doc, body: doc.body.replace('"mode":493', '"mode":2541') }), /does not verify/],
        ['{not json', /not valid JSON/],
      ];
      for (const [text, message] of cases) {
        await writeFile(manifestPath, text);
        let err: unknown;
        await n.pull({ url: faulty.url, ...FAST }, 'site', 1).catch((e: unknown) => { err = e; });
        expect((err as Error)?.message, String(message)).to.match(message);
      }
      expect(faulty.objectRequests).to.equal(0);
      expect(await n.current('site')).to.equal(undefined);
      await writeFile(manifestPath, good);
    } finally {
      await faulty.close();
    }
  });

  it('refuses a manifest that asks for another site or version, or whose paths are absolute, have .. or escape through symlinks', async () => {
    const n = await open();
    const manifestPath = join(storeDir, 'sites/site/1.json');
    const body = JSON.parse(JSON.parse(await readFile(manifestPath, 'utf8')).body);
    const variants: [unknown, Function, RegExp][] = [
      [{ ...body, version: 2 }, SiteManifestError, /is version 2, expected 1/],
      [{ ...body, entries: [...body.entries, { path: '/etc/cron.d/x', type: 'dir', mode: 493 }] }, UnsafePathError, /is absolute/],
      [{ ...body, entries: [...body.entries, { path: 'htdocs/../../x', type: 'dir', mode: 493 }] }, UnsafePathError, /has '\.\.'/],
      [{ ...body, entries: [...body.entries, { path: 'up', type: 'symlink', target: 'htdocs/../..' }] }, UnsafePathError, /escapes the replica/],
      // Each link alone stays inside; followed as the kernel does, they climb out.
      [{ ...body, entries: [...body.entries, { path: 'htdocs/img/root', type: 'symlink', target: '../..' }, { path: 'htdocs/out', type: 'symlink', target: 'img/root/..' }] }, UnsafePathError, /'htdocs\/out' resolves to a place outside/],
      // A file under a symlink would be written through it.
      [{ ...body, entries: [...body.entries, { path: 'index.html/x', type: 'dir', mode: 493 }] }, SiteManifestError, /parent is not a directory/],
    ];
    for (const [b, type, message] of variants) {
      await writeFile(manifestPath, JSON.stringify(signDocument(controller, 'site-manifest', b)));
      let err: unknown;
      await n.pull({ url: server.url, ...FAST }, 'site', 1).catch((e: unknown) => { err = e; });
      expect(err, String(message)).to.be.instanceOf(type);
      expect((err as Error).message).to.match(message);
    }
    expect(await objectFiles().catch(() => [])).to.deep.equal([]);
    expect(await readdir(join(state, 'replicas')).catch(() => [])).to.deep.equal([]);
  });

  it('an object whose bytes do not match its hash is refused and nothing is used', async () => {
    const faulty = await faultyStore(storeDir, { corrupt: true });
    try {
      const n = await open();
      let err: unknown;
      await n.pull({ url: faulty.url, ...FAST }, 'site').catch((e: unknown) => { err = e; });
      expect(err).to.be.instanceOf(ObjectHashError);
      expect((err as Error).message).to.match(/object [0-9a-f]{64} \('[^']+'\) from http:.* hashes to [0-9a-f]{64}.*refused/);
      expect(await n.current('site')).to.equal(undefined);
      expect(await readdir(join(state, 'cache/partial'))).to.deep.equal([]);
    } finally {
      await faulty.close();
    }
  });

  it('retries 500s and timeouts with backoff, resumes a cut download with Range, and names the object on a lasting 404', async () => {
    const flaky = await faultyStore(storeDir, { fail500: 2, hangFirst: 1, cutFirst: 2 });
    try {
      const n = await open();
      const r = await n.pull({ url: flaky.url, ...FAST, attempts: 6, concurrency: 1 }, 'site');
      expect(r.objectsFetched).to.equal(3);
      expect(flaky.rangeRequests).to.be.at.least(2);
      expect(await describeTree(r.path)).to.deep.equal(await describeTree(tree));
    } finally {
      await flaky.close();
    }
    const gone = await faultyStore(storeDir, { always404: true });
    try {
      await rm(state, { recursive: true, force: true });
      const n = await open();
      let err: unknown;
      await n.pull({ url: gone.url, ...FAST }, 'site').catch((e: unknown) => { err = e; });
      expect(err).to.be.instanceOf(SiteNotFoundError);
      expect((err as Error).message).to.match(/object [0-9a-f]{64} \('[^']+'\): the store at .* has no data\/[0-9a-f]{2}\/[0-9a-f]{64} \(HTTP 404 on each of 3 tries\)/);
      expect(await n.current('site')).to.equal(undefined);
    } finally {
      await gone.close();
    }
    const dead = await faultyStore(storeDir, { hangFirst: 1000 });
    try {
      let err: unknown;
      await node?.pull({ url: dead.url, ...FAST }, 'site').catch((e: unknown) => { err = e; });
      expect(err).to.be.instanceOf(StoreFetchError);
      expect((err as Error).message).to.match(/object [0-9a-f]{64} .*after 3 tries: no data from .* for 300 ms/);
    } finally {
      await dead.close();
    }
  });
});
