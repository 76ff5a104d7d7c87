// `npm run bench -- console [--pages N] [--window-ms MS] [--screenshot FILE.png]`
// The web console's budgets against real processes on 127.0.0.1 (unicast, --no-multicast):
// `lama grand`, three `lama agent`s whose load the bench drives (so the allocator adds and
// releases nodes), `lama console`, and Debian's Chromium headless with N pages open.
// - page weight: app.js as shipped, raw and gzipped (budget 300 KB);
// - first data on screen: from navigation (sign-in redirect included) to the first pool view
//   drawn, for each page (budget 1 s);
// - the grand agent's CPU per second over a window with no console running (baseline), with
//   one console and no browser, with N pages open on it, and with no console again (the noise
//   between the baselines).
// One JSON document on stdout; progress on stderr.
import { readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'puppeteer-core';
import { AgentClient } from '@lama/agent';
import { PAGE_DIR } from '@lama/console';
import { loadCredential } from '@lama/lookup';
import { cpuSeconds, sleep } from '@lama/testkit';
import { launchChromium } from '@lama/testkit/chromium';
import { LamaProcess } from '@lama/testkit/process';
import { benchPool } from '../lib/bench-pool.js';
import { onInterrupt } from '../lib/interrupt.js';
import { repoRoot } from '../lib/paths.js';
import { progress } from '../lib/progress.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}
const PAGES = Number(arg('pages', '10'));
const WINDOW_MS = Number(arg('window-ms', '15000'));
const SCREENSHOT = arg('screenshot', '');
if (!Number.isInteger(PAGES) || PAGES < 1 || PAGES > 50 || !Number.isInteger(WINDOW_MS) || WINDOW_MS < 2000) {
  process.stderr.write('usage: npm run bench -- console [--pages 1..50] [--window-ms MS ≥ 2000] [--screenshot FILE.png]\n');
  process.exit(2);
}
const FIXTURE = join(repoRoot, 'test', 'fixtures', 'load-adapter.mjs');
const SERVICE = {
  name: 'stream', role: 'load-server', metric: 'svc.load', adapter: 'svc', capacityPerNode: 100, minNodes: 1, maxNodes: 3,
  periodMs: 1000, predictor: { kind: 'holt' }, cooldownAddMs: 2000, cooldownReleaseMs: 4000,
};

const { dir, cred } = benchPool('lama-console-bench-');
const procs: LamaProcess[] = [];
let browser: Browser | undefined;
let driving = true;

async function cleanup(): Promise<void> {
  driving = false;
  await browser?.close().catch(() => undefined);
  browser?.process()?.kill('SIGKILL');
  await Promise.allSettled(procs.map((p) => p.stop('SIGTERM', 5000)));
  rmSync(dir, { recursive: true, force: true });
}
onInterrupt(cleanup);

const start = (args: string[], stdin = false): LamaProcess => {
  // Unicast only (--no-multicast); should anything multicast, it stays on loopback, on this bench's own group.
  const p = LamaProcess.start(args, { stdin, keepLines: 200, env: { LAMA_MDNS_INTERFACE: '127.0.0.1', LAMA_MDNS_GROUP: '239.255.76.117', LAMA_MDNS_PORT: '16117' } });
  procs.push(p);
  return p;
};

/** The grand agent's CPU seconds per second of wall time over the window. */
async function grandCpu(pid: number): Promise<number> {
  const c0 = cpuSeconds(pid);
  const t0 = performance.now();
  await sleep(WINDOW_MS);
  return (cpuSeconds(pid) - c0) / ((performance.now() - t0) / 1000);
}

// A demand that rises and falls (the paper's ramp, in seconds): shared equally by the nodes whose adapter runs.
async function drive(agents: { endpoint: string; name: string }[]): Promise<void> {
  const controller = loadCredential(cred('driver', ['controller']));
  const clients = agents.map((a) => ({ ...a, c: new AgentClient(a.endpoint, controller, 5000, { node: a.name }) }));
  const t0 = Date.now();
  while (driving) {
    const t = (Date.now() - t0) / 1000;
    const demand = 60 + 170 * Math.max(0, Math.sin((Math.PI * t) / 45));
    const running = [];
    for (const a of clients) {
      const s = await a.c.status().catch(() => undefined);
      if (s?.adapters.find((x) => x.name === 'svc')?.state === 'RUNNING') running.push(a);
    }
    for (const a of running) await a.c.set('svc', { load: (demand / running.length).toFixed(1) }).catch(() => undefined);
    await sleep(1000);
  }
  for (const a of clients) a.c.close();
}

async function main(): Promise<void> {
  const app = readFileSync(join(PAGE_DIR, 'app.js'));
  const grand = start(['grand', '--credential', cred('grand', ['lookup', 'controller']), '--listen', '127.0.0.1:0', '--no-multicast',
    '--monitor-interval-ms', '1000', '--service', JSON.stringify(SERVICE)]);
  const grandEndpoint = String((await grand.waitForLog((l) => l.msg === 'grand agent running', 30_000)).endpoint);
  const agents: { endpoint: string; name: string }[] = [];
  for (const [i, name] of ['node-1', 'node-2', 'node-3'].entries()) {
    const a = start(['agent', '--name', name, '--credential', cred(name, ['agent']), '--listen', '127.0.0.1:0', '--no-multicast', '--lookup', grandEndpoint,
      '--lease-ms', '3000', '--metrics-interval-ms', '1000',
      '--adapter', JSON.stringify({ name: 'svc', module: FIXTURE, autostart: i === 0, options: { roles: ['load-server'] } })]);
    agents.push({ name, endpoint: String((await a.waitForLog((l) => l.msg === 'agent running', 30_000)).endpoint) });
  }
  const driver = drive(agents);
  progress(`pool up; baseline: the grand agent's CPU over ${WINDOW_MS} ms with no console`);
  await sleep(3000);
  const none1 = await grandCpu(grand.pid);

  const consoleProc = start(['console', '--credential', cred('ops', ['controller']), '--grand', grandEndpoint, '--listen', '127.0.0.1:0',
    '--no-multicast', '--interval-ms', '1000'], true);
  const links: string[] = [];
  consoleProc.onLog((l) => { if (typeof l.url === 'string' && l.url.includes('/signin?token=')) links.push(l.url); });
  await consoleProc.waitForLog((l) => l.msg === 'console running', 30_000);
  // Enter on the console's stdin prints another single-use link: one per page.
  for (let i = 1; i < PAGES; i++) consoleProc.child.stdin?.write('\n');
  while (links.length < PAGES) await sleep(20);
  progress(`console running, no browser: the grand agent's CPU over ${WINDOW_MS} ms`);
  await sleep(2000);
  const consoleNoPages = await grandCpu(grand.pid);

  browser = await launchChromium();
  const pages: Page[] = [];
  const firstData: number[] = [];
  for (const link of links) {
    // One browser context per page, as ten operators' browsers: tabs of one browser share its
    // six HTTP/1.1 connections per host, and each open console holds one for its event stream.
    const page = await (await browser.createBrowserContext()).newPage();
    await page.goto(link, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('body[data-first-data-ms]', { timeout: 15_000 });
    firstData.push(Number(await page.$eval('body', (b) => b.dataset.firstDataMs)));
    pages.push(page);
  }
  // A reload: the browser is warm, as an operator's is.
  await pages[0].reload({ waitUntil: 'domcontentloaded' });
  await pages[0].waitForSelector('body[data-first-data-ms]', { timeout: 15_000 });
  const reloadMs = Number(await pages[0].$eval('body', (b) => b.dataset.firstDataMs));
  progress(`${PAGES} pages open (first data ${firstData.join(', ')} ms); the grand agent's CPU over ${WINDOW_MS} ms`);
  const withPages = await grandCpu(grand.pid);
  const consoleCpu = cpuSeconds(consoleProc.pid);
  if (SCREENSHOT) {
    await pages[0].bringToFront();
    await pages[0].screenshot({ path: SCREENSHOT, fullPage: true });
    progress(`screenshot: ${SCREENSHOT}`);
  }
  await browser.close();
  browser = undefined;
  await consoleProc.stop('SIGTERM', 5000);
  progress(`console stopped; the grand agent's CPU over ${WINDOW_MS} ms with no console again`);
  const none2 = await grandCpu(grand.pid);
  driving = false;
  await driver;

  const sorted = [...firstData].sort((a, b) => a - b);
  const noise = Math.abs(none1 - none2);
  const r3 = (x: number): number => Math.round(x * 1000) / 1000;
  const report = {
    bench: 'console',
    machine: { cpus: cpus().length, loadavg1: r3(loadavg()[0]) },
    page: { appJsBytes: app.length, appJsGzipBytes: gzipSync(app).length, budgetBytes: 300 * 1024, withinBudget: app.length <= 300 * 1024,
      cssBytes: statSync(join(PAGE_DIR, 'console.css')).size + statSync(join(PAGE_DIR, 'uPlot.min.css')).size },
    firstDataOnScreenMs: { pages: PAGES, firstPage: firstData[0], reloadOfFirstPage: reloadMs, median: sorted[Math.floor(sorted.length / 2)], max: sorted.at(-1), budgetMs: 1000 },
    grandCpuCoresUsed: {
      baselineNoConsole: r3(none1), oneConsoleNoBrowser: r3(consoleNoPages), oneConsoleWithPagesOpen: r3(withPages), noConsoleAgain: r3(none2),
      pagesOpen: PAGES, windowMs: WINDOW_MS, noiseBetweenBaselines: r3(noise),
      // What the browsers add (the claim: nothing), and what the console's one set of streams adds.
      pagesVersusNoBrowser: r3(withPages - consoleNoPages), consoleVersusBaselines: r3(consoleNoPages - (none1 + none2) / 2),
    },
    consoleCpuSecondsWhileOpen: r3(consoleCpu),
  };
  console.log(JSON.stringify(report, null, 2));
}

main().then(cleanup, async (err: unknown) => {
  progress(`failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  await cleanup();
  process.exit(1);
});
