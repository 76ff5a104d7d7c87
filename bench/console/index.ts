// The functions handed to page.evaluate run in Chromium: they need the DOM types.
/// <reference lib="dom" />
// `npm run bench -- console [--pages N] [--window-ms MS]`; `--screenshot FILE.png` takes the
// console's screenshot instead (docs/console.png: see screenshot.ts).
// The web console's budgets against real processes on 127.0.0.1 (unicast, --no-multicast):
// `lama grand`, three `lama agent`s whose load the bench drives (so the allocator adds and
// releases nodes), `lama console`, and Debian's Chromium headless with N pages open.
// - page weight: the page's JavaScript as shipped, raw and gzipped (budget 300 KB), and app.js,
//   what runs before the first data (the charts' chunk loads after);
// - first data on screen: from navigation (sign-in redirect included) to the first pool view
//   drawn, for each page (budget 1 s), with the page's first view inlined (lama console's default)
//   and, opened in turn under the same load, the baseline console that only streams it
//   (--no-inline-first-view); each with the median time of each step;
// - the grand agent's CPU per second over a window with no console running (baseline), with
//   one console and no browser, with N pages open on it, and with no console again (the noise
//   between the baselines).
// One JSON document on stdout; progress on stderr.
import { readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
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
import { screenshotScene } from './screenshot.js';

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
  const p = LamaProcess.start(args, {
    stdin, keepLines: 200,
    env: { LAMA_MDNS_INTERFACE: '127.0.0.1', LAMA_MDNS_GROUP: process.env.LAMA_MDNS_GROUP ?? '239.255.76.117', LAMA_MDNS_PORT: process.env.LAMA_MDNS_PORT ?? '16117' },
  });
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

/** A `lama console` on the grand agent, and its next single-use sign-in link (Enter on its stdin prints another). */
interface RunningConsole {
  proc: LamaProcess;
  link(): Promise<string>;
}

async function startConsole(extra: string[]): Promise<RunningConsole> {
  const proc = start(['console', '--json', '--credential', cred('ops', ['controller']), '--grand', grandEndpoint, '--listen', '127.0.0.1:0',
    '--no-multicast', '--interval-ms', '1000', ...extra], true);
  const links: string[] = [];
  proc.onLog((l) => { if (typeof l.signIn === 'string') links.push(l.signIn); });
  await proc.waitForLog((l) => typeof l.signIn === 'string', 30_000);
  let used = 0;
  return {
    proc,
    link: async () => {
      if (used > 0) proc.child.stdin?.write('\n');
      while (links.length <= used) await sleep(10);
      return links[used++];
    },
  };
}

/** One browser context per page, as separate operators' browsers: tabs of one browser share its six HTTP/1.1 connections per host, and each open console holds one for its event stream. */
async function openPage(b: Browser, link: string): Promise<Page> {
  const page = await (await b.createBrowserContext()).newPage();
  page.on('pageerror', (e) => progress(`page error: ${e instanceof Error ? e.message : String(e)}`));
  // A generous wait: on this shared machine a page under load 30 took 17 s.
  await page.goto(link, { waitUntil: 'domcontentloaded', timeout: 60_000 });
  await page.waitForSelector('body[data-first-data-ms]', { timeout: 60_000 });
  return page;
}

/** Where a page's first data took its time, ms from the navigation: the HTML in, app.js in, the script running, the first snapshot in hand, drawn. */
interface LoadTimes {
  html: number;
  appJs: number;
  script: number;
  snapshot: number;
  firstData: number;
}

async function loadTimes(page: Page): Promise<LoadTimes> {
  return page.evaluate(() => {
    const at = (name: string): number => Math.round(performance.getEntriesByName(name)[0]?.startTime ?? -1);
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const app = performance.getEntriesByName(`${location.origin}/app.js`)[0] as PerformanceResourceTiming | undefined;
    return {
      html: Math.round(nav.responseEnd), appJs: Math.round(app?.responseEnd ?? -1), script: at('lama:script'), snapshot: at('lama:snapshot'),
      firstData: Number(document.body.dataset.firstDataMs),
    };
  });
}

/** Median and max of first data; the median of each step. */
function summary(times: LoadTimes[]): Record<string, unknown> {
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const first = times.map((t) => t.firstData);
  return {
    median: median(first), max: Math.max(...first), firstPage: first[0], all: first,
    medianSteps: Object.fromEntries((['html', 'appJs', 'script', 'snapshot', 'firstData'] as const).map((k) => [k, median(times.map((t) => t[k]))])),
  };
}

let grandEndpoint = '';

async function main(): Promise<void> {
  const app = readFileSync(join(PAGE_DIR, 'app.js'));
  // app.js, and the chunk it imports once the first data is drawn (the charts, with uPlot).
  const js = Buffer.concat(readdirSync(PAGE_DIR).filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(PAGE_DIR, f))));
  const grand = start(['grand', '--credential', cred('grand', ['lookup', 'controller']), '--listen', '127.0.0.1:0', '--no-multicast',
    '--monitor-interval-ms', '1000', '--service', JSON.stringify(SERVICE)]);
  grandEndpoint = String((await grand.waitForLog((l) => l.msg === 'grand agent running', 30_000)).endpoint);
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

  const consoleProc = await startConsole([]);
  progress(`console running, no browser: the grand agent's CPU over ${WINDOW_MS} ms`);
  await sleep(2000);
  const consoleNoPages = await grandCpu(grand.pid);

  // The baseline of the first-data figure: a console whose page waits for the event stream's
  // snapshot (and /api/session), as the page did before it carried its first view. Its pages
  // open in turn with the measured console's, under the same load; it stops before the CPU window.
  const baselineProc = await startConsole(['--no-inline-first-view']);
  browser = await launchChromium();
  const pages: Page[] = [];
  const inlined: LoadTimes[] = [];
  const streamOnly: LoadTimes[] = [];
  for (let i = 0; i < PAGES; i++) {
    const basePage = await openPage(browser, await baselineProc.link());
    streamOnly.push(await loadTimes(basePage));
    await basePage.browserContext().close();
    const page = await openPage(browser, await consoleProc.link());
    inlined.push(await loadTimes(page));
    pages.push(page);
  }
  await baselineProc.proc.stop('SIGTERM', 5000);
  // A reload: the browser is warm, as an operator's is.
  await pages[0].reload({ waitUntil: 'domcontentloaded' });
  await pages[0].waitForSelector('body[data-first-data-ms]', { timeout: 15_000 });
  const reloadMs = Number(await pages[0].$eval('body', (b) => b.dataset.firstDataMs));
  progress(`${PAGES} pages open (first data ${inlined.map((t) => t.firstData).join(', ')} ms; baseline ${streamOnly.map((t) => t.firstData).join(', ')} ms); the grand agent's CPU over ${WINDOW_MS} ms`);
  const withPages = await grandCpu(grand.pid);
  const consoleCpu = cpuSeconds(consoleProc.proc.pid);
  await browser.close();
  browser = undefined;
  await consoleProc.proc.stop('SIGTERM', 5000);
  progress(`console stopped; the grand agent's CPU over ${WINDOW_MS} ms with no console again`);
  const none2 = await grandCpu(grand.pid);
  driving = false;
  await driver;

  const noise = Math.abs(none1 - none2);
  const r3 = (x: number): number => Math.round(x * 1000) / 1000;
  const report = {
    bench: 'console',
    machine: { cpus: cpus().length, loadavg1: r3(loadavg()[0]) },
    page: { jsBytes: js.length, jsGzipBytes: gzipSync(js).length, budgetBytes: 300 * 1024, withinBudget: js.length <= 300 * 1024, appJsBytesBeforeFirstData: app.length,
      cssBytes: statSync(join(PAGE_DIR, 'console.css')).size + statSync(join(PAGE_DIR, 'uPlot.min.css')).size },
    // From the navigation (the sign-in redirect included) to the first pool view drawn, each page in a fresh browser context.
    firstDataOnScreenMs: {
      pages: PAGES, budgetMs: 1000, reloadOfFirstPage: reloadMs,
      firstViewInlined: summary(inlined),
      baselineStreamOnly: summary(streamOnly),
    },
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

// --screenshot FILE sets the scene of docs/console.png instead of measuring.
const run = SCREENSHOT
  ? () => screenshotScene(SCREENSHOT, { dir, cred, start, drive, service: SERVICE, fixture: FIXTURE, onBrowser: (b) => { browser = b; } })
    .then((report) => console.log(JSON.stringify(report, null, 2)))
  : main;
run().then(cleanup, async (err: unknown) => {
  progress(`failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  await cleanup();
  process.exit(1);
});
