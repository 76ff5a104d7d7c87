import { expect } from 'chai';
import { readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { PermissionError } from '@lama/lookup';
import {
  SiteStore, SiteManifestError, StoreConflictError, UnsafePathError, objectKey, parseSiteDefinition, readManifestBody, verifySiteManifest,
} from '../src/index.js';
import { makePool, tempDir, writeSiteTree } from './site-fixtures.js';

describe('site store: publish, ls, gc', () => {
  const { controller, agent, verifier } = makePool();
  let root: string;
  let tree: string;
  let store: SiteStore;

  beforeEach(async () => {
    root = await tempDir('store');
    tree = await tempDir('tree');
    await writeSiteTree(tree);
    store = new SiteStore(root);
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
    await rm(tree, { recursive: true, force: true });
  });

  const allObjects = async (): Promise<string[]> => {
    const out: string[] = [];
    for (const fan of await readdir(join(root, 'data'))) out.push(...await readdir(join(root, 'data', fan)));
    return out.sort();
  };

  it('writes objects named by their sha256 and a signed manifest with the tree and the site definition', async () => {
    const definition = parseSiteDefinition({
      mapping: [{ shared: 'htdocs', local: '/var/www/site', policy: 'mktree', script: 'bin/setup.sh' }],
      adapters: [{ name: 'web', type: 'apache', options: { listen: '127.0.0.1:18080' } }],
      hot: ['htdocs/img'],
    });
    const r = await store.publish(tree, 'mayflower', controller, { definition });
    expect(r.version).to.equal(1);
    expect(r.files).to.equal(4);
    // logo.bin and copy.bin have the same bytes: one object.
    expect(r.objectsWritten).to.equal(3);
    for (const name of await allObjects()) {
      const bytes = await readFile(join(root, objectKey(name)));
      expect(createHash('sha256').update(bytes).digest('hex')).to.equal(name);
    }
    const { manifest, signer } = verifySiteManifest(verifier, JSON.parse(await readFile(r.manifestPath, 'utf8')), { site: 'mayflower', version: 1 });
    expect(signer).to.equal('publisher');
    expect(manifest.definition).to.deep.equal(definition);
    expect(manifest.entries.map((e) => `${e.type} ${e.path}`)).to.deep.equal([
      'dir bin', 'file bin/setup.sh', 'dir htdocs', 'file htdocs/copy.bin', 'dir htdocs/img', 'file htdocs/img/logo.bin', 'file htdocs/index.html', 'symlink index.html',
    ]);
    const script = manifest.entries.find((e) => e.path === 'bin/setup.sh');
    expect(script).to.include({ type: 'file', mode: 0o755 });
  });

  it('a new version writes only the objects the store lacks; without a version it takes the next number', async () => {
    await store.publish(tree, 'site', controller);
    await writeFile(join(tree, 'htdocs/index.html'), '<h1>changed</h1>\n');
    const r2 = await store.publish(tree, 'site', controller);
    expect(r2.version).to.equal(2);
    expect(r2.objectsWritten).to.equal(1);
    expect(r2.bytesWritten).to.equal('<h1>changed</h1>\n'.length);
    const r5 = await store.publish(tree, 'site', controller, { version: 5 });
    expect(r5.objectsWritten).to.equal(0);
    const idx = await store.index();
    expect(idx.sites.site?.map((v) => v.version)).to.deep.equal([1, 2, 5]);
    expect(idx.sites.site?.[0]).to.include({ files: 4, signer: 'publisher' });
    // A version is written once.
    const before = await readFile(join(root, 'sites/site/5.json'), 'utf8');
    let err: unknown;
    await store.publish(tree, 'site', controller, { version: 5 }).catch((e: unknown) => { err = e; });
    expect(err).to.be.instanceOf(StoreConflictError);
    expect((err as Error).message).to.match(/site@5 is published already/);
    expect(await readFile(join(root, 'sites/site/5.json'), 'utf8')).to.equal(before);
  });

  it('gc keeps every object a kept version references and removes the rest', async () => {
    await store.publish(tree, 'site', controller);
    const v1 = await allObjects();
    await writeFile(join(tree, 'htdocs/index.html'), 'v2');
    await store.publish(tree, 'site', controller);
    expect((await store.gc()).objectsRemoved).to.equal(0);
    const r = await store.gc({ keep: 1 });
    expect(r.manifestsRemoved).to.deep.equal(['site@1']);
    expect(r.objectsRemoved).to.equal(1);
    const left = await allObjects();
    expect(left).to.have.length(3);
    expect(v1.filter((o) => !left.includes(o))).to.have.length(1);
    expect((await store.index()).sites.site?.map((v) => v.version)).to.deep.equal([2]);
  });

  it('refuses a publisher without role controller, a symlink out of the tree, and a bad definition, writing no manifest', async () => {
    const refusals: [() => Promise<unknown>, Function, RegExp][] = [
      [() => store.publish(tree, 'site', agent), PermissionError, /needs role 'controller'/],
      [async () => {
        await symlink('../../etc/passwd', join(tree, 'htdocs/evil'));
        return store.publish(tree, 'site', controller);
      }, UnsafePathError, /symlink 'htdocs\/evil' -> "..\/..\/etc\/passwd" escapes the replica/],
      [async () => store.publish(tree, 'site', controller, { definition: parseSiteDefinition({ mapping: [{ shared: '../x', local: 'rel', policy: 'copy' }] }) }), SiteManifestError, /site definition: mapping: entry 1: 'local' must be an absolute path/],
      [async () => parseSiteDefinition({ mapping: [{ shared: '../x', local: '/srv/x', policy: 'mkdir' }] }), SiteManifestError, /entry 1: 'shared' "\.\.\/x" must be a path of the replica/],
      [async () => parseSiteDefinition({ mapping: [{ shared: 'x', local: '/srv/x', policy: 'mkdir', script: '/bin/sh' }] }), SiteManifestError, /entry 1: 'script' "\/bin\/sh" must be a path of the tree/],
      [() => store.publish(tree, 'Bad_Name', controller), SiteManifestError, /site name 'Bad_Name'/],
    ];
    for (const [run, type, message] of refusals) {
      let err: unknown;
      await run().catch((e: unknown) => { err = e; });
      expect(err, String(message)).to.be.instanceOf(type);
      expect((err as Error).message).to.match(message);
    }
    expect(await stat(join(root, 'sites/site')).catch(() => undefined)).to.equal(undefined);
  });

  it('the manifest body can be read without the pool key (gc, index) and is checked all the same', async () => {
    const r = await store.publish(tree, 'site', controller);
    const doc = JSON.parse(await readFile(r.manifestPath, 'utf8'));
    expect(readManifestBody(doc).files).to.equal(4);
  });
});
