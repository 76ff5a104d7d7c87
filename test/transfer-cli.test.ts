import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contentDigest } from '@lama/testkit';
import { lamaSync, startLama, type LamaProcess } from './helpers/lama-process.js';

// Loopback only: the transfer tests' group 239.255.77.14, port 17143, TTL 1 (forced on 127.0.0.1).
const GROUP = '239.255.77.14:17143';

describe('lama transfer send | receive (processes, real multicast on loopback)', function () {
  this.timeout(60_000);
  let dir: string;
  const procs: LamaProcess[] = [];
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'lama-transfer-cli-'));
    expect(lamaSync(['keys', 'init', '--dir', join(dir, 'pool')]).status).to.equal(0);
    for (const name of ['source', 'node']) {
      expect(lamaSync(['keys', 'issue', '--dir', join(dir, 'pool'), '--role', 'agent', '--name', name, '--out', join(dir, `${name}.cred`)]).status).to.equal(0);
    }
    const src = join(dir, 'src');
    for (let i = 0; i < 120; i++) {
      mkdirSync(join(src, `d${i % 7}`), { recursive: true });
      writeFileSync(join(src, `d${i % 7}`, `f${i}.html`), createHash('sha512').update(String(i)).digest('hex').repeat(1 + (i % 40)));
    }
    writeFileSync(join(src, 'big.bin'), Buffer.alloc(2_000_000, 7));
  });
  afterEach(async function () {
    // A failure (a timeout above all: a session that never ended) shows what each end last said.
    if (this.currentTest?.state === 'failed') {
      for (const p of procs) process.stderr.write(`--- ${p.name}: last lines ${JSON.stringify(p.logs.slice(-5))}\nstderr tail: ${p.stderr.slice(-2000)}\n`);
    }
    await Promise.all(procs.splice(0).map((p) => p.stop('SIGKILL')));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('two receivers (one dropping 10 % in bursts) get a bit-identical tree; both ends exit 0 and print JSON', async () => {
    const outs = [join(dir, 'out1'), join(dir, 'out2')];
    const receivers = outs.map((out, i) => startLama(['transfer', 'receive', '--group', GROUP, '--interface', '127.0.0.1', '--out', out, '--credential', join(dir, 'node.cred'), '--json', ...(i === 1 ? ['--simulate-loss', '10%,4'] : [])]));
    procs.push(...receivers);
    const sender = startLama(['transfer', 'send', join(dir, 'src'), '--group', GROUP, '--interface', '127.0.0.1', '--credential', join(dir, 'source.cred'), '--receivers', '2', '--rate', '100mbit', '--json']);
    procs.push(sender);
    expect(await sender.exit()).to.equal(0);
    const result = sender.logs.at(-1) as { complete: boolean; receivers: { complete: boolean }[]; stats: { repairPackets: number } };
    expect(result.complete).to.equal(true);
    expect(result.receivers.map((r) => r.complete)).to.deep.equal([true, true]);
    expect(result.stats.repairPackets).to.be.greaterThan(0);
    for (const r of receivers) expect(await r.exit()).to.equal(0);
    const lossy = receivers[1].logs.at(-1) as { complete: boolean; simulatedLoss: number };
    expect(lossy.complete).to.equal(true);
    expect(lossy.simulatedLoss).to.be.greaterThan(0);
    const want = contentDigest(join(dir, 'src'));
    for (const out of outs) expect(contentDigest(out)).to.deep.equal(want);
  });

  it('a receiver with no session gives up after its idle timeout and exits 3, writing nothing', async () => {
    const out = join(dir, 'idle');
    const r = startLama(['transfer', 'receive', '--group', '239.255.77.14:17144', '--out', out, '--credential', join(dir, 'node.cred'), '--idle-timeout-s', '1', '--json']);
    procs.push(r);
    expect(await r.exit()).to.equal(3);
    expect((r.logs.at(-1) as { complete: boolean }).complete).to.equal(false);
    expect(() => readdirSync(out)).to.throw();
  });
});
