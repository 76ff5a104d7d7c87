import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { ProcessGroupFile, spawnService } from '../src/index.js';

/** Live processes whose command line is `sleep SECONDS`. */
function sleeping(seconds: number): number[] {
  return readdirSync('/proc').filter((e) => /^\d+$/.test(e)).flatMap((e) => {
    try {
      const cmd = readFileSync(`/proc/${e}/cmdline`, 'utf8').split('\0');
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      return cmd[0].endsWith('sleep') && cmd[1] === String(seconds) && stat[stat.lastIndexOf(')') + 2] !== 'Z' ? [Number(e)] : [];
    } catch {
      return [];
    }
  });
}

const until = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).to.equal(true);
};

describe('process groups of services: the ledger and its sweep (real processes)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lama-pgroups-'));
  after(() => {
    for (const s of [1301, 1302, 1303]) for (const pid of sleeping(s)) process.kill(pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('records a service\'s group while it runs; a later sweep (a restarted agent) kills the whole group, children included', async () => {
    const file = join(dir, 'groups.json');
    const ledger = new ProcessGroupFile(file);
    const child = spawnService('/bin/sh', ['-c', 'sleep 1301 & exec sleep 1302'], { stdio: 'ignore' }, ledger);
    await until(() => sleeping(1301).length === 1 && sleeping(1302).length === 1);
    expect(ledger.recorded().map((g) => g.pgid)).to.deep.equal([child.pid]);
    const pids = [...sleeping(1301), ...sleeping(1302)].sort();
    const swept = new ProcessGroupFile(file).sweep();
    expect(swept.groups).to.equal(1);
    expect([...swept.pids].sort()).to.deep.equal(pids);
    await until(() => sleeping(1301).length === 0 && sleeping(1302).length === 0);
    expect(new ProcessGroupFile(file).recorded()).to.deep.equal([]);
  });

  it('leaves a group alone whose leader pid now belongs to a process started at another time (a reused pid)', async () => {
    const file = join(dir, 'reused.json');
    const child = spawnService('/bin/sh', ['-c', 'exec sleep 1303'], { stdio: 'ignore' });
    await until(() => sleeping(1303).length === 1);
    writeFileSync(file, JSON.stringify({ groups: [{ pgid: child.pid, start: 1 }] }));
    expect(new ProcessGroupFile(file).sweep().pids).to.deep.equal([]);
    expect(sleeping(1303)).to.deep.equal([child.pid]);
    child.kill('SIGKILL');
  });
});
