import { z } from 'zod';
import { configErrorOf } from '../config/agent-config.js';
import { SiteManifestError } from '../errors.js';

// The structural check of a site definition (the paper's Khnum.setup) kept in this one file: the
// mapper's own parseMapping (@lama/adapters) is meant to replace the mapping part once both land.

/** One mapping 4-tuple: a path of the replica, where it goes on the node, how, and the script to run after. */
export interface MappingEntry {
  /** Relative to the replica root. */
  shared: string;
  /** Absolute path on the node. */
  local: string;
  policy: 'mktree' | 'mkdir' | 'mklink';
  /** A relative path in the tree: the post-mapping script. */
  script?: string;
  exclude?: string[];
}

/** An adapter the site starts on its servers, with its options. */
export interface SiteAdapter {
  name: string;
  type: string;
  options: Record<string, unknown>;
}

/** What travels in a site manifest besides the tree: mappings, adapters, the hot set (tree paths). */
export interface SiteDefinition {
  mapping: MappingEntry[];
  adapters: SiteAdapter[];
  hot: string[];
}

const RELATIVE = /^(?!\/)(?!.*(^|\/)\.{1,2}(\/|$))(?!.*\/\/)[^\0]+$/;
const relative = z.string().regex(RELATIVE, "must be a relative path without '.', '..' or empty parts");

const mappingSchema = z.strictObject({
  shared: z.union([z.literal(''), relative]),
  local: z.string().regex(/^\/[^\0]*$/, 'must be an absolute path'),
  policy: z.enum(['mktree', 'mkdir', 'mklink'], { error: "must be 'mktree', 'mkdir' or 'mklink'" }),
  script: relative.optional(),
  exclude: z.array(z.string().min(1)).optional(),
});

const definitionSchema = z.strictObject({
  mapping: z.array(mappingSchema).default([]),
  adapters: z.array(z.strictObject({
    name: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'lowercase letters, digits and "-"'),
    type: z.string().min(1, 'a built-in name, a path or a package'),
    options: z.record(z.string(), z.unknown()).default({}),
  })).default([]),
  hot: z.array(z.union([z.literal(''), relative])).default([]),
});

/** The empty definition: a tree with nothing to map or start. */
export const EMPTY_DEFINITION: SiteDefinition = { mapping: [], adapters: [], hot: [] };

/** Checks a site definition's structure; throws SiteManifestError naming every bad key. */
export function parseSiteDefinition(raw: unknown, source = 'site definition'): SiteDefinition {
  const r = definitionSchema.safeParse(raw ?? {});
  if (!r.success) throw new SiteManifestError(configErrorOf(r.error, source).message);
  const names = r.data.adapters.map((a) => a.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new SiteManifestError(`${source}: adapters: the name '${dup}' is used twice`);
  return r.data as SiteDefinition;
}
