import { z } from 'zod';
import { integerOption, listOption, parseOptions, textOption } from '../../sdk/options.js';
import { ABS_PATH } from '../apache/patterns.js';
import { isWithin } from './roots.js';

/** A site or node name: what the scripts get as LAMA_SITE and LAMA_NODE. */
export const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Options of the afs-mapper adapter (the operator's config; the roots are never Set). */
export interface AfsMapperOptions {
  /** The mapping file (YAML or JSON); Set `mapping` changes it while stopped. */
  mapping?: string;
  site?: string;
  /** What relative `shared` paths resolve against (a site's replica). */
  shared?: string;
  /** Local roots the mapper may write under. */
  allowedRoots: string[];
  /** Roots shared directories and scripts must lie in (and links inside shared must stay in). */
  sharedRoots: string[];
  /** This node's name for the scripts (default: the host name). */
  node?: string;
  scriptTimeoutMs: number;
}

const absPath = (missing?: string): z.ZodString => textOption(ABS_PATH, ABS_PATH.description, missing);
const roots = listOption(`must be a non-empty list, each ${ABS_PATH.description}`, ABS_PATH).min(1, `must be a non-empty list, each ${ABS_PATH.description}`);

const schema = z.strictObject({
  mapping: absPath().optional(),
  site: textOption(NAME, 'a name of letters, digits and ._- (up to 64)').optional(),
  shared: absPath().optional(),
  allowedRoots: roots,
  sharedRoots: roots,
  node: textOption(NAME, 'a name of letters, digits and ._- (up to 64)').optional(),
  scriptTimeoutMs: integerOption(100, 600_000).default(10_000),
}).superRefine((o, ctx) => {
  if (o.shared !== undefined && !o.sharedRoots.some((r) => isWithin(o.shared as string, r))) {
    ctx.addIssue({ code: 'custom', path: ['shared'], message: `must lie within sharedRoots (${o.sharedRoots.join(', ')})` });
  }
});

/** Validates the raw options; every error names its key. */
export function parseAfsMapperOptions(raw: unknown): AfsMapperOptions {
  return parseOptions('afs-mapper', schema, raw);
}
