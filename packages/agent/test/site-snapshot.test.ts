import { expect } from 'chai';
import { readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createPoolKey, issueCredential, CredentialVerifier } from '@lama/lookup';
import { SiteNode, SiteStore, parseSiteDefinition, serveStore, signCacheSnapshot, verifyCacheSnapshot, type StoreServer } from '../src/index.js';
import { makePool, tempDir, writeSiteTree } from './site-fixtures.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('hot-cache snapshot', () => {
  const { controller, agent, verifier } = makePool();
  let dirs: string[];
  let server: StoreServer;
  let node: SiteNode;

  before(async () => {
    const [storeDir, tree, state] = [await tempDir('store'), await tempDir('tree'), await tempDir('node')];
    dirs = [storeDir, tree, state];
    await writeSiteTree(tree);
    await new SiteStore(storeDir).publish(tree, 'site', controller, { definition: parseSiteDefinition({ hot: ['htdocs/img'] }) });
    server = await serveStore(storeDir, { host: '127.0.0.1', port: 0 });
    node = await SiteNode.open({ dir: state, verifier, fsync: false });
    await node.pull({ url: server.url }, 'site');
  });
  after(async () => {
    await node.close();
    await server.close();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('lists every file the cache holds for the current version with where its bytes lie, signed by the node', async () => {
    const snap = await node.snapshot('site');
    expect(snap).to.include({ format: 'lama-cache-snapshot', site: 'site', version: 1 });
    expect(snap.files.map((f) => f.path)).to.deep.equal(['bin/setup.sh', 'htdocs/copy.bin', 'htdocs/img/logo.bin', 'htdocs/index.html']);
    // stat, not read: a read would move the atimes the next test looks at.
    for (const f of snap.files) expect((await stat(f.cachePath)).size).to.equal(f.size);
    expect(snap.files.find((f) => f.path === 'bin/setup.sh')?.mode).to.equal(0o755);
    const signed = JSON.parse(JSON.stringify(signCacheSnapshot(agent, snap)));
    expect(verifyCacheSnapshot(verifier, signed)).to.deep.equal(snap);
    // Another pool's verifier, or a changed list, refuses it.
    expect(() => verifyCacheSnapshot(new CredentialVerifier(createPoolKey().publicKey), signed)).to.throw(/belongs to another pool/);
    const forged = { ...signed, body: signed.body.replace('bin/setup.sh', '../../etc/x') };
    expect(() => verifyCacheSnapshot(verifier, forged)).to.throw(/does not verify/);
    const other = issueCredential(createPoolKey(), { name: 'x', roles: ['agent'] });
    expect(() => verifyCacheSnapshot(verifier, JSON.parse(JSON.stringify(signCacheSnapshot(other, snap))))).to.throw(/credential 'x' belongs to another pool/);
  });

  it('keeps only the hot set, or only what was used since a time', async () => {
    expect((await node.snapshot('site', { hotOnly: true })).files.map((f) => f.path)).to.deep.equal(['htdocs/img/logo.bin']);
    await sleep(30);
    const since = Date.now();
    await sleep(30);
    expect((await node.snapshot('site', { since })).files).to.deep.equal([]);
    // A service reads one file through the replica; the kernel's atime says so.
    await readFile(join((await node.current('site'))!.path, 'htdocs/index.html'));
    const used = await node.snapshot('site', { since });
    expect(used.files.map((f) => f.path)).to.deep.equal(['htdocs/index.html']);
    expect(used.since).to.equal(new Date(since).toISOString());
  });
});
