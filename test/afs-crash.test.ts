import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { AdapterSupervisor, afsMapperAdapter, type AdapterLogger } from '@lama/adapters';
import { generateTree, resolvedFiles, treeDigest } from '@lama/testkit';
import { LAMA_BIN, LOOPBACK_MDNS_ENV, lamaSync } from './helpers/lama-process.js';

// `lama map` killed with SIGKILL in the middle of a large mapping: its journal (flushed per
// batch, before the paths are made) lets the next run complete the mapping, or `--clean`
// roll it back, to exactly the earlier tree.

describe('afs-mapper: kill -9 in the middle of a large mapping', function () {
  this.timeout(90_000);
  const root = mkdtempSync(join(tmpdir(), 'lama-afs-crash-'));
  const shared = join(root, 'shared');
  const local = join(root, 'local');
  const mapping = join(shared, 'mapping.json');
  before(() => {
    generateTree(join(shared, 'www'), { dirs: 400, files: 8000, bytes: 8 });
    mkdirSync(local);
    writeFileSync(join(local, 'operator.txt'), 'not the mapper\'s');
    writeFileSync(mapping, JSON.stringify([{ shared: 'www', local: join(local, 'www'), policy: 'mkdir' }]));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  /** Starts `lama map` and SIGKILLs it once its journal holds more than `bytes`; resolves with the journal text. */
  const killMidMap = (stateDir: string, bytes: number): Promise<string> => new Promise((resolve, reject) => {
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
    const state = join(root, 'state-1');
    const before = treeDigest(local);
    const journal = journalOf(await killMidMap(state, 200_000));
    expect(journal.mapped, 'killed before the end').to.equal(false);
    expect(journal.links).to.be.within(1, 7999);
    const again = lamaSync(['map', mapping, '--allow', local, '--state-dir', state, '--json']);
    expect(again.status, again.stderr).to.equal(0);
    const out = JSON.parse(again.stdout) as { resumed: boolean; links: number; made: number; inPlace: number };
    expect(out).to.include({ resumed: true, links: 8000 });
    expect(out.made).to.be.greaterThan(0);
    expect(resolvedFiles(join(local, 'www'))).to.deep.equal(resolvedFiles(join(shared, 'www')));
    const clean = lamaSync(['map', mapping, '--clean', '--state-dir', state, '--json']);
    expect(clean.status, clean.stderr).to.equal(0);
    expect(JSON.parse(clean.stdout)).to.include({ links: 8000, dirs: 400 });
    expect(treeDigest(local)).to.equal(before);
  });

  it('cleaning right after the kill rolls the partial mapping back', async () => {
    const state = join(root, 'state-2');
    const before = treeDigest(local);
    const journal = journalOf(await killMidMap(state, 400_000));
    expect(journal.mapped).to.equal(false);
    const clean = lamaSync(['map', mapping, '--clean', '--state-dir', state, '--json']);
    expect(clean.status, clean.stderr).to.equal(0);
    const out = JSON.parse(clean.stdout) as { links: number; kept: unknown[] };
    expect(out.kept).to.deep.equal([]);
    expect(out.links).to.be.greaterThan(0);
    expect(treeDigest(local)).to.equal(before);
  });

  it("the agent's way: the adapter's next Start completes the mapping and its Stop cleans it", async () => {
    const state = join(root, 'state-3');
    const before = treeDigest(local);
    expect(journalOf(await killMidMap(state, 300_000)).mapped).to.equal(false);
    const lines: string[] = [];
    const log: AdapterLogger = { debug: () => undefined, info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
    const sup = await AdapterSupervisor.create('files', afsMapperAdapter, { mapping, shared, allowedRoots: [local], sharedRoots: [shared] }, { log, stateDir: state }, { startRetries: 0 });
    try {
      await sup.start();
      expect(lines.some((l) => l.includes('(completed an interrupted mapping)')), lines.join('\n')).to.equal(true);
      expect((await sup.view()).metrics).to.include({ links: 8000, directories: 400 });
      await sup.stop();
    } finally {
      await sup.close();
    }
    expect(treeDigest(local)).to.equal(before);
  });
});
