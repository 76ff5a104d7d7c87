// The functions handed to page.evaluate run in Chromium: they need the DOM types.
/// <reference lib="dom" />
import { existsSync, mkdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Browser, Page } from 'puppeteer-core';
import { firstValueFrom } from 'rxjs';
import { AgentClient, serveStore, type StoreServer } from '@lama/agent';
import { GrandClient } from '@lama/grand-agent';
import { loadCredential } from '@lama/lookup';
import { contentDigest, freePort, treeDigest, until } from '@lama/testkit';
import { launchChromium, watchedPage, type WatchedPage } from '@lama/testkit/chromium';
import { LamaProcess, ROOT, lamaSync, startLama } from './helpers/lama-process.js';
import { TestPool } from './helpers/pool.js';

// This file's own loopback group and port.
const MDNS = ['--mdns-interface', '127.0.0.1', '--mdns-group', '239.255.76.123', '--mdns-port', '16123'];
const FIXTURE = join(ROOT, 'test', 'fixtures', 'load-adapter.mjs');
const LEASE_MS = 2000;
// A dry run: the grand agent decides every period and changes nothing, so the test's Stop is the only change.
const SERVICE = {
  name: 'stream', role: 'load-server', metric: 'svc.load', adapter: 'svc', capacityPerNode: 100, minNodes: 1, maxNodes: 2,
  periodMs: 500, predictor: { kind: 'holt' }, dryRun: true,
};

/** A request with headers fetch() will not send as given (Host, Origin). */
function raw(method: string, url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolveAnswer, reject) => {
    request(url, { method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => { body += c; }).on('end', () => resolveAnswer({ status: res.statusCode ?? 0, body }));
    }).on('error', reject).end();
  });
}

/** A POST from the page with its session's CSRF token, as the page's own buttons send it. */
function postFromPage(page: Page, path: string, body: unknown): Promise<{ status: number; body: { error: string } }> {
  return page.evaluate(async (p, b) => {
    const s = (await (await fetch('/api/session')).json()) as { csrf: string };
    const r = await fetch(p, { method: 'POST', headers: { 'content-type': 'application/json', 'x-lama-csrf': s.csrf }, body: JSON.stringify(b) });
    return { status: r.status, body: (await r.json()) as { error: string } };
  }, path, body);
}

/** The `lama console` of a credential: its address and one sign-in link. */
interface Console { proc: LamaProcess; url: string; signIn: string }

/**
 * `lama console` against a real pool on loopback (lama lookup, lama grand, two lama agents),
 * driven by Debian's Chromium through puppeteer-core: a controller's console and a monitor's.
 */
