import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { AdapterSupervisor, type AdapterLogger } from '@lama/adapters';
import { afsMapperAdapter } from '@lama/adapters/builtin';
import { generateTree, resolvedFiles, treeDigest } from '@lama/testkit';
import { LAMA_BIN, LOOPBACK_MDNS_ENV, lamaSync } from './helpers/lama-process.js';

// `lama map` killed with SIGKILL in the middle of a large mapping: its journal (flushed per
// batch, before the paths are made) lets the next run complete the mapping, or `--clean`
// roll it back, to exactly the earlier tree.

describe('afs-mapper: kill -9 in the middle of a large mapping', function () {
  this.timeout(90_000);
  const root = mkdtempSync(join(tmpdir(), 'lama-afs-crash-'));
  const shared = join(root, 'shared');
  before(() => generateTree(join(shared, 'www'), { dirs: 250, files: 5000, bytes: 8 }));

  /** Each case its own local root and mapping, so that one failure does not spill into the next. */
  const layout = (n: number): { local: string; mapping: string; state: string } => {
    const local = join(root, `local-${n}`);
    const mapping = join(shared, `mapping-${n}.json`);
    mkdirSync(local);
    writeFileSync(join(local, 'operator.txt'), 'not the mapper\'s');
    writeFileSync(mapping, JSON.stringify([{ shared: 'www', local: join(local, 'www'), policy: 'mkdir' }]));
    return { local, mapping, state: join(root, `state-${n}`) };
  };
  after(() => rmSync(root, { recursive: true, force: true }));

  /** Starts `lama map` and SIGKILLs it once its journal holds more than `bytes`; resolves with the journal text. */
  const killMidMap = ({ local, mapping, state: stateDir }: { local: string; mapping: string; state: string }, bytes: number): Promise<string> => new Promise((resolve, reject) => {
    const journal = join(stateDir, 'afs-mapper.journal');
    const child = spawn(process.execPath, [LAMA_BIN, 'map', mapping, '--allow', local, '--state-dir', stateDir], { env: { ...process.env, ...LOOPBACK_MDNS_ENV }, stdio: 'ignore' });
    let killed = false;
    const poll = setInterval(() => {
      const size = statSync(journal, { throwIfNoEntry: false })?.size ?? 0;
      if (size > bytes && !killed) { killed = true; child.kill('SIGKILL'); }
    }, 1);
    child.on('exit', (code, signal) => {
      clearInterval(poll);
      if (signal !== 'SIGKILL') reject(new Error(`lama map ended by itself (status ${code}) before it could be killed`));
      else resolve(readFileSync(journal, 'utf8'));
    });
  });

  const journalOf = (text: string): { links: number; mapped: boolean } => {
    const lines = text.split('\n').filter(Boolean);
    return { links: lines.filter((l) => l.startsWith('{"t":"link"')).length, mapped: lines.some((l) => l.startsWith('{"t":"mapped"')) };
  };

  it('the next run completes the mapping, and cleaning then restores the earlier tree', async () => {
    const l = layout(1);
    const { local, mapping, state } = l;
    const before = treeDigest(local);
    const journal = journalOf(await killMidMap(l, 150_000));
    expect(journal.mapped, 'killed before the end').to.equal(false);
    expect(journal.links).to.be.within(1, 4999);
    const again = lamaSync(['map', mapping, '--allow', local, '--state-dir', state, '--json']);
    expect(again.status, again.stderr).to.equal(0);
    const out = JSON.parse(again.stdout) as { resumed: boolean; links: number; made: number; inPlace: number };
    expect(out).to.include({ resumed: true, links: 5000 });
    expect(out.made).to.be.greaterThan(0);
    expect(resolvedFiles(join(local, 'www'))).to.deep.equal(resolvedFiles(join(shared, 'www')));
    const clean = lamaSync(['map', mapping, '--clean', '--state-dir', state, '--json']);
    expect(clean.status, clean.stderr).to.equal(0);
    expect(JSON.parse(clean.stdout)).to.include({ links: 5000, dirs: 250 });
    expect(treeDigest(local)).to.equal(before);
  });

  it('cleaning right after the kill rolls the partial mapping back', async () => {
    const l = layout(2);
    const { local, mapping, state } = l;
    const before = treeDigest(local);
    const journal = journalOf(await killMidMap(l, 300_000));
    expect(journal.mapped).to.equal(false);
    const clean = lamaSync(['map', mapping, '--clean', '--state-dir', state, '--json']);
    expect(clean.status, clean.stderr).to.equal(0);
    const out = JSON.parse(clean.stdout) as { links: number; kept: unknown[] };
    expect(out.kept).to.deep.equal([]);
    expect(out.links).to.be.greaterThan(0);
    expect(treeDigest(local)).to.equal(before);
  });

  it("the agent's way: the adapter's next Start completes the mapping and its Stop cleans it", async () => {
    const l = layout(3);
    const { local, mapping, state } = l;
    const before = treeDigest(local);
    expect(journalOf(await killMidMap(l, 200_000)).mapped).to.equal(false);
    const lines: string[] = [];
    const log: AdapterLogger = { debug: () => undefined, info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
    const sup = await AdapterSupervisor.create('files', afsMapperAdapter, { mapping, shared, allowedRoots: [local], sharedRoots: [shared] }, { log, stateDir: state }, { startRetries: 0 });
    try {
      await sup.start();
      expect(lines.some((l) => l.includes('(completed an interrupted mapping)')), lines.join('\n')).to.equal(true);
      expect((await sup.view()).metrics).to.include({ links: 5000, directories: 250 });
      await sup.stop();
    } finally {
      await sup.close();
    }
    expect(treeDigest(local)).to.equal(before);
  });
});
