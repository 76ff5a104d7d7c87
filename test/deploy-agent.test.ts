import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { firstValueFrom, timeout, toArray, takeWhile } from 'rxjs';
import { DeployerClient, serveStore, signSiteManifest, type RemoteDeploymentProgress, type SiteManifest, type StoreServer } from '@lama/agent';
import { loadCredential, type Credential } from '@lama/lookup';
import { childPids, contentDigest, freePort, isRunning, sleep, treeDigest, until } from '@lama/testkit';
import { lamaSync, startLama, type LamaProcess } from './helpers/lama-process.js';
import { TestPool } from './helpers/pool.js';
import { publishSite } from './helpers/site-publish.js';
import { writeWithMode as write } from './helpers/write-file.js';
import { sleeping } from './helpers/sleepers.js';

// Khnum's node side (seed 000 §3.1) with real `lama agent` processes on loopback: a site
// published to a store, deployed onto three agents at once through their Deployer API (as the
// grand agent's deployment manager calls it), cleaned back to FREE with the node's disk as it
// was, a tampered manifest and object refused, a deployment onto a busy node refused, an agent
// killed with SIGKILL mid-deployment rolled back at restart, and no service process outliving
// a killed agent.

const MDNS = { LAMA_MDNS_INTERFACE: '127.0.0.1', LAMA_MDNS_GROUP: '239.255.76.118', LAMA_MDNS_PORT: '16118' };
const STEPS = ['stop-services', 'fetch-manifest', 'fetch-missing', 'materialize', 'map', 'start-services'];

/** Paths, types, modes, link targets and file contents under root. */
function diskDigest(root: string): string {
  return `${treeDigest(root)} ${JSON.stringify(contentDigest(root))}`;
}

/** A progress report's life cycle (always present in what the agent sends). */
function lc(p: RemoteDeploymentProgress | undefined): NonNullable<RemoteDeploymentProgress['lifecycle']> {
  if (!p?.lifecycle) throw new Error('a progress report without its life cycle');
  return p.lifecycle;
}