describe('lama console (system: Debian chromium headless, lama lookup, grand, agents and two consoles on loopback; the monitor\'s with --json and --no-inline-first-view)', function () {
  this.timeout(90_000);
  const pool = new TestPool();
  const procs: LamaProcess[] = [];
  let browser: Browser | undefined;
  let ctl: Console;
  let mon: Console;
  let asController: WatchedPage;
  let agentEndpoint = '';
  let grandEndpoint = '';
  let store: StoreServer | undefined;
  const diskBefore: Record<string, string> = {};
  const disk = (root: string): string => `${treeDigest(root)} ${JSON.stringify(contentDigest(root))}`;
  const deployRoot = (node: string): string => join(pool.dir, 'disks', node);

  const startConsole = async (credential: string, grand: string): Promise<Console> => {
    const proc = startLama(['console', '--credential', credential, '--grand', grand, '--listen', '127.0.0.1:0', '--interval-ms', '500', '--no-multicast', ...MDNS]);
    procs.push(proc);
    const running = await proc.waitForLog((l) => l.msg === 'console running', 20_000);
    const link = await proc.waitForLog((l) => typeof l.url === 'string' && String(l.url).includes('/signin?token='));
    return { proc, url: String(running.url), signIn: String(link.url) };
  };
  // --json: stdout carries only the sign-in lines (the log goes to stderr); this one's page waits for the stream's snapshot.
  const startJsonConsole = async (credential: string, grand: string): Promise<Console> => {
    const proc = startLama(['console', '--json', '--no-inline-first-view', '--credential', credential, '--grand', grand, '--listen', '127.0.0.1:0', '--interval-ms', '500', '--no-multicast', ...MDNS]);
    procs.push(proc);
    const first = await proc.waitForLog((l) => typeof l.signIn === 'string', 20_000);
    expect(Object.keys(first)).to.deep.equal(['console', 'signIn', 'validMs', 'grand', 'roles']);
    expect(first).to.deep.include({ grand, roles: ['monitor'], validMs: 300_000 });
    expect(String(first.signIn)).to.match(/^http:\/\/127\.0\.0\.1:\d+\/signin\?token=/);
    expect(String(first.signIn).startsWith(`${String(first.console)}/signin?token=`)).to.equal(true);
    await proc.waitForLog(() => false, 500).catch(() => undefined);
    expect(proc.logs.filter((l) => 'msg' in l), 'log lines on stdout').to.deep.equal([]);
    expect(proc.stderr).to.include('"msg":"console running"');
    return { proc, url: String(first.console), signIn: String(first.signIn) };
  };

  before(async () => {
    const creds = {
      lookup: pool.issue('lus', 'lookup'), grand: pool.issue('grand', 'lookup,controller'),
      ctl: pool.issue('ops', 'controller'), mon: pool.issue('viewer', 'monitor'),
    };
    // A small site in a store, for the page's deploy and clean (every file from the store: no cache multicast).
    const tree = join(pool.dir, 'news');
    mkdirSync(join(tree, 'htdocs'), { recursive: true });
    for (let i = 0; i < 5; i++) writeFileSync(join(tree, `htdocs/p${i}.html`), `<p>${i}</p>`);
    writeFileSync(join(pool.dir, 'news.yaml'), 'mapping:\n  - {shared: htdocs, local: /srv/news/htdocs, policy: mkdir}\n');
    const published = lamaSync(['site', 'publish', tree, 'news', '--store', join(pool.dir, 'store'), '--credential', creds.ctl, '--definition', join(pool.dir, 'news.yaml'), '--json']);
    expect(published.status, published.stderr).to.equal(0);
    store = await serveStore(join(pool.dir, 'store'), { host: '127.0.0.1', port: await freePort() });
    procs.push(startLama(['lookup', '--credential', creds.lookup, '--listen', '127.0.0.1:0', '--announce-interval-ms', '1000', ...MDNS]));
    const grand = startLama(['grand', '--credential', creds.grand, '--listen', '127.0.0.1:0', '--announce-interval-ms', '1000',
      '--monitor-interval-ms', '500', '--service', JSON.stringify(SERVICE), '--store-url', store.url, '--deploy-timeout-ms', '20000', ...MDNS]);
    procs.push(grand);
    for (const name of ['node-1', 'node-2']) {
      const config = join(pool.dir, `${name}.yaml`);
      mkdirSync(join(deployRoot(name), 'srv'), { recursive: true });
      diskBefore[name] = disk(deployRoot(name));
      writeFileSync(config, [
        `name: ${name}`, `credential: ${pool.issue(name, 'agent')}`, 'listen: 127.0.0.1:0', `leaseMs: ${LEASE_MS}`, 'metrics: { intervalMs: 500 }',
        `stateDir: ${JSON.stringify(join(pool.dir, 'state', name))}`, `deploy: { root: ${JSON.stringify(deployRoot(name))} }`,
        `adapters: [{ name: svc, module: ${JSON.stringify(FIXTURE)}, autostart: true, options: { roles: [load-server] } }]`, '',
      ].join('\n'));
      procs.push(startLama(['agent', '--config', config, ...MDNS]));
    }
    grandEndpoint = String((await grand.waitForLog((l) => l.msg === 'grand agent running', 20_000)).endpoint);
    agentEndpoint = String((await procs[2].waitForLog((l) => l.msg === 'agent running', 20_000)).endpoint);
    [ctl, mon] = await Promise.all([startConsole(creds.ctl, grandEndpoint), startJsonConsole(creds.mon, grandEndpoint)]);
    browser = await launchChromium();
  });

  after(async () => {
    try {
      await browser?.close();
    } catch {
      // A browser that does not close is killed below.
    }
    browser?.process()?.kill('SIGKILL');
    await Promise.all(procs.map((p) => p.stop('SIGTERM', 5000)));
    await store?.close();
    pool.remove();
  });

  it("the grand agent's watch streams that feed a console: WatchDecisions streams decisions, WatchPool refuses an interval under 250 ms", async () => {
    const api = new GrandClient(grandEndpoint, loadCredential(pool.issue('watcher', 'monitor')), 5000);
    try {
      const decision = await firstValueFrom(api.watchDecisions(-1));
      expect(decision.service).to.equal('stream');
      expect(['add', 'release', 'hold']).to.include(decision.action);
      const view = await firstValueFrom(api.watchPool(250));
      expect(view.nodes.map((n) => n.node)).to.deep.equal(['node-1', 'node-2']);
      const refused = await firstValueFrom(api.watchPool(100)).then(() => undefined, (err: Error & { code?: string }) => err);
      expect(refused?.code).to.equal('ERR_INVALID_ARGUMENT');
      expect(refused?.message).to.include('interval_ms 100 is below the minimum 250');
    } finally {
      api.close();
    }
  });

  it('a controller signs in with the printed link: the page loads with no console errors and shows the pool within 1 s (on a reload)', async () => {
    asController = await watchedPage(browser as Browser);
    const { page, errors } = asController;
    const started = Date.now();
    await page.goto(ctl.signIn, { waitUntil: 'domcontentloaded' });
    expect(new URL(page.url()).pathname).to.equal('/');
    await page.waitForSelector('body[data-first-data-ms]', { timeout: 10_000 });
    const firstDataMs = Number(await page.$eval('body', (b) => b.dataset.firstDataMs));
    // The page came with its first view (the session and the feed's state) in a JSON data block.
    const boot = await page.$eval('#lama-boot', (e) => JSON.parse(e.textContent ?? '{}') as { session: { roles: string[] }; snapshot: { link: { connected: boolean } } });
    expect(boot.session.roles).to.deep.equal(['controller']);
    expect(boot.snapshot.link.connected).to.equal(true);
    // Both nodes' rows, with their adapter's state.
    await page.waitForFunction(() => document.querySelectorAll('#pool .row[data-node]').length === 2, { timeout: 10_000 });
    // The first load also starts Chromium's renderer; a reload is what an operator's browser does.
    await page.reload({ waitUntil: 'domcontentloaded' });
    await page.waitForSelector('body[data-first-data-ms]', { timeout: 10_000 });
    const warmMs = Number(await page.$eval('body', (b) => b.dataset.firstDataMs));
    console.log(`      first data on screen: ${firstDataMs} ms after the sign-in navigation of a fresh browser (${Date.now() - started} ms wall), ${warmMs} ms on a reload`);
    // The 1 s budget is bench/console's figure (timing of real processes is measured there); here
    // the page must show data at all, well within the wait above, on a machine however loaded.
    expect(warmMs).to.be.a('number').and.below(10_000);
    expect(await page.$eval('#link', (e) => e.textContent)).to.equal('live');
    // Lease time left, from the lookup service's renewals through the grand agent, counted down in the page.
    const leaseLeft = async (): Promise<number> => Number.parseFloat(String(await page.$eval('#pool .row[data-node="node-1"] .lease', (e) => e.textContent)));
    const left = await leaseLeft();
    expect(left, 'lease left (s)').to.be.above(0).and.at.most(LEASE_MS / 1000);
    expect(await page.$eval('#pool .row[data-node="node-1"] .lease', (e) => (e as HTMLElement).title)).to.equal(`lease ${(LEASE_MS / 1000).toFixed(1)} s`);
    // It moves between the server's views (renewals every third of the lease put it back up).
    await until('the lease cell changes', async () => await leaseLeft() !== left, 2000);
    expect(await page.$eval('#who', (e) => e.textContent)).to.include('ops · controller');
    expect(errors).to.deep.equal([]);
    // The link was single-use: a second browser cannot use it.
    const again = await fetch(ctl.signIn, { redirect: 'manual' });
    expect(again.status).to.equal(401);
    expect(await again.text()).to.include('unknown or was used already');
  });

  it('a service chart gains points as the grand agent streams its pool view', async () => {
    const { page } = asController;
    await page.waitForSelector('section.service[data-service="stream"]');
    const before = Number(await page.$eval('section.service[data-service="stream"]', (s) => (s as HTMLElement).dataset.points));
    await page.waitForFunction((n) => Number((document.querySelector('section.service[data-service="stream"]') as HTMLElement).dataset.points) >= n + 3,
      { timeout: 5000 }, before);
    expect(await page.$eval('section.service .figures', (e) => e.textContent)).to.match(/^N = \d/);
    // The chart is drawn: uPlot's canvas is there.
    expect(await page.$$eval('section.service canvas', (c) => c.length)).to.be.greaterThan(0);
  });

  it("a controller's Stop stops the adapter on the agent, and the page shows it; Set applies a parameter and shows the agent's refusal of an unknown one", async () => {
    const { page, errors } = asController;
    // The table is redrawn as the pool changes: click the button that is there now, in one step
    // (a query then a mouse click can land on a row replaced in between).
    await page.$eval('button[data-verb="stop"][data-node="node-1"][data-adapter="svc"]', (b) => (b as HTMLButtonElement).click());
    await page.waitForFunction(() => document.getElementById('action-result')?.textContent === 'stop svc on node-1: done', { timeout: 10_000 });
    await page.waitForFunction(() => document.querySelector('#pool .row[data-node="node-1"] .chip')?.textContent?.startsWith('svc STOPPED'), { timeout: 5000 });
    // Set through the page's form: a good key is applied, an unknown one is refused with the agent's own message.
    const setParams = async (params: string): Promise<string> => {
      await page.$eval('#action-result', (e) => { e.textContent = ''; });
      await page.$eval('#set-form', (f, p) => {
        const form = f as HTMLFormElement;
        (form.elements.namedItem('node') as HTMLInputElement).value = 'node-1';
        (form.elements.namedItem('adapter') as HTMLInputElement).value = 'svc';
        (form.elements.namedItem('params') as HTMLInputElement).value = p;
      }, params);
      await page.click('#set-form button[type="submit"]');
      await page.waitForFunction(() => document.getElementById('action-result')?.textContent !== '', { timeout: 10_000 });
      return String(await page.$eval('#action-result', (e) => e.textContent));
    };
    expect(await setParams('load=42')).to.equal('set svc on node-1: done');
    expect(await setParams('nope=1')).to.match(/^set svc on node-1: 400: agent: .*nope/);
    expect(errors.splice(0)).to.deep.equal(['console: Failed to load resource: the server responded with a status of 400 (Bad Request)']);
    const agent = new AgentClient(agentEndpoint, loadCredential(pool.issue('checker', 'monitor')), 5000);
    try {
      const svc = (await agent.status()).adapters.find((a) => a.name === 'svc');
      expect(svc?.state).to.equal('STOPPED');
      expect(svc?.params.load).to.equal('42');
    } finally {
      agent.close();
    }
    expect(errors).to.deep.equal([]);
  });

  it("a monitor's console shows the pool, and the server refuses its Stop (403), its buttons being disabled", async () => {
    const { page, errors } = await watchedPage(browser as Browser);
    await page.goto(mon.signIn, { waitUntil: 'domcontentloaded' });
    await page.waitForFunction(() => document.querySelectorAll('#pool .row[data-node]').length === 2, { timeout: 10_000 });
    expect(await page.$eval('button[data-verb="stop"][data-node="node-2"]', (b) => (b as HTMLButtonElement).disabled)).to.equal(true);
    // Served with --no-inline-first-view: the page drew from /api/session and the stream alone.
    expect(await page.$('#lama-boot')).to.equal(null);
    expect(errors).to.deep.equal([]);
    // What the button would send, sent anyway from the page with the session's CSRF token.
    const answer = await postFromPage(page, '/api/nodes/node-2/adapters/svc/stop', {});
    expect(answer.status).to.equal(403);
    expect(answer.body.error).to.include('actions need role controller');
    for (const [path, body] of [['/api/deploy', { site: 'news', nodes: ['node-1'] }], ['/api/clean', { nodes: ['node-1'] }]] as const) {
      const refused = await postFromPage(page, path, body);
      expect([path, refused.status, refused.body.error]).to.deep.equal([path, 403, answer.body.error]);
    }
    expect(await page.$eval('#deploy-form button', (b) => (b as HTMLButtonElement).disabled)).to.equal(true);
    await page.waitForFunction(() => document.querySelector('#pool .row[data-node="node-2"] .chip')?.textContent?.startsWith('svc RUNNING'), { timeout: 5000 });
    // Chromium reports the refused request itself, and nothing else.
    expect(errors).to.deep.equal(Array(3).fill('console: Failed to load resource: the server responded with a status of 403 (Forbidden)'));
    await page.close();
  });

  it('refuses a change without the CSRF token, from another origin, or without a session; a taken address stops a console with a clear error', async () => {
    const { page, errors } = asController;
    const noCsrf = await page.evaluate(async () => (await fetch('/api/nodes/node-2/adapters/svc/stop', { method: 'POST', body: '{}' })).status);
    expect(noCsrf).to.equal(403);
    // Chromium reports the refusal as a console error: it was asked for.
    expect(errors.splice(0)).to.deep.equal(['console: Failed to load resource: the server responded with a status of 403 (Forbidden)']);
    const foreign = await raw('POST', `${ctl.url}/api/nodes/node-2/adapters/svc/stop`, { origin: 'http://evil.example' });
    expect(foreign).to.deep.include({ status: 403 });
    expect(foreign.body).to.include("must come from this console's page");
    // A DNS-rebinding page reaches the console under its own host name.
    expect(await raw('GET', `${ctl.url}/api/session`, { host: 'evil.example' })).to.deep.include({ status: 403 });
    // A console whose address is taken says so and stops.
    const taken = lamaSync(['console', '--credential', pool.issue('late', 'monitor'), '--grand', grandEndpoint, '--listen', ctl.url.slice('http://'.length), '--no-multicast', ...MDNS]);
    expect(taken.status).to.equal(1);
    expect(taken.stderr).to.include(`--listen ${ctl.url.slice('http://'.length)}: cannot serve the console there (EADDRINUSE)`);
    const noSession = await fetch(`${ctl.url}/events`);
    expect(noSession.status).to.equal(401);
    expect(((await noSession.json()) as { error: string }).error).to.include('not signed in');
  });

  it("a controller deploys a site onto a FREE node from the page and cleans it; every step shows as it happens; bad requests are refused with the reason", async () => {
    const { page, errors } = asController;
    // Refused before anything is sent: the console's own checks, then the grand agent's.
    const bad = [
      await postFromPage(page, '/api/deploy', { site: 'news@x', nodes: ['node-1'] }),
      await postFromPage(page, '/api/deploy', { site: 'news', nodes: [] }),
      await postFromPage(page, '/api/deploy', { site: 'news', nodes: ['node-9'] }),
      await postFromPage(page, '/api/clean', { nodes: ['node-1'], keepCache: 'yes' }),
    ];
    expect(bad.map((b) => b.status)).to.deep.equal([400, 400, 404, 400]);
    expect(bad[0].body.error).to.include("version 'x' of 'news@x' must be a positive integer");
    expect(bad[1].body.error).to.include("'nodes' must be a non-empty list of node names");
    expect(bad[2].body.error).to.include("node 'node-9' is not registered in the pool");
    expect(bad[3].body.error).to.include("'keepCache' must be true or false");
    expect(errors.splice(0)).to.have.length(4);
    // Every state the page draws of a deployment, in order (the list redraws an item per change).
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seen: string[] }).seen = seen;
      new MutationObserver((records) => {
        for (const r of records) for (const n of Array.from(r.addedNodes)) {
          if (n instanceof HTMLElement && n.matches('#deployments > li')) seen.push(`${n.dataset.kind} ${n.dataset.state}`);
        }
      }).observe(document.getElementById('deployments') as HTMLElement, { childList: true });
    });
    const submit = async (form: string, fields: Record<string, string>, done: string): Promise<void> => {
      await page.$eval('#action-result', (e) => { e.textContent = ''; });
      await page.$eval(form, (f, v) => {
        for (const [k, x] of Object.entries(v)) ((f as HTMLFormElement).elements.namedItem(k) as HTMLInputElement).value = x;
      }, fields);
      await page.click(`${form} button[type="submit"]`);
      await page.waitForFunction((d) => document.getElementById('action-result')?.textContent === d, { timeout: 10_000 }, done);
    };
    const started = Date.now();
    await submit('#deploy-form', { site: 'news', nodes: 'node-1' }, 'deploy news: done');
    const line = '#deployments > li[data-kind="deploy"][data-state="complete"] li[data-node="node-1"][data-state="complete"]';
    await page.waitForSelector(line, { timeout: 20_000 });
    console.log(`      deployment complete on the page ${Date.now() - started} ms after the click`);
    const text = String(await page.$eval(line, (e) => e.textContent));
    expect(text).to.match(/^node-1 complete in \d+\.\d s · stop-services \d+\.\d\d s, /);
    expect(text).to.include('5 files (0 by multicast, 5 from the store)');
    expect(readlinkSync(join(deployRoot('node-1'), 'srv/news/htdocs/p3.html'))).to.match(/\/p3\.html$/);
    await until('the pool table shows node-1 OPERATIONAL', async () =>
      String(await page.$eval('#pool .row[data-node="node-1"]', (r) => r.textContent)).includes('OPERATIONAL'), 10_000);

    await submit('#clean-form', { nodes: 'node-1' }, 'clean node-1: done');
    await page.waitForSelector('#deployments > li[data-kind="clean"][data-state="complete"] li[data-node="node-1"][data-state="clean"]', { timeout: 20_000 });
    expect(existsSync(join(deployRoot('node-1'), 'srv/news'))).to.equal(false);
    expect(disk(deployRoot('node-1'))).to.equal(diskBefore['node-1']);
    const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
    // The deployment is drawn before it ends, then at each change until the end.
    expect(seen[0]).to.match(/^deploy (waiting|preparing|running)$/);
    expect(seen).to.include('deploy complete');
    expect(seen.at(-1)).to.equal('clean complete');
    expect(errors).to.deep.equal([]);
  });

  it(`a node killed with kill -9 shows its lease-expired alert on the page within lease + 2 s (${LEASE_MS + 2000} ms), and a controller acknowledges it`, async () => {
    const { page, errors } = asController;
    const killedAt = Date.now();
    await procs[3].stop('SIGKILL');
    await page.waitForSelector('#alerts li[data-kind="lease-expired"][data-node="node-2"]', { timeout: LEASE_MS + 2000 });
    const shownMs = Date.now() - killedAt;
    console.log(`      alert on the page ${shownMs} ms after kill -9 (lease ${LEASE_MS} ms)`);
    expect(shownMs).to.be.below(LEASE_MS + 2000);
    await page.$eval('#alerts li[data-node="node-2"] button[data-ack]', (b) => (b as HTMLButtonElement).click());
    await page.waitForSelector('#alerts li.acked[data-node="node-2"]', { timeout: 5000 });

    await page.screenshot({ path: process.env.LAMA_CONSOLE_SCREENSHOT ?? join(pool.dir, 'console.png') });
    expect(errors).to.deep.equal([]);
  });
});
