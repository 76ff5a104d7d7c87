// Jini's downloadable code, trusted by the pool's signature instead of a codebase URL: an
// adapter a node lacks may come with the site, as a file of its tree. The site manifest that
// lists the file (with its sha256) is verified against the pool key with a `controller`
// signer before any of it is used, and the module is imported from the replica, whose files
// are the verified cache's objects: bytes the controller did not sign never run.

import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as sdk from '@lama/adapters';
import { isAdapterFactory, type AdapterFactory } from '@lama/adapters';
import { SiteManifestError } from '../errors.js';
import type { Replica } from '../site/replica-set.js';
import type { SiteManifest } from '../site/site-manifest.js';

/**
 * Loads the adapter a site brings at `path` (a file of its tree). The module exports, as
 * `default`, a defineAdapter() result or a function that receives `@lama/adapters` and returns
 * one (a module in a replica cannot resolve packages); its type must be the one declared.
 */
export async function loadSiteAdapter(manifest: SiteManifest, replica: Replica, path: string, type: string): Promise<AdapterFactory> {
  const where = `${manifest.site}@${manifest.version}`;
  const entry = manifest.entries.find((e) => e.path === path);
  if (entry?.type !== 'file') throw new SiteManifestError(`adapter module '${path}' of ${where} is not a file of the site's tree`);
  // The version's own tree, not `current`: a later version's module is another URL, not a cached import.
  const url = pathToFileURL(join(replica.tree, path)).href;
  let mod: { default?: unknown };
  try {
    mod = (await import(url)) as { default?: unknown };
  } catch (err) {
    throw new SiteManifestError(`adapter module '${path}' of ${where} does not load: ${(err as Error).message.split('\n')[0]}`);
  }
  const made = typeof mod.default === 'function' ? (mod.default as (s: typeof sdk) => unknown)(sdk) : mod.default;
  if (!isAdapterFactory(made)) throw new SiteManifestError(`adapter module '${path}' of ${where} exports no adapter (export default defineAdapter({...}), or a function of @lama/adapters returning one)`);
  if (made.type !== type) throw new SiteManifestError(`adapter module '${path}' of ${where} defines type '${made.type}', the site definition says '${type}'`);
  return made;
}
