import { existsSync, mkdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { serveStore, type StoreServer } from '@lama/agent';
import { GrandClient, type DeploymentJson } from '@lama/grand-agent';
import { loadCredential } from '@lama/lookup';
import { contentDigest, freePort, treeDigest, until } from '@lama/testkit';
import { startLama, type LamaProcess } from './helpers/lama-process.js';
import { TestPool } from './helpers/pool.js';
import { publishSite } from './helpers/site-publish.js';
import { writeWithMode as write } from './helpers/write-file.js';

// Khnum end to end (seed 000 §3.1, §3.3): `lama deploy` asks a real grand agent, whose
// deployment manager drives real `lama agent` processes through their Deployer API; the
// first deployment of the site fetches from the store, the second takes a multicast cache
// snapshot from the first node (loopback, TTL 1); `lama clean` gives the disk back as it was.

const MDNS = { LAMA_MDNS_INTERFACE: '127.0.0.1', LAMA_MDNS_GROUP: '239.255.76.122', LAMA_MDNS_PORT: '16122' };
const CACHE_GROUP = '239.255.77.22:17220';

describe('Khnum deployment end to end (system: lama deploy -> lama grand -> lama agent processes, loopback)', function () {
  this.timeout(120_000);
  const pool = new TestPool();
  const scratch = pool.dir;
  const procs: LamaProcess[] = [];
  let store: StoreServer;
  let grandEndpoint = '';
  let ctlFile = '';
  let api: GrandClient;
  const roots: Record<string, string> = {};
  const before_: Record<string, string> = {};

  const disk = (root: string): string => `${treeDigest(root)} ${JSON.stringify(contentDigest(root))}`;

  /** Runs a lama client command against the grand agent without blocking this process. */
  const lama = async (...args: string[]): Promise<{ code: number | null; out: string; err: string }> => {
    const p = startLama([...args, '--credential', ctlFile, '--grand', grandEndpoint], MDNS);
    procs.push(p);
    const code = await p.exited;
    return { code, out: p.logs.map((l) => l.msg).join('\n'), err: p.stderr };
  };

  before(async () => {
    ctlFile = pool.issue('operator', 'controller');
    // A site: pages mapped by mkdir, a log directory by mktree, and a service started from the replica.
    const tree = join(scratch, 'news');
    for (let i = 0; i < 20; i++) write(join(tree, `htdocs/p${i}.html`), `<p>${i}</p>${'y'.repeat(1000 + i)}`);
    mkdirSync(join(tree, 'logs'), { recursive: true });
    write(join(tree, 'bin/serve.sh'), '#!/bin/sh\necho "$1" > "$2/instance.txt"\nexec sleep 1241\n', 0o755);
    const storeDir = join(scratch, 'store');
    publishSite({ site: 'news', tree, storeDir, credential: ctlFile, definition: [
      'mapping:',
      '  - {shared: htdocs, local: /srv/news/htdocs, policy: mkdir}',
      '  - {shared: logs, local: /srv/news/logs, policy: mktree}',
      'adapters:',
      "  - {name: web, type: process, options: {command: /bin/sh, args: ['${replica}/bin/serve.sh', '${node}', '${root}/srv/news/logs'], startMs: 200}}",
      '',
    ].join('\n') });
    store = await serveStore(storeDir, { host: '127.0.0.1', port: await freePort() });

    const grand = startLama(['grand', '--credential', pool.issue('grand', 'lookup,controller'), '--listen', '127.0.0.1:0', '--store-url', store.url,
      '--cache-group', CACHE_GROUP, '--cache-interface', '127.0.0.1', '--deploy-timeout-ms', '60000', '--monitor-interval-ms', '500'], MDNS);
    procs.push(grand);
    grandEndpoint = String((await grand.waitForLog((l) => l.msg === 'grand agent running', 30_000)).endpoint);
    api = new GrandClient(grandEndpoint, loadCredential(ctlFile));
    for (const name of ['node-1', 'node-2', 'node-3']) {
      const root = join(scratch, 'disks', name);
      write(join(root, 'etc/hostname'), `${name}\n`);
      mkdirSync(join(root, 'srv'), { recursive: true });
      roots[name] = root;
      before_[name] = disk(root);
      const agent = startLama(['agent', '--name', name, '--credential', pool.issue(name, 'agent'), '--listen', '127.0.0.1:0', '--lease-ms', '3000',
        '--state-dir', join(scratch, 'state', name), '--deploy-root', root], MDNS);
      procs.push(agent);
      await agent.waitForLog((l) => l.msg === 'agent running', 30_000);
    }
    await until('the grand agent sees three FREE nodes', async () => (await api.pool()).nodes.filter((n) => n.lifecycle === 'FREE').length === 3, 20_000);
  });

  after(async () => {
    api?.close();
    await Promise.all(procs.map((p) => p.stop('SIGTERM', 5000)));
    await store?.close();
    pool.remove();
  });

  it('the first deployment comes from the store; the next takes the first node\'s cache by multicast; every node serves the site', async () => {
    let r = await lama('deploy', 'news', '--nodes', 'node-1');
    expect(r.code, `${r.out}\n${r.err}`).to.equal(0);
    expect(r.out).to.match(/^ {2}node-1 {2}complete in \d+\.\d s \(stop-services /m);
    r = await lama('deploy', 'news', '--nodes', 'node-2,node-3');
    expect(r.code, `${r.out}\n${r.err}`).to.equal(0);
    expect(r.out).to.match(/cache source node-1/);
    const list = JSON.parse((await lama('deployments', '--json')).out) as DeploymentJson[];
    expect(list.map((d) => [d.kind, d.state, d.cacheSource ?? ''])).to.deep.equal([['deploy', 'complete', ''], ['deploy', 'complete', 'node-1']]);
    // 20 pages and the script: all from the store the first time, all from node-1's multicast the second.
    expect(list[0].nodes.map((n) => [n.node, n.filesFromStore, n.filesFromCacheSource])).to.deep.equal([['node-1', 21, 0]]);
    expect(list[1].nodes.map((n) => [n.node, n.filesFromStore, n.filesFromCacheSource])).to.deep.equal([['node-2', 0, 21], ['node-3', 0, 21]]);
    for (const name of ['node-1', 'node-2', 'node-3']) {
      const page = join(roots[name], 'srv/news/htdocs/p7.html');
      expect(readlinkSync(page), name).to.match(/\/p7\.html$/);
      await until(`${name}'s service to write its instance file`, () => existsSync(join(roots[name], 'srv/news/logs/instance.txt')), 10_000);
    }
    await until('the grand agent sees three OPERATIONAL nodes', async () => (await api.pool()).nodes.filter((n) => n.lifecycle.startsWith('OPERATIONAL')).length === 3, 10_000);
  });

  it('lama clean returns each node to FREE with its disk exactly as before the deployment', async () => {
    const r = await lama('clean', 'node-1', 'node-2', 'node-3');
    expect(r.code, `${r.out}\n${r.err}`).to.equal(0);
    await until('the grand agent sees three FREE nodes again', async () => (await api.pool()).nodes.filter((n) => n.lifecycle === 'FREE').length === 3, 20_000);
    for (const name of ['node-1', 'node-2', 'node-3']) expect(disk(roots[name]), name).to.equal(before_[name]);
  });
});
