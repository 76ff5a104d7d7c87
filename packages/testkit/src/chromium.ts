import { existsSync } from 'node:fs';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/** Debian's Chromium (scripts/test.sh installs the package when it is missing). */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Debian's Chromium, headless, kept on this machine: every host name resolves to nothing but
 * 127.0.0.1 and localhost, and its background services (updates, sync, metrics) are off.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: scripts/test.sh installs Debian's chromium package`);
  return puppeteer.launch({
    executablePath: CHROMIUM, headless: true, defaultViewport: { width: 1280, height: 900 },
    args: [
      // Root in a container: Chromium's sandbox needs user namespaces it may not get.
      '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--no-pings', '--disable-sync',
      '--disable-background-networking', '--disable-component-update', '--disable-domain-reliability', '--disable-breakpad',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
    ],
  });
}

/** A page and what went wrong on it: console errors, uncaught exceptions, failed requests. */
export interface WatchedPage {
  page: Page;
  errors: string[];
}

/** A new page of browser that records its errors. */
export async function watchedPage(browser: Browser): Promise<WatchedPage> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`page: ${e instanceof Error ? e.message : String(e)}`));
  page.on('requestfailed', (r) => {
    // An EventSource that the test closes by navigating away is not an error of the page.
    if (!r.url().endsWith('/events')) errors.push(`request: ${r.url()} ${r.failure()?.errorText ?? ''}`);
  });
  return { page, errors };
}
