import { join } from 'node:path';

// A store is plain files, laid out like CernVM-FS's: immutable objects fanned out by the first
// byte of their sha256, and one signed manifest per site version. Any static HTTP server serves it.

/** Where an object lives, relative to the store root (also its URL path). */
export function objectKey(sha256: string): string {
  return `data/${sha256.slice(0, 2)}/${sha256}`;
}

/** Where a site version's signed manifest lives, relative to the store root. */
export function manifestKey(site: string, version: number): string {
  return `sites/${site}/${version}.json`;
}

/** The store's list of sites and versions (unsigned: it only says what exists; manifests are verified). */
export const INDEX_KEY = 'index.json';

/** The local paths of a store directory. */
export interface StoreLayout {
  root: string;
  data: string;
  sites: string;
  tmp: string;
  index: string;
  lock: string;
}

/** The layout of the store at root. */
export function storeLayout(root: string): StoreLayout {
  return { root, data: join(root, 'data'), sites: join(root, 'sites'), tmp: join(root, 'tmp'), index: join(root, INDEX_KEY), lock: join(root, '.lock') };
}
