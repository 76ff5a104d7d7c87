// The mapping file of seed 000 §3.2: a list of 4-tuples (SharedDir, LocalDir, policy, script),
// plus per-entry excludes. Validated by hand (no zod) so `lama map` loads little.

import { readFileSync } from 'node:fs';
import { extname, isAbsolute } from 'node:path';
import { MappingError } from '../../sdk/errors.js';

/** What to create under `local`: directories only, directories and file links, or links as high as possible. */
export type MappingPolicy = 'mktree' | 'mkdir' | 'mklink';

export const POLICIES: readonly MappingPolicy[] = ['mktree', 'mkdir', 'mklink'];

/** One mapping 4-tuple, as written. */
export interface MappingEntry {
  /** The shared directory: absolute, or relative to the shared root (a site's replica; '' is the root itself). */
  shared: string;
  /** The local directory the image of `shared` is created under (absolute). */
  local: string;
  policy: MappingPolicy;
  /** A post-mapping script run after this entry: absolute, or relative to the entry's `shared`. */
  script?: string;
  /** Glob patterns of shared paths (relative to `shared`) that are not mapped: `*`, `?`, `**`; a pattern without `/` matches a name at any depth. */
  exclude?: string[];
}

const KEYS = ['shared', 'local', 'policy', 'script', 'exclude'];
// Paths end up in the journal, in links and in a script's environment: NUL never belongs there.
const NUL = /\u0000/;

/** Validates a mapping given as a parsed YAML/JSON value; errors name the source, the entry and the key. */
export function parseMapping(raw: unknown, source = 'mapping'): MappingEntry[] {
  const fail = (message: string): never => {
    throw new MappingError(`${source}: ${message}`);
  };
  if (!Array.isArray(raw)) fail('must be a list of entries {shared, local, policy, script?, exclude?}');
  const list = raw as unknown[];
  if (list.length === 0) fail('has no entries');
  return list.map((item, i) => {
    const at = `entry ${i + 1}`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return fail(`${at} must be an object {shared, local, policy, script?, exclude?}`);
    const e = item as Record<string, unknown>;
    const unknown = Object.keys(e).find((k) => !KEYS.includes(k));
    if (unknown !== undefined) fail(`${at}: unknown key '${unknown}' (known: ${KEYS.join(', ')})`);
    const text = (key: string, required: boolean, empty = false): string | undefined => {
      const v = e[key];
      if (v === undefined && !required) return undefined;
      if (typeof v !== 'string' || (v === '' && !empty)) return fail(`${at}: '${key}' ${v === undefined ? 'is required' : 'must be a non-empty string'}`);
      if (NUL.test(v)) fail(`${at}: '${key}' contains a NUL character`);
      return v;
    };
    // '' is the shared root itself (a site definition's whole replica).
    const shared = text('shared', true, true) as string;
    const local = text('local', true) as string;
    if (!isAbsolute(local)) fail(`${at}: 'local' must be an absolute path (got ${JSON.stringify(local)})`);
    const policy = e.policy;
    if (typeof policy !== 'string' || !(POLICIES as readonly string[]).includes(policy)) fail(`${at}: 'policy' must be one of ${POLICIES.join(', ')} (got ${JSON.stringify(policy ?? null)})`);
    const script = text('script', false);
    let exclude: string[] | undefined;
    if (e.exclude !== undefined) {
      if (!Array.isArray(e.exclude) || !e.exclude.every((p) => typeof p === 'string' && p !== '' && !NUL.test(p))) fail(`${at}: 'exclude' must be a list of non-empty glob patterns`);
      exclude = e.exclude as string[];
    }
    return { shared, local, policy: policy as MappingPolicy, ...(script !== undefined ? { script } : {}), ...(exclude ? { exclude } : {}) };
  });
}

/** Reads and validates a mapping file: YAML (.yaml, .yml) or JSON. */
export async function readMappingFile(path: string): Promise<MappingEntry[]> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new MappingError(`mapping file ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : (err as Error).message}`);
  }
  let raw: unknown;
  const ext = extname(path).toLowerCase();
  try {
    // yaml is loaded only for YAML files: `lama map` on JSON stays light.
    raw = ext === '.yaml' || ext === '.yml' ? (await import('yaml')).parse(text) : JSON.parse(text);
  } catch (err) {
    throw new MappingError(`mapping file ${path}: not valid ${ext === '.json' ? 'JSON' : ext === '.yaml' || ext === '.yml' ? 'YAML' : 'JSON (name YAML files .yaml or .yml)'}: ${(err as Error).message.split('\n')[0]}`);
  }
  return parseMapping(raw, `mapping file ${path}`);
}
