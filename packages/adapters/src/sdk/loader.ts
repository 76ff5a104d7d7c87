import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afsMapperAdapter } from '../builtin/afs-mapper/afs-mapper-adapter.js';
import { apacheAdapter } from '../builtin/apache/apache-adapter.js';
import { icecastAdapter } from '../builtin/icecast/index.js';
import { processAdapter } from '../builtin/process-adapter.js';
import { redirectorAdapter } from '../builtin/redirector/index.js';
import { simStreamAdapter } from '../builtin/sim-stream/index.js';
import { isAdapterFactory, type AdapterFactory } from './adapter.js';
import { AdapterLoadError } from './errors.js';

/** Adapters that ship with LAMA, by the module names a config may use. */
export const BUILTIN_ADAPTERS: Readonly<Record<string, AdapterFactory>> = {
  process: processAdapter as AdapterFactory,
  apache: apacheAdapter as AdapterFactory,
  icecast: icecastAdapter as AdapterFactory,
  'sim-stream': simStreamAdapter as AdapterFactory,
  redirector: redirectorAdapter as AdapterFactory,
  'afs-mapper': afsMapperAdapter as AdapterFactory,
};

/** Registers another built-in (e.g. the apache and icecast adapters) under a module name. */
export function registerBuiltin(name: string, factory: AdapterFactory): void {
  (BUILTIN_ADAPTERS as Record<string, AdapterFactory>)[name] = factory;
}

/**
 * Loads an adapter factory by module specifier: a built-in name ("process"), a path
 * (relative to baseDir, the config file's folder), or an npm package resolvable from there.
 * The module must export a defineAdapter() result as `default` or `adapter`.
 */
export async function loadAdapterFactory(specifier: string, baseDir: string = process.cwd()): Promise<AdapterFactory> {
  const builtin = BUILTIN_ADAPTERS[specifier] ?? BUILTIN_ADAPTERS[specifier.replace(/^@lama\/adapters\//, '')];
  if (builtin) return builtin;
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
