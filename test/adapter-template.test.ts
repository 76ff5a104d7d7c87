import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { adapterConformance } from '@lama/adapters/conformance';
import type { AdapterFactory } from '@lama/adapters';
import { ROOT } from './helpers/lama-process.js';

// The template package in examples/ must keep passing the suite it tells authors to run.
adapterConformance('examples/adapter-template (static-http)', async () => {
  const mod = (await import(pathToFileURL(join(ROOT, 'examples', 'adapter-template', 'index.mjs')).href)) as { default: AdapterFactory };
  const dir = mkdtempSync(join(tmpdir(), 'static-http-'));
  const other = mkdtempSync(join(tmpdir(), 'static-http-'));
  writeFileSync(join(dir, 'index.html'), 'one');
  writeFileSync(join(other, 'index.html'), 'two');
  return {
    factory: mod.default,
    options: { port: 18911, directory: dir },
    validParams: { port: '18912', directory: other },
    invalidParams: { port: '80' },
    cleanup: () => {
      rmSync(dir, { recursive: true, force: true });
      rmSync(other, { recursive: true, force: true });
    },
  };
});
