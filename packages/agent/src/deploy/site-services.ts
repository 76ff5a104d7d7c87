import type { SiteAdapter } from '../site/site-definition.js';

/** What a site's adapter options may refer to: one signed definition serves every node. */
export interface SiteVariables {
  /** The node's name. */
  node: string;
  /** The node's own address (its advertiseHost, else the host of its listen address): where a site's service binds. */
  address: string;
  site: string;
  version: number;
  /** The replica (the `current` link of the site). */
  replica: string;
  /** The directory the site's `local` paths are taken under on this node. */
  root: string;
}

const VARIABLE = /\$\{(node|address|site|version|replica|root)\}/g;

function substitute(value: unknown, vars: SiteVariables): unknown {
  if (typeof value === 'string') return value.replace(VARIABLE, (_m, name: keyof SiteVariables) => String(vars[name]));
  if (Array.isArray(value)) return value.map((v) => substitute(v, vars));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, vars)]));
  return value;
}

/**
 * A site adapter's options for this node: `${node}`, `${address}`, `${site}`, `${version}`,
 * `${replica}` and `${root}` in any string are replaced (a path under the node's root, the
 * replica's files, a listen address on the node's own host).
 */
export function siteAdapterOptions(a: SiteAdapter, vars: SiteVariables): Record<string, unknown> {
  return substitute(a.options, vars) as Record<string, unknown>;
}
