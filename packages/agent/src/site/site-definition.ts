import { MappingError } from '@lama/adapters';
import { parseMapping, type MappingEntry } from '@lama/adapters/afs-mapper';
import { z } from 'zod';
import { configErrorOf } from '../config/agent-config.js';
import { SiteManifestError } from '../errors.js';

// The structural check of a site definition (the paper's Khnum.setup). The mapping is the
// afs-mapper's own (parseMapping), with two rules of a site's: `shared` is a path of the
// replica ('' for its root) and `script` a path of the tree, never a path of the node.

/** One mapping 4-tuple of a site: `shared` relative to the replica root, `local` absolute, `script` a tree path. */
export type { MappingEntry };

/** An adapter the site starts on its servers, with its options. */
export interface SiteAdapter {
  name: string;
  type: string;
  /** A file of the tree whose module defines `type` (the node need not have it). */
  module?: string;
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

const definitionSchema = z.strictObject({
  mapping: z.unknown().optional(),
  adapters: z.array(z.strictObject({
    name: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'lowercase letters, digits and "-"'),
    type: z.string().min(1, 'a built-in name, a path or a package'),
    /** A file of the site's tree that defines the adapter (downloadable code, docs/deployment.md). */
    module: relative.optional(),
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
  return { ...r.data, mapping: parseSiteMapping(r.data.mapping, `${source}: mapping`) } as SiteDefinition;
}

function parseSiteMapping(raw: unknown, source: string): MappingEntry[] {
  if (raw === undefined || (Array.isArray(raw) && raw.length === 0)) return [];
  let entries: MappingEntry[];
  try {
    entries = parseMapping(raw, source);
  } catch (err) {
    if (err instanceof MappingError) throw new SiteManifestError(err.message);
    throw err;
  }
  entries.forEach((e, i) => {
    if (e.shared !== '' && !RELATIVE.test(e.shared)) throw new SiteManifestError(`${source}: entry ${i + 1}: 'shared' ${JSON.stringify(e.shared)} must be a path of the replica, relative, without '.', '..' or empty parts`);
    if (e.script !== undefined && !RELATIVE.test(e.script)) throw new SiteManifestError(`${source}: entry ${i + 1}: 'script' ${JSON.stringify(e.script)} must be a path of the tree, relative, without '.', '..' or empty parts`);
  });
  return entries;
}
