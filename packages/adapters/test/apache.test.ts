import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { freePort, isRunning, until as waitUntil } from '@lama/testkit';
import { AdapterSupervisor, InvalidOptionsError, InvalidParamError, loadAdapterFactory, ParamNotAllowedError, type AdapterLogger } from '../src/index.js';
import { apacheAdapter } from '../src/builtin/index.js';
import { adapterConformance } from '../src/conformance/index.js';

// Every apache2 here listens on 127.0.0.1, on ports the kernel hands out, and is stopped in
// after() even when a test fails: first through its supervisor, then by its pid file.

const APACHE = '/usr/sbin/apache2';
const quiet: AdapterLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const scratch = mkdtempSync(join(tmpdir(), 'lama-apache-test-'));
// The workers run as www-data and must reach the DocumentRoots inside.
chmodSync(scratch, 0o755);
const serverRoots: string[] = [];
let dirs = 0;

function docRoot(page: string): string {
  const dir = join(scratch, `www-${++dirs}`);
  mkdirSync(dir, { mode: 0o755 });
  writeFileSync(join(dir, 'index.html'), page, { mode: 0o644 });
  return dir;
}

function serverRoot(): string {
  const dir = join(scratch, `httpd-${++dirs}`);
  serverRoots.push(dir);
  return dir;
}


function occupy(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const s = createServer((c) => c.destroy());
    s.once('error', reject);
    s.listen(port, '127.0.0.1', () => resolve(s));
  });
}

function fetchText(port: number, path = '/'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = get({ host: '127.0.0.1', port, path, agent: false, timeout: 3000 }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => { body += c; }).on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

/** The apache2 processes (parent and workers) whose command line names this ServerRoot's config. */
function httpdPids(root: string): number[] {
  const conf = join(root, 'httpd.conf');
  const out: number[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      if (readFileSync(`/proc/${e}/cmdline`, 'utf8').split('\0').includes(conf) && isRunning(Number(e))) out.push(Number(e));
    } catch {
      // gone
    }
  }
  return out;
}

/** Kills whatever httpd a ServerRoot still has: by its pid file, then anything naming its config. */
function killLeftovers(root: string): number[] {
  const killed: number[] = [];
  const pidFile = join(root, 'run', 'httpd.pid');
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    if (pid > 1 && isRunning(pid)) {
      try { process.kill(-pid, 'SIGKILL'); } catch { /* not a group leader */ }
      try { process.kill(pid, 'SIGKILL'); killed.push(pid); } catch { /* gone */ }
    }
  }
  for (const pid of httpdPids(root)) {
    try { process.kill(pid, 'SIGKILL'); killed.push(pid); } catch { /* gone */ }
  }
  return killed;
}

