import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdapterSupervisor, type AdapterLogger } from '@lama/adapters';
import { apacheAdapter } from '@lama/adapters/builtin';
import { freePort, sleep } from '@lama/testkit';
import { killApacheByPidFile } from './helpers/apache-leftovers.js';
import { lamaSync, startLama } from './helpers/lama-process.js';

// The site store on Debian's apache2 as the file server (the paper's Tier 3), pulled by `lama
// site pull` processes: a cache on a size-limited tmpfs that fills up, and pulls killed with
// SIGKILL at arbitrary moments. apache2 listens on 127.0.0.1 only and is stopped in after().

const quiet: AdapterLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** Every object file under a cache: name -> whether its bytes hash to its name. */
function cacheObjects(cache: string): Map<string, boolean> {
  const out = new Map<string, boolean>();
  const dir = join(cache, 'cache/objects');
  if (!existsSync(dir)) return out;
  for (const fan of readdirSync(dir)) {
    for (const name of readdirSync(join(dir, fan))) out.set(name, sha(readFileSync(join(dir, fan, name))) === name.slice(0, 64));
  }
  return out;
}

describe('site store on apache2, node caches under faults', function () {
  this.timeout(90_000);
  const scratch = mkdtempSync(join(tmpdir(), 'lama-site-test-'));
  // apache's workers (www-data) must reach the store.
  chmodSync(scratch, 0o755);
  const store = join(scratch, 'store');
  const serverRoot = join(scratch, 'httpd');
  const mounts: string[] = [];
  let apache: AdapterSupervisor;
  let url: string;

  const lama = (args: string[]): { status: number | null; stdout: string; stderr: string } => lamaSync(args);
  const tree = (name: string, files: number, size: number, seed: number): string => {
    const dir = join(scratch, name);
    for (let i = 0; i < files; i++) {
      const sub = join(dir, `d${i % 7}`);
      mkdirSync(sub, { recursive: true });
      writeFileSync(join(sub, `f${i}.bin`), Buffer.alloc(size, (i * 31 + seed) % 251));
    }
    return dir;
  };

  before(async () => {
    expect(lama(['keys', 'init', '--dir', join(scratch, 'pool')]).status).to.equal(0);
    for (const [role, name] of [['controller', 'publisher'], ['agent', 'node']]) {
      expect(lama(['keys', 'issue', '--dir', join(scratch, 'pool'), '--role', role as string, '--name', name as string, '--out', join(scratch, `${name}.cred`)]).status).to.equal(0);
    }
    writeFileSync(join(scratch, 'site.yaml'), 'mapping:\n  - {shared: d0, local: /srv/www/site, policy: mktree}\nhot: [d1]\n');
    const p = lama(['site', 'publish', tree('t1', 60, 40_000, 1), 'shop', '--store', store, '--credential', join(scratch, 'publisher.cred'), '--definition', join(scratch, 'site.yaml'), '--json']);
    expect(p.status, p.stderr).to.equal(0);
    expect(JSON.parse(p.stdout)).to.include({ site: 'shop', version: 1, files: 60 });
    const port = await freePort();
    apache = await AdapterSupervisor.create('store', apacheAdapter, { listen: `127.0.0.1:${port}`, documentRoot: store, serverRoot, allowedRoots: [scratch] }, { log: quiet, stateDir: scratch });
    await apache.start();
    url = `http://127.0.0.1:${port}/`;
  });

  after(async () => {
    await apache?.close();
    killApacheByPidFile(join(serverRoot, 'run/httpd.pid'));
    for (const m of mounts) spawnSync('umount', ['-l', m]);
    rmSync(scratch, { recursive: true, force: true });
  });

  it('apache2 serves the store as plain files: ls over HTTP, pull, resume of a partial object with Range', () => {
    const ls = lama(['site', 'ls', '--store', url, '--json']);
    expect(ls.status, ls.stderr).to.equal(0);
    expect(JSON.parse(ls.stdout).sites.shop.map((v: { version: number }) => v.version)).to.deep.equal([1]);
    const cache = join(scratch, 'node-a');
    // Half of one object already on disk, as a download cut short left it.
    const first = readFileSync(join(scratch, 't1/d0/f0.bin'));
    mkdirSync(join(cache, 'cache/partial'), { recursive: true });
    writeFileSync(join(cache, 'cache/partial', sha(first)), first.subarray(0, 20_000));
    const pull = lama(['site', 'pull', 'shop', '--store', url, '--cache', cache, '--credential', join(scratch, 'node.cred'), '--json']);
    expect(pull.status, pull.stderr).to.equal(0);
    const r = JSON.parse(pull.stdout);
    expect(r).to.include({ version: 1, files: 60, objectsFetched: 60, bytesFetched: 2_400_000 });
    // apache answered the Range request: only the missing half of that object came over the wire.
    expect(r.bytesReceived).to.equal(2_400_000 - 20_000);
    expect(readFileSync(join(r.path, 'd0/f0.bin')).equals(first)).to.equal(true);
    expect([...cacheObjects(cache).values()].every(Boolean)).to.equal(true);
    // A version that is not a number is refused before anything is opened.
    const bad = lama(['site', 'pull', 'shop@latest', '--store', url, '--cache', join(scratch, 'node-bad'), '--credential', join(scratch, 'node.cred')]);
    expect(bad.status).to.equal(1);
    expect(bad.stderr).to.match(/lama: version 'latest' of 'shop@latest' must be a positive integer/);
    expect(existsSync(join(scratch, 'node-bad'))).to.equal(false);
  });

  it('a full disk (a size-limited tmpfs) is a clear error naming the object; nothing half-written is visible; the next pull resumes', () => {
    const cache = join(scratch, 'tmpfs');
    mkdirSync(cache);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1200k', 'lama-site-test', cache]);
    mounts.push(cache);
    const args = ['site', 'pull', 'shop', '--store', url, '--cache', cache, '--credential', join(scratch, 'node.cred'), '--json'];
    const full = lama(args);
    expect(full.status).to.equal(1);
    expect(full.stderr).to.match(/lama: object [0-9a-f]{64} \('d\d\/f\d+\.bin'\): no space left on the cache's disk/);
    const objects = cacheObjects(cache);
    expect(objects.size).to.be.within(1, 59);
    expect([...objects.values()].every(Boolean), 'every visible object verifies').to.equal(true);
    expect(existsSync(join(cache, 'replicas/shop/current'))).to.equal(false);
    execFileSync('mount', ['-o', 'remount,size=8m', cache]);
    const again = lama(args);
    expect(again.status, again.stderr).to.equal(0);
    const r = JSON.parse(again.stdout);
    expect(r.objectsCached).to.equal(objects.size);
    // What the first pull kept (whole objects and partial ones) was not fetched again.
    expect(r.bytesReceived).to.be.below(2_400_000 - objects.size * 40_000 + 1);
    expect([...cacheObjects(cache).values()].every(Boolean)).to.equal(true);
  });

  it('kill -9 at any moment of a pull leaves no half object visible; the next pull takes the lock over and finishes', async () => {
    const cache = join(scratch, 'node-k');
    const p = lama(['site', 'publish', tree('t2', 300, 30_000, 2), 'shop', '--store', store, '--credential', join(scratch, 'publisher.cred')]);
    expect(p.status, p.stderr).to.equal(0);
    const args = ['site', 'pull', 'shop@2', '--store', url, '--cache', cache, '--credential', join(scratch, 'node.cred'), '--concurrency', '2', '--json'];
    let killedMidway = 0;
    for (const afterMs of [250, 320, 390, 460, 530, 600, 700]) {
      const proc = startLama(args);
      await sleep(afterMs);
      if (proc.alive) killedMidway++;
      await proc.stop('SIGKILL', 0);
      const objects = cacheObjects(cache);
      expect([...objects.values()].every(Boolean), `after a kill at ${afterMs} ms`).to.equal(true);
      // A replica is either absent or whole: `current` appears only after the tree is complete.
      const current = join(cache, 'replicas/shop/current');
      if (existsSync(current)) expect(readdirSync(current).length).to.equal(7);
    }
    expect(killedMidway).to.be.at.least(3);
    const done = lama(args);
    expect(done.status, done.stderr).to.equal(0);
    const r = JSON.parse(done.stdout);
    expect(r).to.include({ version: 2, files: 300 });
    expect(statSync(join(r.path, 'd6/f6.bin')).size).to.equal(30_000);
    // 300 files, 251 distinct contents: one object each.
    expect(cacheObjects(cache).size).to.equal(251);
  });
});
