import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { serveStore, type StoreServer } from '@lama/agent';
import { GrandClient, type DeploymentJson } from '@lama/grand-agent';
import { loadCredential } from '@lama/lookup';
import { contentDigest, freePort, treeDigest, treeSnapshot, until } from '@lama/testkit';
import { lamaSync, startLama, type LamaProcess } from './helpers/lama-process.js';
import { writePages } from './helpers/site-pages.js';
import { publishSite } from './helpers/site-publish.js';
import { TestPool } from './helpers/pool.js';
import { mountTmpfs, unmountTmpfs } from './helpers/tmpfs.js';

// This file's own loopback group and port.
const MDNS = { LAMA_MDNS_INTERFACE: '127.0.0.1', LAMA_MDNS_GROUP: '239.255.76.133', LAMA_MDNS_PORT: '16133' };
const LEASE_MS = 2000;

/**
 * Full disks (issue 17 item 4): a deployment onto a node whose state directory (its site cache)
 * is a 2 MiB tmpfs, of a 3 MiB site, fills the disk during fetch-missing. It must fail cleanly:
 * FAILED naming ENOSPC, the node cleaned back to FREE with nothing of the site on its disks, the
 * grand agent's record and one deployment-failed alert, and Status and the lease going on.
 */
describe('deployment onto a full disk (system: lama grand, a store and a lama agent whose state directory is a 2 MiB tmpfs)', function () {
  this.timeout(60_000);
  const pool = new TestPool();
  const procs: LamaProcess[] = [];
  const stateDir = mkdtempSync(join(tmpdir(), 'lama-deploy-full-'));
  const root = join(pool.dir, 'disk');
  let mounted = false;
  let store: StoreServer | undefined;
  let api: GrandClient;
  let agent: LamaProcess;
  let grand: LamaProcess;
  let ctl = '';

  const disk = (): string => `${treeDigest(root)} ${JSON.stringify(contentDigest(root))}`;
  const status = () => {
    const r = lamaSync(['status', 'node-1', '--credential', ctl, '--json'], MDNS);
    expect(r.status, r.stderr).to.equal(0);
    return JSON.parse(r.stdout) as { node: string; lifecycle: { state: string; reason: string } };
  };

  before(async () => {
    mountTmpfs(stateDir, '2m', 'lama-deploy-full');
    mounted = true;
    ctl = pool.issue('operator', 'controller');
    // 3 MiB of distinct pages: more than the 2 MiB the node's cache may take.
    writePages(join(pool.dir, 'big'), 12, 256 * 1024);
    publishSite({ site: 'big', tree: join(pool.dir, 'big'), storeDir: join(pool.dir, 'store'), credential: ctl, definition: 'mapping:\n  - {shared: htdocs, local: /srv/big/htdocs, policy: mkdir}\n' });
    store = await serveStore(join(pool.dir, 'store'), { host: '127.0.0.1', port: await freePort() });
    grand = startLama(['grand', '--credential', pool.issue('grand', 'lookup,controller'), '--listen', '127.0.0.1:0', '--store-url', store.url,
      '--monitor-interval-ms', '300', '--deploy-timeout-ms', '30000'], MDNS);
    procs.push(grand);
    api = new GrandClient(String((await grand.waitForLog((l) => l.msg === 'grand agent running', 30_000)).endpoint), loadCredential(ctl));
    mkdirSync(join(root, 'srv'), { recursive: true });
    writeFileSync(join(root, 'srv', 'README'), 'the node\'s own file\n');
    agent = startLama(['agent', '--name', 'node-1', '--credential', pool.issue('node-1', 'agent'), '--listen', '127.0.0.1:0', '--lease-ms', String(LEASE_MS),
      '--metrics-interval-ms', '300', '--state-dir', stateDir, '--deploy-root', root], MDNS);
    procs.push(agent);
    await agent.waitForLog((l) => l.msg === 'agent running', 30_000);
    await until('the grand agent sees node-1 FREE', async () => (await api.pool()).nodes.some((n) => n.node === 'node-1' && n.lifecycle === 'FREE'), 20_000);
  });

  after(async () => {
    api?.close();
    await Promise.all(procs.map((p) => p.stop('SIGKILL')));
    await store?.close();
    if (mounted) unmountTmpfs(stateDir);
    rmSync(stateDir, { recursive: true, force: true });
    pool.remove();
  });

  it('fails with ENOSPC, cleans the node back to FREE with nothing of the site left, alerts once, and Status and the lease go on', async () => {
    const rootBefore = disk();
    const stateBefore = [...treeSnapshot(stateDir)].filter(([, e]) => e.type === 'file').map(([rel]) => rel);
    const ends: DeploymentJson[] = [];
    await new Promise<void>((resolve, reject) => {
      api.deploy({ site: 'big', nodes: ['node-1'] }).subscribe({ next: (d) => ends.push(d), error: reject, complete: resolve });
    });
    const d = ends[ends.length - 1];
    console.log(`    ${d.state} after ${d.seconds} s (cleanup included): ${d.message}`);
    expect(d.state).to.equal('failed');
    expect(d.nodes[0].state).to.equal('failed');
    expect(d.nodes[0].reason).to.match(/ENOSPC/);
    expect(d.nodes[0].cleanup).to.equal('clean');

    const s = status();
    expect(s.lifecycle.state).to.equal('FREE');
    expect(disk()).to.equal(rootBefore);
    // Of the site, the state directory keeps only its signed manifest (the node's floor against a
    // rollback to an older version); no object, complete or partial, is left of the 3 MiB.
    const files = (dir: string): string[] => [...treeSnapshot(dir)].filter(([, e]) => e.type === 'file').map(([rel]) => rel).sort();
    const added = files(stateDir).filter((f) => !stateBefore.includes(f));
    const bookkeeping = ['_deploy/lifecycle.json', '_sites/cache/journal', '_sites/cache/lock'];
    expect(added.filter((f) => !bookkeeping.includes(f))).to.deep.equal(['_sites/cache/manifests/big/1.json']);
    expect(files(stateDir).filter((f) => /^_sites\/cache\/(objects|partial)\//.test(f))).to.deep.equal([]);
    // The life cycle was written again once cleaning had made room (FREE on disk, not the DEPLOYING it could not overwrite).
    expect(JSON.parse(readFileSync(join(stateDir, '_deploy/lifecycle.json'), 'utf8'))).to.include({ state: 'FREE' });
    expect(agent.logs.some((l) => l.msg === 'life cycle written again')).to.equal(true);
    const alerts = await api.alerts();
    expect(alerts.map((a) => [a.kind, a.deploymentId])).to.deep.equal([['deployment-failed', d.id]]);
    expect(alerts[0].message).to.match(/ENOSPC/);
    expect((await api.deployments()).map((x) => [x.id, x.state])).to.deep.equal([[d.id, 'failed']]);
    // The node never left the pool: its lease went on through the full disk, and Status answered.
    expect(grand.logs.some((l) => l.node === 'node-1' && (l.msg === 'node lease expired' || l.msg === 'node left'))).to.equal(false);
    expect(s.node).to.equal('node-1');
  });
});
