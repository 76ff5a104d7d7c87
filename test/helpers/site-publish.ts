import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { lamaSync } from './lama-process.js';

/** Publishes a tree as a site with the real `lama site publish`, its definition given as YAML text (written beside the store directory). */
export function publishSite(o: { site: string; tree: string; definition: string; storeDir: string; credential: string; env?: NodeJS.ProcessEnv }): void {
  const file = join(dirname(o.storeDir), `${o.site}.yaml`);
  writeFileSync(file, o.definition);
  const r = lamaSync(['site', 'publish', o.tree, o.site, '--store', o.storeDir, '--credential', o.credential, '--definition', file, '--json'], o.env);
  if (r.status !== 0) throw new Error(`lama site publish ${o.site} failed (exit ${r.status}): ${r.stderr}`);
}