const until = (what: string, test: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> => waitUntil(what, test, ms, 50);

describe('apache adapter (Debian apache2 on loopback)', () => {
  before(function () {
    if (!existsSync(APACHE)) throw new Error(`${APACHE} is missing: scripts/test.sh installs Debian's apache2`);
  });

  after(() => {
    const left = serverRoots.flatMap(killLeftovers);
    rmSync(scratch, { recursive: true, force: true });
    if (left.length) console.log(`    apache tests: killed leftover httpd ${left.join(', ')}`);
  });

  adapterConformance('apache (web-server)', async () => {
    const [listen, other] = [await freePort(), await freePort()];
    return {
      factory: apacheAdapter,
      options: { listen: `127.0.0.1:${listen}`, documentRoot: docRoot('one'), serverRoot: serverRoot(), allowedRoots: [scratch] },
      validParams: { listen: `127.0.0.1:${other}`, serverName: 'www.lama.test', documentRoot: docRoot('two') },
      invalidParams: { serverName: 'evil"\nInclude /etc/passwd' },
    };
  });

  adapterConformance('apache (dispatcher)', async () => {
    const [listen, a, b] = [await freePort(), await freePort(), await freePort()];
    return {
      factory: apacheAdapter,
      options: { role: 'dispatcher', listen: `127.0.0.1:${listen}`, members: [`127.0.0.1:${a}`], serverRoot: serverRoot() },
      validParams: { members: `127.0.0.1:${a}=3,127.0.0.1:${b}=0`, serverName: 'lb.lama.test' },
      invalidParams: { members: `127.0.0.1:${a}" loadfactor=1` },
    };
  });

  describe('apache adapter with the real httpd', function () {
    this.timeout(60_000);
    const sups: AdapterSupervisor[] = [];
    afterEach(async () => {
      for (const s of sups.splice(0)) await s.close();
    });

    const make = async (options: Record<string, unknown>, exited?: string[]): Promise<AdapterSupervisor> => {
      const log: AdapterLogger = { ...quiet, warn: (m) => exited?.push(m) };
      // The test's DocumentRoots are in its scratch folder, which the operator's roots must list.
      const s = await AdapterSupervisor.create('web', apacheAdapter, { allowedRoots: [scratch], ...options }, { log, stateDir: scratch }, { backoffMs: 100, startRetries: 2 });
      sups.push(s);
      return s;
    };
    const web = async (page: string, extra: Record<string, unknown> = {}) => {
      const port = await freePort();
      const root = serverRoot();
      const s = await make({ listen: `127.0.0.1:${port}`, documentRoot: docRoot(page), serverRoot: root, ...extra });
      await s.start();
      return { s, port, root };
    };
    const parentPid = (root: string): number => Number(readFileSync(join(root, 'run', 'httpd.pid'), 'utf8'));

    it('is the built-in "apache" module', async () => {
      expect(await loadAdapterFactory('apache')).to.equal(apacheAdapter);
    });

    it('serves the DocumentRoot, with workers running as www-data and the status page for loopback only', async () => {
      const { port, root } = await web('<h1>served</h1>');
      expect(await fetchText(port)).to.deep.equal({ status: 200, body: '<h1>served</h1>' });
      const workers = httpdPids(root).filter((p) => p !== parentPid(root));
      expect(workers.length).to.be.greaterThan(0);
      if (process.getuid?.() === 0) {
        for (const w of workers) expect(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${w}/status`, 'utf8'))?.[1], `worker ${w}`).to.equal('33');
      }
      const conf = readFileSync(join(root, 'httpd.conf'), 'utf8');
      expect(conf).to.match(/<Location "\/server-status">\n {2}SetHandler server-status\n {2}Require local\n/);
      expect(conf).to.not.match(/Include/);
    });

    it('reports requests/s and bytes/s from counter deltas; an idle server reads 0', async () => {
      const { s, port } = await web('x'.repeat(10_000));
      // A window starts at the first view at least 1 s after the start's health check.
      await new Promise((r) => setTimeout(r, 1100));
      await s.view();
      const t = Date.now();
      for (let i = 0; i < 60; i++) await fetchText(port);
      await new Promise((r) => setTimeout(r, Math.max(0, 1100 - (Date.now() - t))));
      const busy = (await s.view()).metrics;
      // 60 requests of 10 kB (and headers) in a window of 1.1 s or a little more.
      expect(busy.requests_per_sec).to.be.within(60 / 2, 60 / 1.1);
      expect(busy.bytes_per_sec).to.be.within(busy.requests_per_sec * 10_000, busy.requests_per_sec * 10_600);
      expect(busy.bits_per_sec).to.equal(busy.bytes_per_sec * 8);
      expect(busy.busy_workers).to.be.at.least(0);
      expect(busy.idle_workers).to.be.greaterThan(0);
      await new Promise((r) => setTimeout(r, 1100));
      const idle = (await s.view()).metrics;
      expect(idle.requests_per_sec).to.equal(0);
      expect(idle.bytes_per_sec).to.equal(0);
      console.log(`    metrics under load: ${JSON.stringify(busy)}; idle: requests_per_sec=${idle.requests_per_sec} bytes_per_sec=${idle.bytes_per_sec}`);
    });

    it('refuses a Listen address in use and a DocumentRoot www-data cannot read, naming the key, and keeps serving', async () => {
      const { s, port, root } = await web('steady');
      const conf = readFileSync(join(root, 'httpd.conf'), 'utf8');
      const busyPort = await freePort();
      const holder = await occupy(busyPort);
      try {
        const e1 = await s.set({ listen: `127.0.0.1:${busyPort}` }).then(() => undefined, (e: Error) => e);
        expect(e1?.message).to.match(/parameter 'listen': 127\.0\.0\.1:\d+ is already in use/);
      } finally {
        holder.close();
      }
      const hidden = mkdtempSync(join(scratch, 'private-'));
      try {
        const e2 = await s.set({ documentRoot: hidden, serverName: 'changed.test' }).then(() => undefined, (e: Error) => e);
        expect(e2?.message).to.match(/parameter 'documentRoot': DocumentRoot .* is not readable by user 'www-data': .* has mode 0700/);
      } finally {
        rmSync(hidden, { recursive: true, force: true });
      }
      const e3 = await s.set({ members: `127.0.0.1:${busyPort}` }).then(() => undefined, (e: Error) => e);
      expect(e3?.message).to.match(/parameter 'members': balancer members are for the dispatcher role/);
      expect(readFileSync(join(root, 'httpd.conf'), 'utf8')).to.equal(conf);
      expect((await s.view()).params).to.include({ listen: `127.0.0.1:${port}`, serverName: 'localhost' });
      expect(s.state).to.equal('RUNNING');
      expect((await fetchText(port)).body).to.equal('steady');
    });

    it('Set is proven over HTTP: a reload that does not take effect in time is rolled back to the previous config', async () => {
      const { s, port, root } = await web('before', { readyTimeoutMs: 2500 });
      const conf = readFileSync(join(root, 'httpd.conf'), 'utf8');
      const parent = parentPid(root);
      // A frozen parent cannot reload; its workers keep answering with the old config.
      process.kill(parent, 'SIGSTOP');
      const thaw = setTimeout(() => process.kill(parent, 'SIGCONT'), 3500);
      try {
        const err = await s.set({ serverName: 'after.test' }).then(() => undefined, (e: Error) => e);
        expect(err?.message).to.match(/reload with the new config failed \(apache2 did not answer its health check within 2500 ms .*\); the previous config is back in force/);
      } finally {
        clearTimeout(thaw);
        process.kill(parent, 'SIGCONT');
      }
      expect(readFileSync(join(root, 'httpd.conf'), 'utf8')).to.equal(conf);
      expect((await s.view()).params.serverName).to.equal('localhost');
      expect(s.state).to.equal('RUNNING');
      expect((await fetchText(port)).body).to.equal('before');
      // And the next Set works.
      await s.set({ serverName: 'after.test' });
      expect(readFileSync(join(root, 'httpd.conf'), 'utf8')).to.contain('ServerName "after.test"');
    });

    it('a reload that kills httpd (its new Listen address was taken meanwhile) restarts it with the previous config', async () => {
      const { s, port, root } = await web('survivor', { readyTimeoutMs: 4000 });
      const parent = parentPid(root);
      const next = await freePort();
      process.kill(parent, 'SIGSTOP');
      let holder: Server | undefined;
      try {
        const setting = s.set({ listen: `127.0.0.1:${next}` }).then(() => undefined, (e: Error) => e);
        // Once the new config is in place (the adapter checked the port was free), take the port.
        await until('the new config', () => readFileSync(join(root, 'httpd.conf'), 'utf8').includes(`:${next}"`));
        holder = await occupy(next);
        process.kill(parent, 'SIGCONT');
        const err = await setting;
        expect(err?.message).to.match(/reload with the new config failed \(.*exited.*\); the previous config is back in force/);
      } finally {
        try { process.kill(parent, 'SIGCONT'); } catch { /* gone */ }
        holder?.close();
      }
      expect(isRunning(parent)).to.equal(false);
      expect(parentPid(root)).to.not.equal(parent);
      expect((await s.view()).params.listen).to.equal(`127.0.0.1:${port}`);
      expect(s.state).to.equal('RUNNING');
      expect((await fetchText(port)).body).to.equal('survivor');
    });

    it('an httpd that dies is reported, and the supervisor starts it again', async () => {
      const { s, port, root } = await web('phoenix');
      const parent = parentPid(root);
      process.kill(parent, 'SIGKILL');
      await until('a restart', async () => (await s.view()).restarts === 1 && s.state === 'RUNNING');
      expect(parentPid(root)).to.not.equal(parent);
      expect((await fetchText(port)).body).to.equal('phoenix');
      // No worker of the killed parent is left behind.
      for (const p of httpdPids(root)) expect(readFileSync(`/proc/${p}/stat`, 'utf8')).to.not.match(new RegExp(`^\\d+ \\(.*\\) \\w ${parent} `));
    });

    it('stops an httpd left running by an earlier life of the agent before starting its own', async () => {
      const port = await freePort();
      const root = serverRoot();
      const options = { listen: `127.0.0.1:${port}`, documentRoot: docRoot('reborn'), serverRoot: root };
      const first = await make(options);
      await first.start();
      await first.stop();
      // As if the agent had been killed: the same config runs as a daemon nobody supervises.
      execFileSync(APACHE, ['-f', join(root, 'httpd.conf'), '-d', root, '-k', 'start']);
      await until('the orphan', () => existsSync(join(root, 'run', 'httpd.pid')) && isRunning(parentPid(root)));
      const orphan = parentPid(root);
      const warnings: string[] = [];
      const second = await make(options, warnings);
      await second.start();
      expect(isRunning(orphan)).to.equal(false);
      expect(warnings).to.include('stopping a leftover apache2 of an earlier run');
      expect((await fetchText(port)).body).to.equal('reborn');
      await second.stop();
      expect(httpdPids(root)).to.deep.equal([]);
    });

    it('a start that cannot bind fails with httpd\'s reason and leaves nothing running', async () => {
      const port = await freePort();
      const holder = await occupy(port);
      try {
        const root = serverRoot();
        const s = await make({ listen: `127.0.0.1:${port}`, documentRoot: docRoot('never'), serverRoot: root });
        const err = await s.start().then(() => undefined, (e: Error) => e);
        expect(s.state).to.equal('FATAL');
        expect(err?.message).to.match(/exited \(code 1\).*could not bind to address 127\.0\.0\.1:\d+/);
        expect(httpdPids(root)).to.deep.equal([]);
      } finally {
        holder.close();
      }
    });

    it('refuses to start when www-data cannot read the DocumentRoot', async function () {
      // Apache drops to www-data only when started as root; the test command runs as root.
      if (process.getuid?.() !== 0) throw new Error('this test needs root (apache drops to www-data only as root); run the test command as root');
      const hidden = mkdtempSync(join(scratch, 'private-'));
      try {
        const s = await make({ listen: `127.0.0.1:${await freePort()}`, documentRoot: hidden, serverRoot: serverRoot() });
        const err = await s.start().then(() => undefined, (e: Error) => e);
        expect(err?.message).to.match(/DocumentRoot .* is not readable by user 'www-data'/);
      } finally {
        rmSync(hidden, { recursive: true, force: true });
      }
    });

    it('refuses duplicate members (InvalidParamError inside the adapter)', async () => {
      const port = await freePort();
      const s = await make({ role: 'dispatcher', listen: `127.0.0.1:${port}`, serverRoot: serverRoot() });
      await s.start();
      const err = await s.set({ members: '127.0.0.1:9=1,127.0.0.1:9=2' }).then(() => undefined, (e: Error) => e);
      expect(err?.message).to.match(/parameter 'members': 127\.0\.0\.1:9 is listed twice/);
      expect((await fetchText(port)).status).to.equal(503); // no members yet: the balancer has nobody to ask
    });
  });

  // The hostile controller: it may call Set on the node (a controller credential, or a replayed
  // one) and tries to serve files outside the operator's roots or to listen beyond loopback.
  describe('apache adapter against a hostile controller', function () {
    this.timeout(60_000);
    const sups: AdapterSupervisor[] = [];
    afterEach(async () => {
      for (const s of sups.splice(0)) await s.close();
    });
    const make = async (options: Record<string, unknown>): Promise<AdapterSupervisor> => {
      const s = await AdapterSupervisor.create('web', apacheAdapter, options, { log: quiet, stateDir: scratch }, { backoffMs: 100, startRetries: 0 });
      sups.push(s);
      return s;
    };
    const web = async () => {
      const port = await freePort();
      const root = serverRoot();
      const s = await make({ listen: `127.0.0.1:${port}`, documentRoot: docRoot('site'), serverRoot: root, allowedRoots: [scratch] });
      await s.start();
      return { s, port, root, conf: readFileSync(join(root, 'httpd.conf'), 'utf8'), params: (await s.view()).params };
    };
    const refusal = (p: Promise<unknown>): Promise<Error | undefined> => p.then(() => undefined, (e: Error) => e);

    it('options: a DocumentRoot outside allowedRoots (default /var/www, /srv) and a listen address beyond loopback are refused', () => {
      const bad: [Record<string, unknown>, RegExp][] = [
        [{ listen: '127.0.0.1:18080', documentRoot: '/etc' }, /^apache options: 'documentRoot' must lie within allowedRoots \(\/var\/www, \/srv\)$/],
        [{ listen: '0.0.0.0:18080', documentRoot: '/var/www' }, /^apache options: 'listen' must be an address allowedListen lists \(127\.0\.0\.1, \[::1\]\)$/],
        [{ listen: '127.0.0.1:18081', documentRoot: '/srv/site', allowedListen: ['127.0.0.1:18080'] }, /'listen' must be an address allowedListen lists \(127\.0\.0\.1:18080\)/],
        [{ listen: '127.0.0.1:18080', documentRoot: '/srv/../etc' }, /'documentRoot' must be an absolute path .* \(no \. or \.\. segments\)/],
        [{ listen: '127.0.0.1:18080', documentRoot: '/var/www2' }, /'documentRoot' must lie within allowedRoots/],
        [{ listen: '127.0.0.1:18080', documentRoot: '/srv', allowedRoots: ['srv'] }, /'allowedRoots' must be a list, each an absolute path/],
        [{ listen: '127.0.0.1:18080', documentRoot: '/srv', allowedListen: ['*'] }, /'allowedListen' must be a list, each an IP literal \(any port\) or IP:PORT/],
      ];
      for (const [raw, message] of bad) expect(() => apacheAdapter.options(raw), JSON.stringify(raw)).to.throw(InvalidOptionsError, message);
      // What the operator lists, it gets: the wildcard address only when named.
      const o = apacheAdapter.options({ listen: '0.0.0.0:18080', documentRoot: '/srv/site', allowedListen: ['0.0.0.0'] });
      expect(o.allowedRoots).to.deep.equal(['/var/www', '/srv']);
      expect(apacheAdapter.options({ listen: '[::1]:18080', documentRoot: '/var/www/html' }).listen).to.equal('[::1]:18080');
    });

    it('Set documentRoot=/etc, a symlink to /etc, a .. escape: all refused, nothing changed, /etc/passwd never served', async () => {
      const { s, port, root, conf, params } = await web();
      const link = join(scratch, `link-to-etc-${++dirs}`);
      symlinkSync('/etc', link);
      const attacks: [string, typeof ParamNotAllowedError | typeof InvalidParamError, RegExp][] = [
        ['/etc', ParamNotAllowedError, /^parameter 'documentRoot': \/etc is outside the allowed roots \(.*\): the operator's config does not allow it$/],
        [link, ParamNotAllowedError, /^parameter 'documentRoot': .*link-to-etc-\d+ resolves to \/etc, outside the allowed roots \(.*\): the operator's config does not allow it$/],
        [`${scratch}/../../etc`, InvalidParamError, /^parameter 'documentRoot': .* does not match an absolute path .*\(no \. or \.\. segments\)$/],
        [`${scratch}/%2e%2e/%2e%2e/etc`, InvalidParamError, /parameter 'documentRoot': .* does not match/],
        [`${scratch}/./www-1`, InvalidParamError, /parameter 'documentRoot': .* does not match/],
      ];
      for (const [documentRoot, type, message] of attacks) {
        const err = await refusal(s.set({ documentRoot }));
        expect(err, documentRoot).to.be.instanceOf(type);
        expect(err?.message, documentRoot).to.match(message);
        expect((await fetchText(port, '/passwd')).status, documentRoot).to.equal(404);
      }
      expect(await refusal(s.set({ documentRoot: '/etc' }))).to.have.property('code', 'ERR_PARAM_NOT_ALLOWED');
      expect(readFileSync(join(root, 'httpd.conf'), 'utf8')).to.equal(conf);
      expect((await s.view()).params).to.deep.equal(params);
      expect(s.state).to.equal('RUNNING');
      expect(await fetchText(port)).to.deep.equal({ status: 200, body: 'site' });
    });

    it('Set listen=0.0.0.0:PORT or another address is refused unless allowedListen names it; httpd stays on loopback', async () => {
      const { s, port, root, conf, params } = await web();
      const next = await freePort();
      for (const listen of [`0.0.0.0:${next}`, `[::]:${next}`, `127.0.0.2:${next}`]) {
        const err = await refusal(s.set({ listen, serverName: 'moved.test' }));
        expect(err, listen).to.be.instanceOf(ParamNotAllowedError);
        expect(err?.message).to.equal(`parameter 'listen': ${listen} is not an allowed address (127.0.0.1, [::1]): the operator's config does not allow it`);
      }
      expect(readFileSync(join(root, 'httpd.conf'), 'utf8')).to.equal(conf);
      expect((await s.view()).params).to.deep.equal(params);
      expect(await fetchText(port)).to.deep.equal({ status: 200, body: 'site' });
      expect(await fetchText(next).then(() => 'answered', (e: NodeJS.ErrnoException) => e.code)).to.equal('ECONNREFUSED');
    });

    it('a DocumentRoot option that is a symlink out of the roots is refused at start; nothing runs', async () => {
      const link = join(scratch, `link-to-etc-${++dirs}`);
      symlinkSync('/etc', link);
      const root = serverRoot();
      const s = await make({ listen: `127.0.0.1:${await freePort()}`, documentRoot: link, serverRoot: root, allowedRoots: [scratch] });
      const err = await refusal(s.start());
      expect(err).to.be.instanceOf(ParamNotAllowedError);
      expect(err?.message).to.match(/resolves to \/etc, outside the allowed roots/);
      expect(s.state).to.equal('FATAL');
      expect(httpdPids(root)).to.deep.equal([]);
    });

    it('a dispatcher keeps its own folder, and Set documentRoot=/etc is refused there too', async () => {
      const root = serverRoot();
      const s = await make({ role: 'dispatcher', listen: `127.0.0.1:${await freePort()}`, serverRoot: root });
      await s.start();
      const conf = readFileSync(join(root, 'httpd.conf'), 'utf8');
      const err = await refusal(s.set({ documentRoot: '/etc' }));
      expect(err).to.be.instanceOf(ParamNotAllowedError);
      expect(readFileSync(join(root, 'httpd.conf'), 'utf8')).to.equal(conf);
      expect((await s.view()).params.documentRoot).to.equal(join(root, 'htdocs'));
    });
  });
});
