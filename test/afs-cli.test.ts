import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { treeDigest } from '@lama/testkit';
import { lamaSync } from './helpers/lama-process.js';

// `lama map` as an operator tries a mapping, the way they would `stow -n`.
describe('lama map (the mapper from the command line)', function () {
  this.timeout(30_000);
  const root = mkdtempSync(join(tmpdir(), 'lama-afs-cli-'));
  const shared = join(root, 'shared');
  const local = join(root, 'local');
  const state = join(root, 'state');
  const mapping = join(shared, 'khnum.yaml');
  before(() => {
    mkdirSync(join(shared, 'www/img'), { recursive: true });
    writeFileSync(join(shared, 'www/index.html'), 'home');
    writeFileSync(join(shared, 'www/img/logo.png'), 'logo');
    mkdirSync(join(local, 'www'), { recursive: true });
    writeFileSync(mapping, `- {shared: www, local: ${join(local, 'www')}, policy: mkdir}\n`);
  });
  after(() => rmSync(root, { recursive: true, force: true }));
  const map = (...args: string[]) => lamaSync(['map', mapping, '--state-dir', state, ...args]);

  it('--dry-run prints the plan and changes nothing', () => {
    const before = treeDigest(local);
    const r = map('--allow', local, '--dry-run');
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.contain('would make 3 paths (1 directories, 2 links); 0 already in place; no conflicts');
    expect(r.stdout).to.contain(`  link  ${join(local, 'www/index.html')} -> ${join(shared, 'www/index.html')}`);
    expect(treeDigest(local)).to.equal(before);
  });

  it('prints every conflict and exits 1, changing nothing', () => {
    writeFileSync(join(local, 'www/index.html'), 'the operator\'s own');
    mkdirSync(join(local, 'www/img'));
    writeFileSync(join(local, 'www/img/logo.png'), 'theirs');
    const before = treeDigest(local);
    const r = map('--allow', local, '--json');
    expect(r.status).to.equal(1);
    const out = JSON.parse(r.stdout) as { conflicts: { path: string; reason: string }[] };
    expect(out.conflicts.map((c) => `${c.path}: ${c.reason}`).sort()).to.deep.equal([
      `${join(local, 'www/img/logo.png')}: an existing file`,
      `${join(local, 'www/index.html')}: an existing file`,
    ]);
    expect(treeDigest(local)).to.equal(before);
    rmSync(join(local, 'www'), { recursive: true });
    mkdirSync(join(local, 'www'));
  });

  it('maps, then cleans, and refuses without --allow or outside it', () => {
    const before = treeDigest(local);
    const none = map();
    expect(none.status).to.equal(1);
    expect(none.stderr).to.contain('give --allow ROOT');
    const outside = map('--allow', join(root, 'elsewhere'));
    expect(outside.status).to.equal(1);
    expect(outside.stderr).to.match(/entry 1: 'local' ".*\/local\/www" is outside the allowed roots/);
    const r = map('--allow', local);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.contain('made 1 directories and 2 links (0 already in place)');
    const c = map('--clean');
    expect(c.stdout).to.contain('2 links and 1 directories removed');
    expect(treeDigest(local)).to.equal(before);
  });
});
