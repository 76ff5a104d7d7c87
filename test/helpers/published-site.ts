import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveStore, type StoreServer } from '@lama/agent';
import { freePort } from '@lama/testkit';
import { lamaSync } from './lama-process.js';

/** What a test site is made of: `files` pages of `bytes` bytes each, every page's content its own. */
export interface SiteShape {
  files: number;
  bytes: number;
}

/**
 * Writes site SITE (pages under htdocs, mapped to /srv/SITE/htdocs by mkdir, no services),
 * publishes it signed by the controller credential, and serves the store on loopback.
 */
export async function publishSite(scratch: string, site: string, controllerFile: string, shape: SiteShape): Promise<StoreServer> {
  const tree = join(scratch, `${site}-tree`);
  mkdirSync(join(tree, 'htdocs'), { recursive: true });
  // Distinct contents: objects are content-addressed, so equal pages would be one object.
  for (let i = 0; i < shape.files; i++) writeFileSync(join(tree, 'htdocs', `p${i}.html`), `<p>${i}</p>`.padEnd(shape.bytes, String.fromCharCode(97 + (i % 26))));
  const definition = join(scratch, `${site}.yaml`);
  writeFileSync(definition, `mapping:\n  - {shared: htdocs, local: /srv/${site}/htdocs, policy: mkdir}\nadapters: []\n`);
  const storeDir = join(scratch, `${site}-store`);
  const r = lamaSync(['site', 'publish', tree, site, '--store', storeDir, '--credential', controllerFile, '--definition', definition, '--json']);
  if (r.status !== 0) throw new Error(`lama site publish failed: ${r.stderr}`);
  return serveStore(storeDir, { host: '127.0.0.1', port: await freePort() });
}
