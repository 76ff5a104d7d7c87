// The functions handed to page.evaluate run in Chromium: they need the DOM types.
/// <reference lib="dom" />
import { expect } from 'chai';
import type { Browser } from 'puppeteer-core';
import { Subject, throwError, type Observable } from 'rxjs';
import type { Alert, DecisionJson, DeploymentJson, RemotePool } from '@lama/grand-agent';
import { ConsoleActions, ConsoleFeed, ConsoleServer, GrandDeployments, SessionStore, type GrandDeployer, type GrandStreams } from '@lama/console';
import { loadCredential, systemClock } from '@lama/lookup';
import { launchChromium, watchedPage } from '@lama/testkit/chromium';
import { TestPool } from './helpers/pool.js';

const NODES = 1000;

/** A grand agent's streams with a pool of 1,000 nodes whose figures change every view. */
class BigPool implements GrandStreams, GrandDeployer {
  readonly pool = new Subject<RemotePool>();
  private tick = 0;
  watchPool(): Observable<RemotePool> {
    return this.pool;
  }
  watchAlerts(): Observable<Alert> {
    return new Subject<Alert>();
  }
  watchDecisions(): Observable<DecisionJson> {
    return new Subject<DecisionJson>();
  }
  watchDeployments(): Observable<DeploymentJson> {
    return new Subject<DeploymentJson>();
  }
  deploy(): Observable<DeploymentJson> {
    return throwError(() => new Error('this synthetic pool deploys nothing'));
  }
  clean(): Observable<DeploymentJson> {
    return throwError(() => new Error('this synthetic pool cleans nothing'));
  }
  /** Sends the next view. */
  next(): void {
    const t = ++this.tick;
    const nodes = Array.from({ length: NODES }, (_, i) => ({
      node: `node-${String(i + 1).padStart(4, '0')}`, endpoint: `127.0.0.1:${20000 + i}`, roles: ['web-server'], lastStatusMs: Date.now(),
      cpuUtilization: ((i * 7 + t) % 100) / 100, rxBitsPerSec: (i + t) * 1000, txBitsPerSec: (i + t) * 2000,
      adapters: { web: i % 3 === 0 ? 'RUNNING' : 'STOPPED', probe: 'RUNNING' }, loads: {}, serving: i % 3 === 0 ? 'web' : '', pending: '', samples: t, lifecycle: 'FREE', leaseExpiresMs: Date.now() + 1000 + (i % 20) * 1000, leaseMs: 30_000,
    }));
    this.pool.next({
      grand: 'grand', atMs: Date.now(), lookups: ['127.0.0.1:4160'], nodes,
      services: [{ name: 'web', role: 'web-server', metric: 'cpu', predictor: 'holt', capacityPerNode: 1, n: 334, serving: [], sum: 200 + t, hasForecast: true,
        level: 200 + t, forecast: 210 + t, upperBound: 300, lowerBound: 266, holdReason: '', dryRun: false }],
    });
  }
}

/**
 * The page with a pool of 1,000 nodes updated twice a second (the console server in this
 * process, fed by a synthetic grand agent; Debian's Chromium): the table keeps only the rows
 * in view in the DOM, scrolls to the last node, and frames keep coming.
 */
describe('lama console page with 1,000 nodes (Debian chromium headless, the console server in-process)', function () {
  this.timeout(60_000);
  const pool = new TestPool();
  const grand = new BigPool();
  const feed = new ConsoleFeed({ grand, intervalMs: 500 });
  let server: ConsoleServer;
  let browser: Browser | undefined;
  let timer: NodeJS.Timeout | undefined;

  before(async () => {
    const credential = loadCredential(pool.issue('ops', 'controller'));
    server = new ConsoleServer({
      listen: '127.0.0.1:0', feed, sessions: new SessionStore({ roles: ['controller'], clock: systemClock }),
      actions: new ConsoleActions(credential, feed), deployments: new GrandDeployments(grand), credentialName: 'ops',
    });
    await server.start();
    await feed.start();
    grand.next();
    timer = setInterval(() => grand.next(), 500);
    browser = await launchChromium();
  });

  after(async () => {
    clearInterval(timer);
    await browser?.close().catch(() => undefined);
    browser?.process()?.kill('SIGKILL');
    await feed.stop();
    await server?.stop();
    pool.remove();
  });

  it('keeps fewer than 100 rows in the DOM, scrolls to the last node, and draws frames while views arrive', async () => {
    const { page, errors } = await watchedPage(browser as Browser);
    await page.goto(server.signInUrl(), { waitUntil: 'domcontentloaded' });
    await page.waitForFunction((n) => document.getElementById('pool-title')?.textContent === `Pool of grand: ${n} nodes`, { timeout: 10_000 }, NODES);
    expect(await page.$$eval('#pool .row', (r) => r.length)).to.be.within(10, 100);
    // The charts' chunk loads after the first data: its one-time set-up is not what is measured.
    await page.waitForSelector('section.service canvas', { timeout: 10_000 });
    // Scroll through the whole table for 2 s while views arrive; record the time between frames.
    const frames = await page.evaluate(async () => {
      const viewport = document.getElementById('pool') as HTMLElement;
      const gaps: number[] = [];
      let last = performance.now();
      const end = last + 2000;
      await new Promise<void>((done) => {
        const step = (now: number): void => {
          gaps.push(now - last);
          last = now;
          viewport.scrollTop = ((now - end + 2000) / 2000) * viewport.scrollHeight;
          if (now < end) requestAnimationFrame(step);
          else done();
        };
        requestAnimationFrame(step);
      });
      viewport.scrollTop = viewport.scrollHeight;
      return gaps.sort((a, b) => a - b);
    });
    const p95 = frames[Math.floor(frames.length * 0.95)];
    console.log(`      ${frames.length} frames in 2 s of scrolling 1,000 rows with a view every 500 ms: median ${frames[frames.length >> 1].toFixed(1)} ms, p95 ${p95.toFixed(1)} ms between frames`);
    await page.waitForSelector('#pool .row[data-node="node-1000"]', { timeout: 5000 });
    expect(await page.$$eval('#pool .row', (r) => r.length)).to.be.below(100);
    // The DOM bound above is what keeps it smooth; frames are logged, and bounded loosely here
    // because a busy 2-core machine stretches them (median 33 ms, p95 67-117 ms at load 7).
    expect(p95).to.be.below(250);
    expect(errors).to.deep.equal([]);
  });
});
