import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contentDigest } from '@lama/testkit';
import { lamaSync } from './helpers/lama-process.js';
import { NetnsLab } from './helpers/netns.js';

// Across namespaces: hosts lm14t-<pid>-*-h1..3 on a bridge, 10.114.0.0/24, no route out.
describe('lama transfer across network namespaces (real multicast on a private bridge)', function () {
  this.timeout(60_000);
  let lab: NetnsLab | undefined;
  let dir: string;
  before(function () {
    // Namespaces need root, as the test command runs; elsewhere this fails rather than skips.
    if (process.getuid?.() !== 0) throw new Error('network namespaces need root: run the test command as root');
    dir = mkdtempSync(join(tmpdir(), 'lama-transfer-ns-'));
    lamaSync(['keys', 'init', '--dir', join(dir, 'pool')]);
    for (const name of ['source', 'node']) lamaSync(['keys', 'issue', '--dir', join(dir, 'pool'), '--role', 'agent', '--name', name, '--out', join(dir, `${name}.cred`)]);
    for (let i = 0; i < 60; i++) {
      mkdirSync(join(dir, 'src', `d${i % 4}`), { recursive: true });
      writeFileSync(join(dir, 'src', `d${i % 4}`, `f${i}`), createHash('sha512').update(`x${i}`).digest('hex').repeat(10 + i * 3));
    }
    writeFileSync(join(dir, 'src', 'big.bin'), Buffer.alloc(1_500_000, 3));
  });
  after(async () => {
    await lab?.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('one sender and two receivers in their own namespaces: both trees bit-identical; the lab is gone afterwards', async () => {
    lab = NetnsLab.create(3, { prefix: 'lm14t', subnet: '10.114.0' });
    const group = '239.255.77.14:17147';
    const [sender, ...receivers] = lab.hosts;
    const rx = receivers.map((h, i) => h.lama(['transfer', 'receive', '--group', group, '--interface', h.address, '--out', join(dir, `out${i}`), '--credential', join(dir, 'node.cred'), '--name', `r${i}`, '--json']));
    const tx = sender.lama(['transfer', 'send', join(dir, 'src'), '--group', group, '--interface', sender.address, '--receivers', '2', '--rate', '200mbit', '--credential', join(dir, 'source.cred'), '--json']);
    expect(await tx.exit()).to.equal(0);
    const result = JSON.parse(tx.stdout.trim().split('\n').at(-1)!) as { complete: boolean; receivers: { address: string; complete: boolean }[] };
    expect(result.complete).to.equal(true);
    expect(result.receivers.map((r) => r.address).sort()).to.deep.equal(receivers.map((h) => h.address).sort());
    for (const r of rx) expect(await r.exit()).to.equal(0);
    const want = contentDigest(join(dir, 'src'));
    for (let i = 0; i < 2; i++) expect(contentDigest(join(dir, `out${i}`))).to.deep.equal(want);
    await lab.cleanup();
    expect(lab.existing()).to.deep.equal([]);
  });
});
