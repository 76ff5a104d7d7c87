import { existsSync, lstatSync, readlinkSync, rmSync, unlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { treeDigest } from '@lama/testkit';
import { MappingConflictError } from '../src/index.js';
import { cleanState, type MappingEntry } from '../src/builtin/afs-mapper/index.js';
import { AfsFixture } from './afs-fixture.js';

// GNU Stow's own conflict and unstow cases (its t/stow.t and t/unstow.t), rebuilt as fixtures
// of ours: shared/PKG is Stow's package, local/ its target. `stow` says what Stow does; the
// test asserts our outcome. Where ours differs, it is because the mapper owns a path only when
// its journal says so: it never unfolds, replaces or adopts what another mapping (or nobody) made.

interface Case {
  name: string;
  stow: string;
  setup(f: AfsFixture): void;
  entries(f: AfsFixture): MappingEntry[];
  /** Expected conflicts: local path (relative to local/, or shared/ when it starts so) -> reason. */
  conflicts?: Record<string, RegExp>;
  /** Checks after a successful map, then after clean. */
  mapped?(f: AfsFixture): void;
  cleaned?(f: AfsFixture): void;
}

const at = (f: AfsFixture, rel: string): string => (rel.startsWith('shared/') ? join(f.root, rel) : join(f.local, rel));
const into = (policy: MappingEntry['policy'], pkg: string) => (f: AfsFixture): MappingEntry[] => [{ shared: pkg, local: f.local, policy }];

const CASES: Case[] = [
  {
    name: 'a simple tree into an empty target', stow: 'stow.t "stow a simple tree minimally": bin1 -> ../stow/pkg1/bin1',
    setup: (f) => f.file('shared/pkg1/bin1/file1'), entries: into('mklink', 'pkg1'),
    mapped: (f) => expect(readlinkSync(at(f, 'bin1'))).to.equal(join(f.shared, 'pkg1/bin1')),
    cleaned: (f) => expect(existsSync(at(f, 'bin1'))).to.equal(false),
  },
  {
    name: 'a simple tree into an existing directory', stow: 'stow.t: lib2/file2 linked inside the existing lib2; unstow.t: lib2 stays',
    setup: (f) => { f.file('shared/pkg2/lib2/file2'); f.dir('local/lib2'); }, entries: into('mklink', 'pkg2'),
    mapped: (f) => { expect(lstatSync(at(f, 'lib2')).isDirectory()).to.equal(true); expect(readlinkSync(at(f, 'lib2/file2'))).to.equal(join(f.shared, 'pkg2/lib2/file2')); },
    cleaned: (f) => { expect(lstatSync(at(f, 'lib2')).isDirectory()).to.equal(true); expect(existsSync(at(f, 'lib2/file2'))).to.equal(false); },
  },
  {
    name: "a directory link another mapping made (Stow unfolds it)", stow: 'stow.t "unfold existing tree": bin3 becomes a directory of links to both packages',
    setup: (f) => { f.file('shared/pkg3a/bin3/file3a'); f.file('shared/pkg3b/bin3/file3b'); f.link('local/bin3', join(f.shared, 'pkg3a/bin3')); },
    entries: into('mklink', 'pkg3b'), conflicts: { bin3: /a link the mapper did not make \(-> .*pkg3a\/bin3\)/ },
  },
  {
    name: 'a file where a directory must go', stow: 'stow.t bin4, bin4a: "existing target is neither a link nor a directory"',
    setup: (f) => { f.file('local/bin4'); f.file('shared/pkg4/bin4/file4'); }, entries: into('mkdir', 'pkg4'),
    conflicts: { bin4: /a file where a directory must go/ },
  },
  {
    name: 'existing files where links must go, every one reported', stow: 'stow.t file4b, bin4b/file4b: one conflict per file (without --adopt; we have no adopt)',
    setup: (f) => { f.file('local/file4b', 'target'); f.file('local/bin4b/file4b', 'target'); f.file('shared/pkg4b/file4b'); f.file('shared/pkg4b/bin4b/file4b'); },
    entries: into('mklink', 'pkg4b'), conflicts: { file4b: /an existing file/, 'bin4b/file4b': /an existing file/ },
  },
  {
    name: 'a directory where a link must go', stow: 'the reverse of bin4: Stow reports a conflict',
    setup: (f) => { f.dir('local/data/sub'); f.file('shared/pkg/data'); }, entries: into('mkdir', 'pkg'),
    conflicts: { data: /a directory where a link must go/ },
  },
  {
    name: 'a foreign link where a directory must go', stow: 'stow.t bin5/file5: "not owned by stow"',
    setup: (f) => { f.dir('local/bin5'); f.link('local/bin5/file5', '../../empty'); f.dir('shared/pkg5/bin5/file5'); f.file('shared/pkg5/bin5/file5/x'); },
    entries: into('mkdir', 'pkg5'), conflicts: { 'bin5/file5': /a link \(-> \.\.\/\.\.\/empty\) where a directory must go/ },
  },
  {
    name: 'a foreign dangling link where a link must go (Stow replaces one into its own dir)', stow: 'stow.t file6: an invalid link into the stow dir is replaced',
    setup: (f) => { f.link('local/file6', join(f.shared, 'path-does-not-exist')); f.file('shared/pkg6/file6'); }, entries: into('mkdir', 'pkg6'),
    conflicts: { file6: /a link the mapper did not make/ },
  },
  {
    name: "a link owned by another mapping, where a directory must go", stow: 'stow.t bin7/node7: "existing target is stowed to a different package"',
    setup: (f) => { f.file('shared/pkg7a/bin7/node7'); f.file('shared/pkg7b/bin7/node7/file7'); f.dir('local/bin7'); f.link('local/bin7/node7', join(f.shared, 'pkg7a/bin7/node7')); },
    entries: into('mklink', 'pkg7b'), conflicts: { 'bin7/node7': /a link the mapper did not make \(-> .*pkg7a/ },
  },
  {
    name: 'directories named 0', stow: 'stow.t pkg8: stowing directories named 0 works',
    setup: (f) => f.file('shared/pkg8/0/file8'), entries: into('mkdir', 'pkg8'),
    mapped: (f) => expect(readlinkSync(at(f, '0/file8'))).to.equal(join(f.shared, 'pkg8/0/file8')),
  },
  {
    name: 'ignored temp files', stow: "stow.t/unstow.t pkg11, pkg12 with --ignore '~' '\\.#.*'",
    setup: (f) => { f.file('shared/pkg11/man11/man1/file11.1'); f.file('shared/pkg11/man11/man1/file11.1~'); f.file('shared/pkg11/man11/man1/.#file11.1'); f.dir('local/man11/man1'); },
    entries: (f) => [{ shared: 'pkg11', local: f.local, policy: 'mklink', exclude: ['*~', '.#*'] }],
    mapped: (f) => { expect(existsSync(at(f, 'man11/man1/file11.1'))).to.equal(true); expect(existsSync(at(f, 'man11/man1/file11.1~'))).to.equal(false); expect(existsSync(at(f, 'man11/man1/.#file11.1'))).to.equal(false); },
  },
  {
    name: 'relative links to library files inside shared', stow: 'stow.t pkg12: lib.so -> lib.so.1 inside the package is linked like a file',
    setup: (f) => { f.file('shared/pkg12/lib12/lib.so.1'); f.link('shared/pkg12/lib12/lib.so', 'lib.so.1'); f.dir('local/lib12'); }, entries: into('mklink', 'pkg12'),
    mapped: (f) => { expect(readlinkSync(at(f, 'lib12/lib.so'))).to.equal(join(f.shared, 'pkg12/lib12/lib.so')); expect(lstatSync(join(at(f, 'lib12/lib.so'), '..', 'lib.so.1')).isSymbolicLink()).to.equal(true); },
  },
  {
    name: 'an absolute link inside shared, within the shared roots', stow: 'Stow refuses every absolute link in a package ("source is an absolute symlink"); we refuse only one that leaves the shared roots',
    setup: (f) => { f.file('shared/pkgA/real.conf'); f.link('shared/pkgA/abs.conf', join(f.shared, 'pkgA/real.conf')); f.link('shared/pkgA/host', '/etc/hostname'); },
    entries: into('mkdir', 'pkgA'), conflicts: { 'shared/pkgA/host': /a link inside shared leads out of the shared roots \(-> \/etc\/hostname\)/ },
  },
  {
    name: 'a target inside shared', stow: 'stow.t pkg14: "skipping target which was current stow directory"',
    setup: (f) => { f.file('shared/pkg14/stow/pkg15/node15'); },
    entries: (f) => [{ shared: 'pkg14', local: join(f.shared, 'pkg14', 'mirror'), policy: 'mkdir' }],
    conflicts: { 'shared/pkg14/mirror': /lies inside the shared directory/ },
  },
];

describe("afs-mapper: GNU Stow's conflict and unstow cases as fixtures", function () {
  this.timeout(20_000);
  let f: AfsFixture;
  beforeEach(() => { f = new AfsFixture(); });
  afterEach(() => f.remove());

  for (const c of CASES) {
    it(`${c.name} (${c.stow})`, async () => {
      c.setup(f);
      const localBefore = treeDigest(f.local);
      const sharedBefore = treeDigest(f.shared);
      // A target inside shared needs a local root there; the planner, not the roots, refuses it.
      const roots = c.name === 'a target inside shared' ? { allowedRoots: [f.root], sharedRoots: [f.shared], sharedRoot: f.shared } : undefined;
      const run = f.map(c.entries(f), roots ? { roots } : {});
      if (c.conflicts) {
        const err = await AfsFixture.failure(run);
        expect(err, err.message).to.be.instanceOf(MappingConflictError);
        const got = Object.fromEntries((err as MappingConflictError).conflicts.map((k) => [k.path, k.reason]));
        expect(Object.keys(got).sort()).to.deep.equal(Object.keys(c.conflicts).map((p) => at(f, p)).sort());
        for (const [p, reason] of Object.entries(c.conflicts)) expect(got[at(f, p)]).to.match(reason);
        expect(treeDigest(f.local), 'nothing changed').to.equal(localBefore);
        expect(existsSync(join(f.state, 'afs-mapper.journal'))).to.equal(false);
      } else {
        await run;
        c.mapped?.(f);
        const r = cleanState(f.state);
        expect(r.kept).to.deep.equal([]);
        c.cleaned?.(f);
        expect(treeDigest(f.local), 'clean restores the target').to.equal(localBefore);
      }
      expect(treeDigest(f.shared), 'shared is never touched').to.equal(sharedBefore);
    });
  }

  describe('unstow cases', () => {
    it('a broken link of ours is removed anyway (unstow.t bin4)', async () => {
      f.file('shared/pkg4/bin4/file4');
      await f.map(into('mkdir', 'pkg4')(f));
      rmSync(join(f.shared, 'pkg4/bin4/file4'));
      const r = cleanState(f.state);
      expect(r).to.include({ links: 1, dirs: 1 });
      expect(existsSync(at(f, 'bin4'))).to.equal(false);
    });

    it('a link replaced by someone else is not ours any more: kept, with the reason (unstow.t bin5)', async () => {
      f.file('shared/pkg5/bin5/file5');
      await f.map(into('mkdir', 'pkg5')(f));
      unlinkSync(at(f, 'bin5/file5'));
      symlinkSync('../not-ours', at(f, 'bin5/file5'));
      const r = cleanState(f.state);
      expect(r.kept).to.deep.equal([
        { path: at(f, 'bin5/file5'), reason: 'points elsewhere now (-> ../not-ours), not where the mapper made it point' },
        { path: at(f, 'bin5'), reason: 'holds 1 entry the mapper did not make' },
      ]);
      expect(readlinkSync(at(f, 'bin5/file5'))).to.equal('../not-ours');
    });

    it("cleaning one mapping leaves another mapping's links in a shared directory (unstow.t bin3, bin6)", async () => {
      f.file('shared/pkg3a/bin3/file3a');
      f.file('shared/pkg3b/bin3/file3b');
      f.dir('local/bin3');
      const other = join(f.root, 'state-a');
      await f.map(into('mklink', 'pkg3a')(f), { stateDir: other });
      await f.map(into('mklink', 'pkg3b')(f));
      cleanState(f.state);
      expect(existsSync(at(f, 'bin3/file3b'))).to.equal(false);
      expect(readlinkSync(at(f, 'bin3/file3a'))).to.equal(join(f.shared, 'pkg3a/bin3/file3a'));
      cleanState(other);
      expect(existsSync(at(f, 'bin3/file3a'))).to.equal(false);
      expect(lstatSync(at(f, 'bin3')).isDirectory()).to.equal(true);
    });

    it('real files in the target are no issue: files in a directory we made keep it, with the reason (unstow.t man12)', async () => {
      f.file('shared/pkg12/man12/man1/file12.1');
      await f.map(into('mkdir', 'pkg12')(f));
      writeFileSync(at(f, 'man12/man1/alien'), 'not the mapper\'s');
      const r = cleanState(f.state);
      expect(r.kept.map((k) => k.path)).to.deep.equal([at(f, 'man12/man1'), at(f, 'man12')]);
      expect(r.kept[0].reason).to.equal('holds 1 entry the mapper did not make');
      expect(existsSync(at(f, 'man12/man1/alien'))).to.equal(true);
      expect(existsSync(at(f, 'man12/man1/file12.1'))).to.equal(false);
    });

    it('an already-unmapped tree and a never-mapped one: cleaning does nothing (unstow.t pkg12 twice, never stowed)', async () => {
      f.file('shared/pkg12/man12/man1/file12.1');
      expect(cleanState(f.state)).to.deep.equal({ links: 0, dirs: 0, kept: [] });
      await f.map(into('mkdir', 'pkg12')(f));
      expect(cleanState(f.state).links).to.equal(1);
      const before = treeDigest(f.local);
      expect(cleanState(f.state)).to.deep.equal({ links: 0, dirs: 0, kept: [] });
      expect(treeDigest(f.local)).to.equal(before);
    });
  });
});
