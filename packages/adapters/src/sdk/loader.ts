import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isAdapterFactory, type AdapterFactory } from './adapter.js';
import { AdapterLoadError } from './errors.js';

// Each built-in is imported when a config names it: a node running one `process` adapter does
// not load apache's, icecast's or the mapper's modules.
const BUILTIN_ADAPTERS: Readonly<Record<string, () => Promise<AdapterFactory>>> = {
  process: async () => (await import('../builtin/process-adapter.js')).processAdapter as AdapterFactory,
  apache: async () => (await import('../builtin/apache/apache-adapter.js')).apacheAdapter as AdapterFactory,
  icecast: async () => (await import('../builtin/icecast/index.js')).icecastAdapter as AdapterFactory,
  'sim-stream': async () => (await import('../builtin/sim-stream/index.js')).simStreamAdapter as AdapterFactory,
  redirector: async () => (await import('../builtin/redirector/index.js')).redirectorAdapter as AdapterFactory,
  'afs-mapper': async () => (await import('../builtin/afs-mapper/afs-mapper-adapter.js')).afsMapperAdapter as AdapterFactory,
};

/**
 * Loads an adapter factory by module specifier: a built-in name ("process"), a path
 * (relative to baseDir, the config file's folder), or an npm package resolvable from there.
 * The module must export a defineAdapter() result as `default` or `adapter`.
 */
export async function loadAdapterFactory(specifier: string, baseDir: string = process.cwd()): Promise<AdapterFactory> {
  const builtin = Object.hasOwn(BUILTIN_ADAPTERS, specifier) ? specifier : specifier.replace(/^@lama\/adapters\//, '');
  if (Object.hasOwn(BUILTIN_ADAPTERS, builtin)) return BUILTIN_ADAPTERS[builtin]!();
  let url: string;
  if (specifier.startsWith('.') || isAbsolute(specifier)) {
    url = pathToFileURL(resolve(baseDir, specifier)).href;
  } else {
    try {
      url = pathToFileURL(createRequire(join(baseDir, 'noop.js')).resolve(specifier)).href;
    } catch {
      url = specifier;
    }
  }
  let mod: Record<string, unknown>;
  try {
    mod = (await import(url)) as Record<string, unknown>;
  } catch (err) {
    throw new AdapterLoadError(`cannot load adapter module '${specifier}': ${(err as Error).message.split('\n')[0]}`);
  }
  const factory = [mod.default, mod.adapter].find(isAdapterFactory);
  if (!factory) throw new AdapterLoadError(`module '${specifier}' does not export an adapter (export default defineAdapter({...}) or export const adapter)`);
  return factory;
}
