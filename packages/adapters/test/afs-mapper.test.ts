import { chmodSync, existsSync, lstatSync, readFileSync, readlinkSync, realpathSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { VirtualClock } from '@lama/lookup';
import { generateTree, resolvedFiles, treeDigest, treeSnapshot } from '@lama/testkit';
import { MappingConflictError, MappingOutsideRootsError, MappingScriptError } from '../src/index.js';
import { cleanState, journalState, type MappingEntry } from '../src/builtin/afs-mapper/index.js';
import { applyOps } from '../src/builtin/afs-mapper/apply.js';
import { cleanMade } from '../src/builtin/afs-mapper/clean.js';
import { Journal } from '../src/builtin/afs-mapper/journal.js';
import { planMapping } from '../src/builtin/afs-mapper/planner.js';
import { resolveEntries } from '../src/builtin/afs-mapper/roots.js';
import { AfsFixture } from './afs-fixture.js';

const { failure } = AfsFixture;

describe('afs-mapper: policies, trees, roots, scripts, journal and clean', function () {
  this.timeout(20_000);
  let f: AfsFixture;
  beforeEach(() => { f = new AfsFixture(); });
  afterEach(() => f.remove());

  const odd = ['with space', 'ünïcødé-名前', 'new\nline'];

  /** A shared tree with deep and empty directories, odd names and a dangling link. */
  const sample = (): void => {
    f.file('shared/app/bin/run', '#!/bin/sh\n');
    f.file('shared/app/a/b/c/d/e/deep.txt');
    f.dir('shared/app/empty');
    for (const n of odd) f.file(`shared/app/${n}/${n}.txt`, n);
    f.link('shared/app/dangling', 'no-such-file');
  };

  it('mkdir: directories are made, every file (and a dangling link) becomes a link to the shared file; clean restores the exact tree', async () => {
    sample();
    const before = treeDigest(f.local);
    const r = await f.map([{ shared: 'app', local: join(f.local, 'app'), policy: 'mkdir' }]);
    const app = join(f.local, 'app');
    expect(lstatSync(app).isDirectory()).to.equal(true);
    expect(lstatSync(join(app, 'a/b/c/d/e')).isDirectory()).to.equal(true);
    expect(readlinkSync(join(app, 'a/b/c/d/e/deep.txt'))).to.equal(join(f.shared, 'app/a/b/c/d/e/deep.txt'));
    expect(lstatSync(join(app, 'empty')).isDirectory()).to.equal(true);
    for (const n of odd) expect(readFileSync(join(app, n, `${n}.txt`), 'utf8')).to.equal(n);
    expect(readlinkSync(join(app, 'dangling'))).to.equal(join(f.shared, 'app/dangling'));
    expect(r.links).to.equal(6);
    expect(r.dirs).to.equal(1 + 6 + 1 + 3);
    expect(resolvedFiles(app)).to.deep.equal(resolvedFiles(join(f.shared, 'app')));
    const c = cleanState(f.state);
    expect(c).to.include({ links: 6, dirs: 11 });
    expect(c.kept).to.deep.equal([]);
    expect(treeDigest(f.local)).to.equal(before);
    expect(journalState(f.state)).to.equal(undefined);
  });

  it('mktree: recreates the directories only (modes kept, no links); clean removes what applications wrote in them', async () => {
    sample();
    chmodSync(join(f.shared, 'app/empty'), 0o1777);
    await f.map([{ shared: 'app', local: join(f.local, 'var'), policy: 'mktree' }]);
    const snap = treeSnapshot(join(f.local, 'var'));
    expect([...snap.values()].every((e) => e.type === 'dir')).to.equal(true);
    expect(snap.get('empty')?.mode).to.equal(0o1777);
    expect(snap.has('a/b/c/d/e')).to.equal(true);
    writeFileSync(join(f.local, 'var/a/app.log'), 'written by the site');
    const c = cleanState(f.state);
    expect(c.kept).to.deep.equal([]);
    expect(existsSync(join(f.local, 'var'))).to.equal(false);
  });

  it('mklink: a missing local directory becomes one link; an existing one is descended into and left in place by clean', async () => {
    sample();
    f.dir('local/app/a');
    f.file('local/app/a/mine.txt', 'the operator\'s');
    const before = treeDigest(f.local);
    await f.map([{ shared: 'app', local: join(f.local, 'app'), policy: 'mklink' }]);
    const app = join(f.local, 'app');
    expect(lstatSync(app).isDirectory()).to.equal(true);
    expect(lstatSync(join(app, 'a')).isDirectory()).to.equal(true);
    expect(readlinkSync(join(app, 'a/b'))).to.equal(join(f.shared, 'app/a/b'));
    expect(readlinkSync(join(app, 'bin'))).to.equal(join(f.shared, 'app/bin'));
    expect(readlinkSync(join(app, 'with space'))).to.equal(join(f.shared, 'app/with space'));
    expect(readFileSync(join(app, 'a/mine.txt'), 'utf8')).to.equal('the operator\'s');
    cleanState(f.state);
    expect(treeDigest(f.local)).to.equal(before);
  });

  it('mklink at the top: a local directory that does not exist is a single link to the shared one', async () => {
    sample();
    const r = await f.map([{ shared: 'app', local: join(f.local, 'site'), policy: 'mklink' }]);
    expect(readlinkSync(join(f.local, 'site'))).to.equal(join(f.shared, 'app'));
    expect(r).to.include({ links: 1, dirs: 0 });
  });

  it('excludes: matching names and paths are not mapped, and a directory holding one is not folded', async () => {
    sample();
    f.file('shared/app/a/b/secret.key');
    f.file('shared/app/bin/run~');
    await f.map([{ shared: 'app', local: join(f.local, 'app'), policy: 'mklink', exclude: ['*.key', '*~', 'empty'] }]);
    const app = join(f.local, 'app');
    expect(lstatSync(join(app, 'a')).isDirectory()).to.equal(true);
    expect(lstatSync(join(app, 'a/b')).isDirectory()).to.equal(true);
    expect(existsSync(join(app, 'a/b/secret.key'))).to.equal(false);
    expect(lstatSync(join(app, 'a/b/c')).isSymbolicLink()).to.equal(true);
    expect(existsSync(join(app, 'bin/run~'))).to.equal(false);
    expect(lstatSync(join(app, 'bin/run')).isSymbolicLink()).to.equal(true);
    expect(existsSync(join(app, 'empty'))).to.equal(false);
  });

  it('a second map with the same mapping changes nothing (and runs no script again)', async () => {
    sample();
    f.file('shared/app/post.sh', '#!/bin/sh\necho ran >> "$LAMA_LOCAL/../script-runs"\n');
    chmodSync(join(f.shared, 'app/post.sh'), 0o755);
    const entries: MappingEntry[] = [{ shared: 'app', local: join(f.local, 'app'), policy: 'mkdir', script: 'post.sh', exclude: ['post.sh'] }];
    const first = await f.map(entries);
    const after = treeDigest(f.local);
    const journal = readFileSync(join(f.state, 'afs-mapper.journal'), 'utf8');
    const second = await f.map(entries);
    expect(second.made).to.equal(0);
    expect(second.scripts).to.equal(0);
    expect(second.plan.inPlace).to.equal(first.made);
    expect(treeDigest(f.local)).to.equal(after);
    expect(readFileSync(join(f.state, 'afs-mapper.journal'), 'utf8')).to.equal(journal);
    expect(readFileSync(join(f.local, 'script-runs'), 'utf8')).to.equal('ran\n');
  });

  it('entries that meet in one local directory: a directory planned by one is shared by the next; a link planned by one is a conflict for the next', async () => {
    f.file('shared/base/etc/base.conf');
    f.file('shared/extra/etc/extra.conf');
    f.file('shared/clash/etc/base.conf');
    const local = join(f.local, 'site');
    const r = await f.map([
      { shared: 'base', local, policy: 'mkdir' },
      { shared: 'extra', local, policy: 'mklink' },
    ]);
    expect(readlinkSync(join(local, 'etc/base.conf'))).to.equal(join(f.shared, 'base/etc/base.conf'));
    expect(readlinkSync(join(local, 'etc/extra.conf'))).to.equal(join(f.shared, 'extra/etc/extra.conf'));
    expect(r).to.include({ links: 2, dirs: 2 });
    cleanState(f.state);
    const err = await failure(f.map([
      { shared: 'base', local, policy: 'mkdir' },
      { shared: 'clash', local, policy: 'mkdir' },
    ]));
    expect((err as MappingConflictError).conflicts).to.deep.equal([{ path: join(local, 'etc/base.conf'), entry: 1, reason: `entry 1 maps a link here (-> ${join(f.shared, 'base/etc/base.conf')})` }]);
    expect(existsSync(local)).to.equal(false);
  });

  it('a dry run plans and changes nothing; a journal of another mapping is refused', async () => {
    sample();
    const before = treeDigest(f.local);
    const r = await f.map([{ shared: 'app', local: join(f.local, 'app'), policy: 'mkdir' }], { dryRun: true });
    expect(r.plan.ops.length).to.equal(17);
    expect(treeDigest(f.local)).to.equal(before);
    expect(existsSync(join(f.state, 'afs-mapper.journal'))).to.equal(false);
    await f.map([{ shared: 'app', local: join(f.local, 'app'), policy: 'mkdir' }]);
    const err = await failure(f.map([{ shared: 'app', local: join(f.local, 'other'), policy: 'mkdir' }]));
    expect(err.code).to.equal('ERR_MAPPING_JOURNAL');
    // The adapter's way: its own previous mapping is rolled back first.
    await f.map([{ shared: 'app', local: join(f.local, 'other'), policy: 'mkdir' }], { otherJournal: 'rollback' });
    expect(existsSync(join(f.local, 'app'))).to.equal(false);
    expect(lstatSync(join(f.local, 'other')).isDirectory()).to.equal(true);
  });

  describe('allowed roots', () => {
    it('refuses a local path that leaves the roots by ..', async () => {
      sample();
      const err = await failure(f.map([{ shared: 'app', local: `${f.local}/../escaped`, policy: 'mkdir' }]));
      expect(err).to.be.instanceOf(MappingOutsideRootsError);
      expect(err.message).to.match(/entry 1: 'local' ".*\/escaped" is outside the allowed roots/);
      expect(existsSync(join(f.root, 'escaped'))).to.equal(false);
    });

    it('refuses a local path that leaves the roots through a symlink', async () => {
      sample();
      f.dir('outside');
      symlinkSync(join(f.root, 'outside'), join(f.local, 'door'));
      const err = await failure(f.map([{ shared: 'app', local: join(f.local, 'door/app'), policy: 'mkdir' }]));
      expect(err).to.be.instanceOf(MappingOutsideRootsError);
      expect(err.message).to.match(/resolves through a symlink to ".*\/outside\/app"/);
      expect(treeSnapshot(join(f.root, 'outside')).size).to.equal(1);
    });

    it('refuses a shared path outside the shared roots, by .. or through a symlink', async () => {
      sample();
      f.dir('elsewhere/x');
      const e1 = await failure(f.map([{ shared: '../elsewhere', local: join(f.local, 'app'), policy: 'mkdir' }]));
      expect(e1.message).to.match(/entry 1: 'shared' ".*\/elsewhere" is outside the allowed roots/);
      symlinkSync(join(f.root, 'elsewhere'), join(f.shared, 'door'));
      const e2 = await failure(f.map([{ shared: 'door', local: join(f.local, 'app'), policy: 'mkdir' }]));
      expect(e2).to.be.instanceOf(MappingOutsideRootsError);
      expect(e2.message).to.match(/'shared' .* resolves through a symlink/);
    });

    it('reports a link inside shared that leads out of the shared roots as a conflict, and maps nothing', async () => {
      sample();
      f.link('shared/app/etc-passwd', '/etc/passwd');
      f.link('shared/app/up', '../../outside');
      const err = await failure(f.map([{ shared: 'app', local: join(f.local, 'app'), policy: 'mkdir' }]));
      expect(err).to.be.instanceOf(MappingConflictError);
      const conflicts = (err as MappingConflictError).conflicts;
      expect(conflicts.map((c) => c.path).sort()).to.deep.equal([join(f.shared, 'app/etc-passwd'), join(f.shared, 'app/up')]);
      expect(conflicts[0].reason).to.match(/leads out of the shared roots/);
      expect(existsSync(join(f.local, 'app'))).to.equal(false);
    });
  });

  describe('post-mapping scripts', () => {
    const script = (name: string, body: string): string => {
      const p = f.file(`shared/${name}`, `#!/bin/sh\n${body}\n`);
      chmodSync(p, 0o755);
      return name;
    };

    it('runs after its entry with LAMA_SHARED, LAMA_LOCAL, LAMA_SITE, LAMA_NODE; its output goes to the log', async () => {
      sample();
      f.dir('shared/run');
      const s = script('setup.sh', 'echo "hello from $LAMA_NODE"\nprintf "%s\\n%s\\n%s\\n%s\\n" "$LAMA_SHARED" "$LAMA_LOCAL" "$LAMA_SITE" "$LAMA_NODE" > "$LAMA_LOCAL/env.txt"\ntest -L "$LAMA_LOCAL/../app/bin/run"');
      const r = await f.map([
        { shared: 'app', local: join(f.local, 'app'), policy: 'mkdir' },
        { shared: 'run', local: join(f.local, 'run'), policy: 'mktree', script: `../${s}` },
      ], { site: 'mayflower', node: 'node-7' });
      expect(r.scripts).to.equal(1);
      expect(readFileSync(join(f.local, 'run/env.txt'), 'utf8')).to.equal(`${join(f.shared, 'run')}\n${join(f.local, 'run')}\nmayflower\nnode-7\n`);
      expect(f.lines.some((l) => l.endsWith('setup.sh: hello from node-7'))).to.equal(true);
      // What the script wrote lies in a mktree directory: cleaning takes it away with it.
      cleanState(f.state);
      expect(treeSnapshot(f.local).size).to.equal(1);
    });

    it('a failing script fails the mapping and undoes all of it', async () => {
      sample();
      const before = treeDigest(f.local);
      const s = script('fail.sh', 'echo "cannot configure" >&2\nexit 3');
      const err = await failure(f.map([
        { shared: 'app', local: join(f.local, 'app'), policy: 'mkdir' },
        { shared: 'app', local: join(f.local, 'app2'), policy: 'mklink', script: `../${s}` },
      ]));
      expect(err).to.be.instanceOf(MappingScriptError);
      expect(err.message).to.match(/fail\.sh exited with status 3: cannot configure/);
      expect(treeDigest(f.local)).to.equal(before);
      expect(journalState(f.state)).to.equal(undefined);
    });

    it('a hanging script is killed at its deadline (on the injected clock) and the mapping undone', async () => {
      sample();
      const before = treeDigest(f.local);
      const s = script('hang.sh', 'sleep 600 &\necho started\nwait');
      const clock = new VirtualClock();
      const run = f.map([{ shared: 'app', local: join(f.local, 'app'), policy: 'mkdir', script: `../${s}` }], { clock, scriptTimeoutMs: 5000 });
      // Let the script start and print, then move time past its deadline.
      const started = Date.now();
      while (!f.lines.some((l) => l.endsWith('hang.sh: started')) && Date.now() - started < 5000) await new Promise((r) => setTimeout(r, 20));
      clock.advance(5000);
      const err = await failure(run);
      expect(err).to.be.instanceOf(MappingScriptError);
      expect(err.message).to.match(/hang\.sh did not finish within 5000 ms/);
      expect(treeDigest(f.local)).to.equal(before);
    });
  });

  it('a journal torn mid-line by a kill: the torn line is dropped, the next map completes, clean restores the tree', async () => {
    for (let i = 0; i < 40; i++) f.file(`shared/flat/f${i}`);
    const before = treeDigest(f.local);
    const entries: MappingEntry[] = [{ shared: 'flat', local: join(f.local, 'flat'), policy: 'mkdir' }];
    await f.map(entries, { batchSize: 8 });
    // What a kill in the middle of writing record 20 leaves: records 1-19 whole, half of the 20th, and no path after it made.
    const path = join(f.state, 'afs-mapper.journal');
    const lines = readFileSync(path, 'utf8').split('\n');
    const cut = 20;
    for (const l of lines.slice(cut)) if (l.startsWith('{"t":"link"')) unlinkSync(JSON.parse(l).p);
    writeFileSync(path, `${lines.slice(0, cut).join('\n')}\n${lines[cut].slice(0, 25)}`);
    const r = await f.map(entries, { batchSize: 8 });
    expect(r.resumed).to.equal(true);
    expect(r.links).to.equal(40);
    expect(resolvedFiles(join(f.local, 'flat'))).to.deep.equal(resolvedFiles(join(f.shared, 'flat')));
    expect(journalState(f.state)?.mappedAt).to.be.a('number');
    expect(cleanState(f.state)).to.include({ links: 40, dirs: 1 });
    expect(treeDigest(f.local)).to.equal(before);
  });

  it('a path that appears between planning and making stops the mapping; the journal does not claim it, and cleaning leaves it', async () => {
    sample();
    f.dir('local/app');
    const roots = { allowedRoots: [f.local], sharedRoots: [f.shared], sharedRoot: f.shared };
    const entries = resolveEntries([{ shared: 'app', local: join(f.local, 'app'), policy: 'mkdir' }], roots);
    const plan = planMapping(entries, new Map(), roots.sharedRoots);
    expect(plan.conflicts).to.deep.equal([]);
    const journal = new Journal(f.state);
    journal.begin({ t: 'begin', mapping: 'test', source: 'test', site: '', node: '', at: 0 });
    // Someone else's file lands where a link is planned, after the plan.
    f.file('local/app/dangling', 'arrived late');
    const err = await failure(applyOps(plan.ops, journal, 1, 4));
    expect(err).to.be.instanceOf(MappingConflictError);
    expect((err as MappingConflictError).conflicts).to.deep.equal([{ path: join(f.local, 'app/dangling'), entry: 0, reason: 'appeared after planning' }]);
    journal.close();
    const state = journal.load();
    expect(state?.made.map((m) => m.path)).to.not.include(join(f.local, 'app/dangling'));
    const r = cleanMade(state?.made ?? []);
    expect(r.kept).to.deep.equal([]);
    expect([...treeSnapshot(join(f.local, 'app')).keys()]).to.deep.equal(['', 'dangling']);
    expect(readFileSync(join(f.local, 'app/dangling'), 'utf8')).to.equal('arrived late');
  });

  it('maps and cleans a Mayflower-sized tree (5,421 files, 481 directories) to the same resolution, leaving 0 directories behind', async () => {
    generateTree(join(f.shared, 'www'), { dirs: 481, files: 5421 });
    const before = treeDigest(f.local);
    const r = await f.map([{ shared: 'www', local: f.local, policy: 'mkdir' }]);
    expect(r).to.include({ links: 5421, dirs: 480 });
    expect(resolvedFiles(f.local)).to.deep.equal(resolvedFiles(realpathSync(join(f.shared, 'www'))));
    const c = cleanState(f.state);
    expect(c).to.include({ links: 5421, dirs: 480 });
    expect(treeDigest(f.local)).to.equal(before);
  });
});
