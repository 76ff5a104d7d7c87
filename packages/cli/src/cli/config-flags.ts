import type { Command } from 'commander';

/** Which flag stands for which config key: [flag attribute, key]. */
export type FlagMap = [flag: string, key: string][];

/**
 * The config keys the flags stand for. Only flags given on the command line or in the
 * environment count, so defaults come from the schema and the file is not overridden by them.
 */
export function flagsToConfig(cmd: Command, direct: FlagMap, sections: Record<string, FlagMap> = {}): Record<string, unknown> {
  const o = cmd.opts();
  const given = (flag: string): boolean => ['cli', 'env'].includes(cmd.getOptionValueSource(flag) ?? '');
  const out: Record<string, unknown> = {};
  for (const [flag, key] of direct) if (given(flag)) out[key] = o[flag];
  for (const [section, pairs] of Object.entries(sections)) {
    const part: Record<string, unknown> = {};
    for (const [flag, key] of pairs) if (given(flag)) part[key] = o[flag];
    if (Object.keys(part).length) out[section] = part;
  }
  return out;
}

/** The file's config with the flags on top; a section the flags touch is merged key by key. */
export function mergeConfig(file: Record<string, unknown>, flags: Record<string, unknown>): Record<string, unknown> {
  const out = { ...file, ...flags };
  for (const [key, value] of Object.entries(flags)) {
    const inFile = file[key];
    if (value && typeof value === 'object' && !Array.isArray(value) && inFile && typeof inFile === 'object' && !Array.isArray(inFile)) out[key] = { ...inFile, ...value };
  }
  return out;
}

/** The --mdns-* and --no-multicast flags as the `multicast` section. */
export const MULTICAST_FLAGS: FlagMap = [['multicast', 'enabled'], ['mdnsInterface', 'interface'], ['mdnsPort', 'port'], ['mdnsGroup', 'group'], ['mdnsTtl', 'ttl']];
