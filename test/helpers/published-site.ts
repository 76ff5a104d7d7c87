import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lamaSync } from './lama-process.js';

/** What a test site is made of. */
export interface SiteSpec {
  /** htdocs/pN.html, each `pageBytes` long with its own content (objects are content-addressed: equal pages would be one). */
  pages: number;
  pageBytes: number;
  /** Executable files of the tree (path -> shell text), e.g. post-mapping scripts. */
  scripts?: Record<string, string>;
  /** The definition's mapping and adapters lines (YAML); default: htdocs mapped to /srv/SITE/htdocs by mkdir, no adapters. */
  definition?: string[];
}

/** Writes site SITE's tree and definition under scratch and publishes it into storeDir, signed by the controller credential. */
export function publishSite(scratch: string, storeDir: string, site: string, controllerFile: string, spec: SiteSpec): void {
  const tree = join(scratch, `${site}-tree`);
  mkdirSync(join(tree, 'htdocs'), { recursive: true });
  for (let i = 0; i < spec.pages; i++) writeFileSync(join(tree, 'htdocs', `p${i}.html`), `<p>${i}</p>`.padEnd(spec.pageBytes, String.fromCharCode(97 + (i % 26))));
  for (const [path, text] of Object.entries(spec.scripts ?? {})) {
    mkdirSync(join(tree, path, '..'), { recursive: true });
    writeFileSync(join(tree, path), text);
    chmodSync(join(tree, path), 0o755);
  }
  const definition = join(scratch, `${site}.yaml`);
  writeFileSync(definition, `${(spec.definition ?? ['mapping:', `  - {shared: htdocs, local: /srv/${site}/htdocs, policy: mkdir}`, 'adapters: []']).join('\n')}\n`);
  const r = lamaSync(['site', 'publish', tree, site, '--store', storeDir, '--credential', controllerFile, '--definition', definition, '--json']);
  if (r.status !== 0) throw new Error(`lama site publish ${site} failed: ${r.stderr}`);
}
