// The scene of docs/console.png (`npm run bench -- console --screenshot FILE.png`): a real pool on
// 127.0.0.1 whose load rises so the allocator adds nodes (decisions with their outcomes), a site
// deployed onto a FREE node from the page's form (its per-node steps), a node killed with kill -9
// (its alert), then one full-page screenshot by Debian's Chromium. The report says what it shows.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser } from 'puppeteer-core';
import { serveStore, type StoreServer } from '@lama/agent';
import type { Role } from '@lama/lookup';
import { freePort, sleep } from '@lama/testkit';
import { launchChromium } from '@lama/testkit/chromium';
import { lamaSync, type LamaProcess } from '@lama/testkit/process';
import { progress } from '../lib/progress.js';

/** What the bench's main module lends the scene. */
export interface SceneParts {
  dir: string;
  cred: (name: string, roles: Role[]) => string;
  start: (args: string[], stdin?: boolean) => LamaProcess;
  /** Drives the demand on these agents until the bench stops. */
  drive: (agents: { endpoint: string; name: string }[]) => Promise<void>;
  service: Record<string, unknown>;
  fixture: string;
  /** The browser, for the bench's cleanup to close whatever happens. */
  onBrowser: (b: Browser) => void;
}

/** Sets the scene, takes the screenshot, and returns what is on it. */
export async function screenshotScene(file: string, p: SceneParts): Promise<Record<string, unknown>> {
  let store: StoreServer | undefined;
  try {
    // A small site in a store, for the deploy form (every file from the store).
    const tree = join(p.dir, 'news');
    mkdirSync(join(tree, 'htdocs'), { recursive: true });
    for (let i = 0; i < 5; i++) writeFileSync(join(tree, `htdocs/p${i}.html`), `<p>${i}</p>`);
    writeFileSync(join(p.dir, 'news.yaml'), 'mapping:\n  - {shared: htdocs, local: /srv/news/htdocs, policy: mkdir}\n');
    const ops = p.cred('ops', ['controller']);
    const published = lamaSync(['site', 'publish', tree, 'news', '--store', join(p.dir, 'store'), '--credential', ops, '--definition', join(p.dir, 'news.yaml'), '--json']);
    if (published.status !== 0) throw new Error(`lama site publish failed: ${published.stderr}`);
    store = await serveStore(join(p.dir, 'store'), { host: '127.0.0.1', port: await freePort() });

    const grand = p.start(['grand', '--credential', p.cred('grand', ['lookup', 'controller']), '--listen', '127.0.0.1:0', '--no-multicast',
      '--monitor-interval-ms', '1000', '--service', JSON.stringify(p.service), '--store-url', store.url, '--deploy-timeout-ms', '30000']);
    const grandEndpoint = String((await grand.waitForLog((l) => l.msg === 'grand agent running', 30_000)).endpoint);
    const agent = async (name: string, extra: string[]): Promise<{ name: string; endpoint: string; proc: LamaProcess }> => {
      const proc = p.start(['agent', '--name', name, '--credential', p.cred(name, ['agent']), '--listen', '127.0.0.1:0', '--no-multicast', '--lookup', grandEndpoint,
        '--lease-ms', '3000', '--metrics-interval-ms', '1000', '--state-dir', join(p.dir, 'state', name), ...extra]);
      return { name, proc, endpoint: String((await proc.waitForLog((l) => l.msg === 'agent running', 30_000)).endpoint) };
    };
    const servers = [];
    for (const [i, name] of ['node-1', 'node-2', 'node-3'].entries()) {
      servers.push(await agent(name, ['--adapter', JSON.stringify({ name: 'svc', module: p.fixture, autostart: i === 0, options: { roles: ['load-server'] } })]));
    }
    mkdirSync(join(p.dir, 'disks', 'node-4'), { recursive: true });
    await agent('node-4', ['--deploy-root', join(p.dir, 'disks', 'node-4')]);
    const doomed = await agent('node-5', []);
    const driver = p.drive(servers);

    const consoleProc = p.start(['console', '--json', '--credential', ops, '--grand', grandEndpoint, '--listen', '127.0.0.1:0', '--no-multicast', '--interval-ms', '1000']);
    const signIn = String((await consoleProc.waitForLog((l) => typeof l.signIn === 'string', 30_000)).signIn);
    const browser = await launchChromium();
    p.onBrowser(browser);
    const page = await browser.newPage();
    await page.setViewport({ width: 1400, height: 1000 });
    await page.goto(signIn, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('body[data-first-data-ms]', { timeout: 15_000 });

    progress('deploying news onto node-4 from the page');
    await page.$eval('#deploy-form', (f) => {
      const form = f as HTMLFormElement;
      (form.elements.namedItem('site') as HTMLInputElement).value = 'news';
      (form.elements.namedItem('nodes') as HTMLInputElement).value = 'node-4';
    });
    await page.click('#deploy-form button[type="submit"]');
    await page.waitForSelector('#deployments > li[data-kind="deploy"][data-state="complete"]', { timeout: 60_000 });

    progress('waiting for an add carried out (the demand rises) and chart points');
    await page.waitForSelector('#decisions li[data-action="add"][data-outcome="done"]', { timeout: 120_000 });
    await page.waitForFunction(() => Number((document.querySelector('section.service') as HTMLElement | null)?.dataset.points ?? 0) >= 40, { timeout: 60_000 });

    progress('kill -9 node-5: its alert');
    await doomed.proc.stop('SIGKILL');
    await page.waitForSelector('#alerts li[data-kind="lease-expired"][data-node="node-5"]', { timeout: 15_000 });
    await sleep(1500);
    // Clear the form the deploy used, as an operator's page would look.
    await page.$eval('#deploy-form', (f) => (f as HTMLFormElement).reset());
    const path = resolve(file);
    await page.screenshot({ path, fullPage: true });
    const shown = await page.evaluate(() => ({
      nodes: document.querySelectorAll('#pool .row[data-node]').length,
      chartPoints: Number((document.querySelector('section.service') as HTMLElement | null)?.dataset.points ?? 0),
      decisions: Array.from(document.querySelectorAll('#decisions li')).map((li) => li.textContent ?? ''),
      alerts: Array.from(document.querySelectorAll('#alerts li')).map((li) => li.textContent ?? ''),
      deployments: Array.from(document.querySelectorAll('#deployments > li')).map((li) => li.textContent ?? ''),
      leaseLeft: Array.from(document.querySelectorAll('#pool .row[data-node] .lease')).map((c) => c.textContent ?? ''),
    }));
    progress(`screenshot: ${path}`);
    // The driver stops with the bench's cleanup.
    void driver;
    return { bench: 'console', screenshot: path, ...shown };
  } finally {
    await store?.close();
  }
}