describe('deployment on the agent (Deployer API, real lama agent processes, loopback)', function () {
  this.timeout(120_000);
  const pool = new TestPool();
  const scratch = pool.dir;
  const storeDir = join(scratch, 'store');
  const procs: LamaProcess[] = [];
  const clients: DeployerClient[] = [];
  let store: StoreServer;
  let controller: Credential;
  let controllerFile: string;

  const publish = (site: string, tree: string, definition: string): void => publishSite({ site, tree, definition, storeDir, credential: join(scratch, 'publisher.cred') });

  /** A node's disk before any deployment: base directories and its own files. */
  const nodeRoot = (name: string): string => {
    const root = join(scratch, 'disks', name);
    write(join(root, 'etc/hostname'), `${name}\n`);
    write(join(root, 'srv/README'), 'the node\'s own file\n');
    return root;
  };

  interface Node { name: string; root: string; state: string; proc: LamaProcess; client: DeployerClient; endpoint: string; args: string[] }

  const startAgent = async (name: string, extra: string[] = [], root = join(scratch, 'disks', name)): Promise<Node> => {
    const state = join(scratch, 'state', name);
    const args = ['agent', '--name', name, '--credential', pool.issue(name, 'agent'), '--listen', '127.0.0.1:0', '--lease-ms', '2000', '--state-dir', state, '--deploy-root', root, ...extra];
    const proc = startLama(args, MDNS);
    procs.push(proc);
    const line = await proc.waitForLog((l) => l.msg === 'agent running', 20_000);
    const endpoint = String(line.endpoint);
    const client = new DeployerClient(endpoint, controller, 20_000, { node: name });
    clients.push(client);
    return { name, root, state, proc, client, endpoint, args };
  };

  /** Progress reports until the life cycle enters one of `states` from now on; the last one is the first such. */
  const until_ = (n: Node, states: string[], ms = 30_000): Promise<RemoteDeploymentProgress[]> => {
    const t0 = Date.now();
    const reached = (p: RemoteDeploymentProgress): boolean => states.includes(lc(p).state) && lc(p).sinceMs >= t0;
    return firstValueFrom(n.client.watch().pipe(takeWhile((p) => !reached(p), true), toArray(), timeout(ms)));
  };

  before(async () => {
    controllerFile = pool.issue('manager', 'controller');
    controller = loadCredential(controllerFile);
    pool.issue('publisher', 'controller');
    // The site: a document tree (mapped mkdir: real directories, links to files), a log
    // directory (mktree) whose post-mapping script writes the node's own file, and a service
    // that writes instance data where the mapper made the place.
    const tree = join(scratch, 'shop');
    for (let i = 0; i < 30; i++) write(join(tree, `htdocs/d${i % 3}/page${i}.html`), `<p>page ${i}</p>${'x'.repeat(2000 + i)}`);
    write(join(tree, 'htdocs/index.html'), '<h1>shop</h1>');
    mkdirSync(join(tree, 'logs'), { recursive: true });
    write(join(tree, 'bin/setup.sh'), '#!/bin/sh\nset -eu\necho "$LAMA_NODE $LAMA_SITE" > "$LAMA_LOCAL/setup.txt"\n', 0o755);
    write(join(tree, 'bin/serve.sh'), '#!/bin/sh\necho "served by $1" > "$2/instance.txt"\nexec sleep 1236\n', 0o755);
    // An adapter the nodes lack, brought by the site (downloadable code, covered by the manifest's signature).
    write(join(tree, 'adapters/probe.mjs'), [
      'import { writeFileSync } from "node:fs";',
      'export default (sdk) => sdk.defineAdapter({',
      '  type: "site-probe", description: "came with the site: writes a file when started", roles: ["probe"], params: {},',
      '  options: (raw) => sdk.objectOptions("site-probe", raw, ["file"]),',
      '  create(o) {',
      '    let running = false;',
      '    return { async start() { writeFileSync(o.file, "probe running\\n"); running = true; }, async stop() { running = false; },',
      '      async status() { return { running: running ? 1 : 0 }; }, async set() {}, params: () => ({}) };',
      '  },',
      '});', '',
    ].join('\n'));
    publish('shop', tree, [
      'mapping:',
      '  - {shared: htdocs, local: /srv/shop/htdocs, policy: mkdir}',
      '  - {shared: logs, local: /srv/shop/logs, policy: mktree, script: bin/setup.sh}',
      'adapters:',
      "  - {name: web, type: process, options: {command: /bin/sh, args: ['${replica}/bin/serve.sh', '${node}', '${root}/srv/shop/htdocs'], startMs: 200}}",
      "  - {name: probe, type: site-probe, module: adapters/probe.mjs, options: {file: '${root}/srv/shop/logs/probe-${address}.txt'}}",
      '',
    ].join('\n'));
    // A site whose post-mapping script takes long: a deployment to kill half-way.
    const slow = join(scratch, 'slow');
    write(join(slow, 'htdocs/index.html'), 'slow');
    write(join(slow, 'bin/wait.sh'), '#!/bin/sh\nsleep 1239\n', 0o755);
    publish('slow', slow, 'mapping:\n  - {shared: htdocs, local: /srv/slow, policy: mkdir, script: bin/wait.sh}\n');
    publish('bent', tree, 'mapping:\n  - {shared: htdocs, local: /srv/bent, policy: mkdir}\n');
    publish('alien', tree, 'adapters:\n  - {name: odd, type: other, module: adapters/probe.mjs}\n');
    store = await serveStore(storeDir, { host: '127.0.0.1', port: await freePort() });
  });

  after(async () => {
    for (const c of clients) c.close();
    await Promise.all(procs.map((p) => p.stop('SIGKILL')));
    await store?.close();
    for (const s of [1236, 1237, 1238, 1239]) for (const pid of sleeping(s)) process.kill(pid, 'SIGKILL');
    pool.remove();
  });

  let nodes: Node[] = [];
  let diskBefore: string;

  it('three agents deploy a site at once: steps timed, replica mapped, script run, service started; the item and Status say OPERATIONAL', async () => {
    const roots = ['node-1', 'node-2', 'node-3'].map(nodeRoot);
    diskBefore = diskDigest(roots[0]);
    const lookup = startLama(['lookup', '--credential', pool.issue('lus', 'lookup'), '--listen', '127.0.0.1:0', '--announce-interval-ms', '1000'], MDNS);
    procs.push(lookup);
    await lookup.waitForLog((l) => l.msg === 'lookup service listening');
    nodes = await Promise.all(['node-1', 'node-2', 'node-3'].map((n) => startAgent(n)));
    const watches = nodes.map((n) => until_(n, ['OPERATIONAL', 'FAILED']));
    const started = await Promise.all(nodes.map((n, i) => n.client.startDeployment({ deploymentId: `d-${i}`, site: 'shop', version: 0, storeUrl: store.url })));
    expect(started.map((l) => [l.state, l.site, l.deploymentId])).to.deep.equal([['DEPLOYING', 'shop', 'd-0'], ['DEPLOYING', 'shop', 'd-1'], ['DEPLOYING', 'shop', 'd-2']]);
    const runs = await Promise.all(watches);
    for (const [i, run] of runs.entries()) {
      const last = run[run.length - 1];
      expect(lc(last), lc(last).reason).to.include({ state: 'OPERATIONAL', site: 'shop', version: 1, deploymentId: `d-${i}` });
      expect(last.steps.map((s) => s.step)).to.deep.equal(STEPS);
      expect(last.steps.every((s) => s.seconds >= 0 && s.seconds < 30)).to.equal(true);
      // 30 pages, the index, two scripts and the adapter module: every object came from the store (no cache source).
      expect(last.filesFromStore).to.equal(34);
      expect(last.filesFromCacheSource).to.equal(0);
      expect(last.bytes).to.be.greaterThan(60_000);
      expect(run.some((p) => p.step === 'fetch-missing'), 'progress reported the step under way').to.equal(true);
    }
    for (const n of nodes) {
      const local = join(n.root, 'srv/shop');
      expect(readFileSync(join(local, 'htdocs/index.html'), 'utf8')).to.equal('<h1>shop</h1>');
      expect(readlinkSync(join(local, 'htdocs/d0/page0.html'))).to.equal(join(n.state, '_sites/replicas/shop/current/htdocs/d0/page0.html'));
      expect(readFileSync(join(local, 'logs/setup.txt'), 'utf8')).to.equal(`${n.name} shop\n`);
      // ${address} is the agent's own host (its --listen 127.0.0.1:0).
      expect(readFileSync(join(local, 'logs/probe-127.0.0.1.txt'), 'utf8')).to.equal('probe running\n');
      await until('the service\'s instance data', () => existsSync(join(local, 'htdocs/instance.txt')), 5000);
      expect(readFileSync(join(local, 'htdocs/instance.txt'), 'utf8')).to.equal(`served by ${n.name}\n`);
    }
    expect(sleeping(1236)).to.have.length(3);
    // The item's lama.Lifecycle and Status's lifecycle follow.
    await sleep(500);
    const ls = lamaSync(['ls', '--credential', controllerFile, '--json'], MDNS);
    expect(ls.status, ls.stderr).to.equal(0);
    const items = JSON.parse(ls.stdout) as { name: string; attributes: { type: string; fields: Record<string, string> }[] }[];
    for (const n of nodes) {
      const item = items.find((x) => x.name === n.name);
      expect(item?.attributes.find((a) => a.type === 'lama.Lifecycle')?.fields).to.deep.equal({ state: 'OPERATIONAL', site: 'shop', version: '1' });
      expect(item?.attributes.find((a) => a.type === 'lama.Adapter' && a.fields.name === 'web')?.fields.state).to.equal('RUNNING');
      expect(item?.attributes.find((a) => a.type === 'lama.Adapter' && a.fields.name === 'probe')?.fields).to.include({ type: 'site-probe', state: 'RUNNING', roles: 'probe' });
    }
    const status = lamaSync(['status', 'node-2', '--credential', controllerFile, '--json'], MDNS);
    expect(status.status, status.stderr).to.equal(0);
    expect(JSON.parse(status.stdout).lifecycle).to.include({ state: 'OPERATIONAL', site: 'shop', version: 1, deploymentId: 'd-1' });
    expect(lamaSync(['status', 'node-2', '--credential', controllerFile], MDNS).stdout).to.match(/^lifecycle OPERATIONAL shop@1$/m);
  });

  it('a deployment onto a node that is not FREE, a cleaning of a FREE node, and bad requests are refused, changing nothing', async () => {
    const busy = await nodes[0].client.startDeployment({ deploymentId: 'again', site: 'shop', version: 0, storeUrl: store.url }).catch((e: Error & { code?: string }) => e);
    expect(busy).to.be.instanceOf(Error);
    expect((busy as Error & { code?: string }).code).to.equal('ERR_LIFECYCLE');
    expect((busy as Error).message).to.match(/node 'node-1' is OPERATIONAL: the life cycle does not allow OPERATIONAL -> DEPLOYING/);
    const bad = await nodes[0].client.startDeployment({ site: 'Bad_Site', storeUrl: store.url }).catch((e: Error) => e);
    expect((bad as Error).message).to.match(/site name 'Bad_Site'/);
    const url = await nodes[0].client.startDeployment({ site: 'shop', storeUrl: 'ftp://x' }).catch((e: Error) => e);
    expect((url as Error).message).to.match(/must be http:\/\/HOST:PORT/);
    const source = await nodes[0].client.prepareCacheSnapshot({ site: 'other' }).catch((e: Error) => e);
    expect((source as Error).message).to.match(/node 'node-1' is OPERATIONAL for shop@1: only a node OPERATIONAL for other can be its cache source/);
    const first = await firstValueFrom(nodes[0].client.watch());
    expect(lc(first)).to.include({ state: 'OPERATIONAL', deploymentId: 'd-0' });
  });

  it('cleaning stops the site\'s service, unmaps, removes the instance data and drops the cache: the node\'s disk is as before', async () => {
    const n = nodes[0];
    const watch = until_(n, ['FREE', 'FAILED']);
    const l = await n.client.startCleaning('d-0', false);
    expect(l.state).to.equal('CLEANING');
    const run = await watch;
    const last = run[run.length - 1];
    expect(lc(last), lc(last).reason).to.include({ state: 'FREE', site: '', version: 0 });
    expect(last.steps.map((s) => s.step)).to.deep.equal(['stop-services', 'unmap', 'remove-instance-data', 'drop-cache']);
    expect(diskDigest(n.root), 'paths, types, modes, link targets and contents').to.equal(diskBefore);
    expect(existsSync(join(n.state, '_sites/replicas/shop'))).to.equal(false);
    expect(readdirSync(join(n.state, '_sites/cache/objects')).flatMap((f) => readdirSync(join(n.state, '_sites/cache/objects', f)))).to.deep.equal([]);
    expect(sleeping(1236)).to.have.length(2);
    // FREE again: a second cleaning is refused; a new deployment is accepted.
    const twice = await n.client.startCleaning().catch((e: Error) => e);
    expect((twice as Error).message).to.match(/node 'node-1' is FREE: the life cycle does not allow FREE -> CLEANING/);
  });

  it('a tampered manifest and a tampered object are refused (FAILED with the reason, nothing mapped); cleaning brings the node back to FREE', async () => {
    const n = nodes[0];
    // The manifest of bent@1: one hash of its body changed, the signature left as it was.
    const manifestPath = join(storeDir, 'sites/bent/1.json');
    const original = readFileSync(manifestPath, 'utf8');
    const doc = JSON.parse(original) as { body: string };
    const manifest = JSON.parse(doc.body) as { entries: { path: string; sha256?: string }[] };
    const sha = manifest.entries.find((e) => e.path === 'htdocs/index.html')?.sha256 as string;
    writeFileSync(manifestPath, JSON.stringify({ ...doc, body: doc.body.replace(sha, `${sha[0] === 'a' ? 'b' : 'a'}${sha.slice(1)}`) }));
    let watch = until_(n, ['OPERATIONAL', 'FAILED']);
    await n.client.startDeployment({ deploymentId: 't1', site: 'bent', version: 1, storeUrl: store.url });
    let last = (await watch).pop() as RemoteDeploymentProgress;
    expect(lc(last).state).to.equal('FAILED');
    expect(lc(last).reason).to.match(/^fetch-manifest: signed document does not verify: its body or date was changed after 'publisher' signed it/);
    expect(diskDigest(n.root)).to.equal(diskBefore);
    watch = until_(n, ['FREE', 'FAILED']);
    await n.client.startCleaning('t1');
    expect(lc((await watch).pop()).state).to.equal('FREE');
    writeFileSync(manifestPath, original);
    // One object of the store overwritten with other bytes.
    const objectPath = join(storeDir, 'data', sha.slice(0, 2), sha);
    const bytes = readFileSync(objectPath);
    writeFileSync(objectPath, Buffer.from('<h1>evil</h1>'));
    try {
      watch = until_(n, ['OPERATIONAL', 'FAILED']);
      await n.client.startDeployment({ deploymentId: 't2', site: 'bent', version: 1, storeUrl: store.url });
      last = (await watch).pop() as RemoteDeploymentProgress;
      expect(lc(last).state).to.equal('FAILED');
      expect(lc(last).reason).to.match(/^fetch-missing: .*(hash|sha256)/i);
      expect(diskDigest(n.root)).to.equal(diskBefore);
      watch = until_(n, ['FREE', 'FAILED']);
      await n.client.startCleaning('t2');
      expect(lc((await watch).pop()).state).to.equal('FREE');
    } finally {
      writeFileSync(objectPath, bytes);
    }
    // The same body signed by a member without role controller: its adapters and scripts never run.
    writeFileSync(manifestPath, JSON.stringify(signSiteManifest(loadCredential(pool.issue('rogue', 'agent')), JSON.parse(doc.body) as SiteManifest)));
    const refusals: [string, RegExp][] = [
      ['bent', /^fetch-manifest: role 'controller' required; credential 'rogue' has agent/],
      // A module the site brings must define the type its definition declares.
      ['alien', /^start-services: adapter module 'adapters\/probe.mjs' of alien@1 defines type 'site-probe', the site definition says 'other'/],
    ];
    for (const [site, reason] of refusals) {
      watch = until_(n, ['OPERATIONAL', 'FAILED']);
      await n.client.startDeployment({ deploymentId: site, site, version: 1, storeUrl: store.url });
      last = (await watch).pop() as RemoteDeploymentProgress;
      expect(lc(last).state).to.equal('FAILED');
      expect(lc(last).reason).to.match(reason);
      watch = until_(n, ['FREE', 'FAILED']);
      await n.client.startCleaning(site);
      expect(lc((await watch).pop()).state).to.equal('FREE');
    }
    writeFileSync(manifestPath, original);
    expect(diskDigest(n.root)).to.equal(diskBefore);
  });

  it('an OPERATIONAL node is the cache source: its snapshot multicast on loopback fills the new node\'s cache; a snapshot signed by another node than the source is refused', async () => {
    const [n, , source] = nodes;
    const fresh = await startAgent('node-4', [], nodeRoot('node-4'));
    const prepare = (port: number, receivers: string[]) => source.client.prepareCacheSnapshot({ site: 'shop', group: `239.255.77.18:${port}`, interface: '127.0.0.1', receivers, rateBitsPerSec: 50_000_000, deadlineMs: 20_000 });
    const ready = await prepare(17180, [n.name, fresh.name]);
    expect(ready.files).to.equal(34);
    expect(ready.session).to.include({ group: '239.255.77.18:17180', interface: '127.0.0.1', sourceNode: 'node-3' });
    // Both new nodes at once, from one session.
    const watches = [n, fresh].map((x) => until_(x, ['OPERATIONAL', 'FAILED']));
    await Promise.all([n, fresh].map((x, i) => x.client.startDeployment({ deploymentId: `m-${i}`, site: 'shop', storeUrl: store.url, cache: ready.session })));
    for (const [i, run] of (await Promise.all(watches)).entries()) {
      const done = run.pop() as RemoteDeploymentProgress;
      expect(lc(done), lc(done).reason).to.include({ state: 'OPERATIONAL', deploymentId: `m-${i}` });
      expect(done.steps.map((s) => s.step)).to.deep.equal(['stop-services', 'fetch-manifest', 'receive-cache', 'fetch-missing', 'materialize', 'map', 'start-services']);
      expect([done.filesFromCacheSource, done.filesFromStore]).to.deep.equal([34, 0]);
    }
    let watch = until_(n, ['FREE', 'FAILED']);
    await n.client.startCleaning('m-0');
    expect(lc((await watch).pop()).state).to.equal('FREE');
    expect(diskDigest(n.root)).to.equal(diskBefore);

    // The session is told to come from node-2, but node-3 signs it: refused, and the store supplies everything.
    const other = await prepare(17181, [n.name]);
    watch = until_(n, ['OPERATIONAL', 'FAILED']);
    await n.client.startDeployment({ deploymentId: 'm-2', site: 'shop', storeUrl: store.url, cache: { ...other.session, sourceNode: 'node-2' } });
    const last = (await watch).pop() as RemoteDeploymentProgress;
    expect(lc(last), lc(last).reason).to.include({ state: 'OPERATIONAL', deploymentId: 'm-2' });
    expect([last.filesFromCacheSource, last.filesFromStore]).to.deep.equal([0, 34]);
    expect(n.proc.logs.some((l) => String(l.msg).includes("cache snapshot: the snapshot is signed by 'node-3', not by the cache source 'node-2'"))).to.equal(true);
    watch = until_(n, ['FREE', 'FAILED']);
    await n.client.startCleaning('m-2');
    expect(lc((await watch).pop()).state).to.equal('FREE');
  });

  it('an agent killed with SIGKILL mid-deployment leaves no process behind and, restarted, rolls back to FREE with the disk as before', async () => {
    const n = nodes[1];
    // node-2 is OPERATIONAL with shop: clean it (keeping the cache), then deploy the slow site.
    let watch = until_(n, ['FREE', 'FAILED']);
    await n.client.startCleaning('d-1', true);
    expect(lc((await watch).pop()).state).to.equal('FREE');
    const beforeSlow = diskDigest(n.root);
    await n.client.startDeployment({ deploymentId: 'slow-1', site: 'slow', version: 0, storeUrl: store.url });
    await until('the post-mapping script', () => sleeping(1239).length === 1, 10_000);
    const [script] = sleeping(1239);
    expect(existsSync(join(n.root, 'srv/slow/index.html')), 'mapped before its script').to.equal(true);
    process.kill(n.proc.pid, 'SIGKILL');
    await n.proc.exited;
    // The script's shell died with the agent (pdeathsig); what it forked waits for the sweep.
    await sleep(300);
    expect(sleeping(1239)).to.deep.equal([script]);
    const again = startLama(n.args, MDNS);
    procs.push(again);
    const swept = await again.waitForLog((l) => l.msg === 'killed processes an earlier run of this agent left behind', 20_000);
    expect(swept.pids).to.include(script);
    await again.waitForLog((l) => l.msg === 'lifecycle' && l.state === 'FREE', 20_000);
    const line = await again.waitForLog((l) => l.msg === 'agent running', 20_000);
    const client = new DeployerClient(String(line.endpoint), controller, 20_000, { node: n.name });
    clients.push(client);
    const now = await firstValueFrom(client.watch());
    expect(lc(now)).to.include({ state: 'FREE', site: '' });
    expect(now.steps.map((s) => s.step)).to.deep.equal(['stop-services', 'unmap', 'remove-instance-data', 'drop-cache']);
    expect(sleeping(1239)).to.deep.equal([]);
    expect(diskDigest(n.root)).to.equal(beforeSlow);
    expect(again.logs.some((l) => l.msg === 'lifecycle' && l.state === 'FAILED' && l.reason === 'the agent restarted during the deployment')).to.equal(true);
  });

  it('kill -9 of an agent leaves no adapter child: a service dies with it (pdeathsig); what it forked, and icecast2 (its change of user clears pdeathsig), the restarted agent kills first', async () => {
    const svc = JSON.stringify({ name: 'svc', module: 'process', options: { command: '/bin/sh', args: ['-c', 'sleep 1237 & exec sleep 1238'], startMs: 200 }, autostart: true });
    const radio = JSON.stringify({ name: 'radio', module: 'icecast', options: { listen: `127.0.0.1:${await freePort()}`, mounts: ['/live'] }, autostart: true });
    const n = await startAgent('node-9', ['--adapter', svc, '--adapter', radio], nodeRoot('node-9'));
    for (const name of ['svc', 'radio']) await n.proc.waitForLog((l) => l.msg === 'adapter state' && l.adapter === name && l.state === 'RUNNING');
    const [child] = sleeping(1237);
    expect(sleeping(1238)).to.have.length(1);
    const [icecast] = childPids(n.proc.pid, 'icecast2');
    expect(isRunning(icecast)).to.equal(true);
    process.kill(n.proc.pid, 'SIGKILL');
    await n.proc.exited;
    await until('the service to die with its agent', () => sleeping(1238).length === 0, 2000);
    expect(sleeping(1237), 'a grandchild escapes pdeathsig').to.deep.equal([child]);
    const leftover = isRunning(icecast) ? [icecast] : [];
    const again = startLama(n.args.filter((a) => a !== '--adapter' && a !== svc && a !== radio), MDNS);
    procs.push(again);
    const swept = await again.waitForLog((l) => l.msg === 'killed processes an earlier run of this agent left behind', 20_000);
    expect([...(swept.pids as number[])].sort()).to.deep.equal([child, ...leftover].sort());
    expect(sleeping(1237)).to.deep.equal([]);
    await until('icecast2 to be gone', () => !isRunning(icecast), 2000);
    await again.waitForLog((l) => l.msg === 'agent running', 20_000);
  });
});
