import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { sleep } from '@lama/testkit';
import { LamaProcess, startLama, lamaSync, type LogLine } from './helpers/lama-process.js';
import { TestPool } from './helpers/pool.js';
import { mountTmpfs, unmountTmpfs } from './helpers/tmpfs.js';

// This file's own loopback group and port.
const MDNS = ['--mdns-interface', '127.0.0.1', '--mdns-group', '239.255.76.121', '--mdns-port', '16121'];
const LEASE_MS = 1000;

/** Writes into dir until the file system refuses (ENOSPC); returns the bytes written. */
function fill(file: string): number {
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  let written = 0;
  try {
    // Bounded: the tmpfs is 2 MiB, so 64 chunks are more than enough.
    for (let i = 0; i < 64; i++) written += writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    closeSync(fd);
  }
  return written;
}

describe('full disk (system: an agent whose state directory is a 2 MiB tmpfs that fills, then empties)', function () {
  this.timeout(60_000);
  const pool = new TestPool();
  const procs: LamaProcess[] = [];
  const stateDir = mkdtempSync(join(tmpdir(), 'lama-full-disk-'));
  let mounted = false;
  let lookup: LamaProcess;
  let agent: LamaProcess;
  let controller: string;

  const status = () => {
    const r = lamaSync(['status', 'node-1', '--credential', controller, '--json', ...MDNS]);
    expect(r.status, r.stderr).to.equal(0);
    return JSON.parse(r.stdout) as { node: string; problems: { code: string; message: string; sinceMs: number }[] };
  };

  before(async function () {
    mountTmpfs(stateDir, '2m', 'lama-full-disk');
    mounted = true;
    controller = pool.issue('console', 'controller');
    lookup = startLama(['lookup', '--credential', pool.issue('lus', 'lookup'), '--listen', '127.0.0.1:0', '--announce-interval-ms', '1000', ...MDNS]);
    procs.push(lookup);
    await lookup.waitForLog((l) => l.msg === 'lookup service listening');
    agent = startLama(['agent', '--name', 'node-1', '--credential', pool.issue('node-1', 'agent'), '--listen', '127.0.0.1:0', '--lease-ms', String(LEASE_MS),
      '--metrics-interval-ms', '300', '--state-dir', stateDir, ...MDNS]);
    procs.push(agent);
    await agent.waitForLog((l) => l.msg === 'registered');
  });

  after(async () => {
    await Promise.all(procs.map((p) => p.stop('SIGKILL')));
    if (mounted) unmountTmpfs(stateDir);
    rmSync(stateDir, { recursive: true, force: true });
    pool.remove();
  });

  it('a healthy node reports no problems', () => {
    expect(status().problems).to.deep.equal([]);
  });

  it('full: the error in the log and in Status, while Status and the lease keep going; space back: it clears', async () => {
    const filler = join(stateDir, 'filler');
    const bytes = fill(filler);
    expect(bytes).to.be.within(1, 2 * 1024 * 1024);
    const line = await agent.waitForLog((l: LogLine) => l.code === 'ERR_STATE_DIR_WRITE', 5000);
    expect(line.level).to.equal(50); // pino's error
    expect(String(line.msg)).to.include(stateDir).and.to.match(/ENOSPC|no space/i);

    const full = status();
    expect(full.node).to.equal('node-1');
    expect(full.problems).to.have.length(1);
    expect(full.problems[0]).to.include({ code: 'ERR_STATE_DIR_WRITE' });
    expect(full.problems[0].message).to.match(/ENOSPC|no space/i);
    // Three leases on a full disk: the item stays, renewed, and Status still answers.
    await sleep(3 * LEASE_MS);
    expect(lookup.logs.some((l) => l.msg === 'item removed')).to.equal(false);
    const ls = lamaSync(['ls', '--credential', controller, '--json', ...MDNS]);
    expect(ls.status, ls.stderr).to.equal(0);
    expect((JSON.parse(ls.stdout) as { name: string }[]).map((r) => r.name)).to.include('node-1');
    expect(status().problems.map((p) => p.sinceMs)).to.deep.equal([full.problems[0].sinceMs]);

    rmSync(filler);
    await agent.waitForLog((l: LogLine) => l.msg === 'state directory writable again', 5000);
    expect(status().problems).to.deep.equal([]);
  });
});
