// Runs LAMA's adapter conformance suite against this adapter: `npm test` in this folder.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adapterConformance } from '@lama/adapters/conformance';
import adapter from '../index.mjs';

adapterConformance('static-http (template)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'static-http-'));
  const other = mkdtempSync(join(tmpdir(), 'static-http-'));
  writeFileSync(join(dir, 'index.html'), 'one');
  writeFileSync(join(other, 'index.html'), 'two');
  return {
    factory: adapter,
    options: { port: 18901, directory: dir },
    validParams: { port: '18902', directory: other },
    invalidParams: { port: '80' },
    cleanup: () => {
      rmSync(dir, { recursive: true, force: true });
      rmSync(other, { recursive: true, force: true });
    },
  };
});
