import { createRequire } from 'node:module';

/** The version `lama --version` prints (this package's). */
export const version = (createRequire(import.meta.url)('../../../package.json') as { version: string }).version;
