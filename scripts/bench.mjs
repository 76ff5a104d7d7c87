#!/usr/bin/env node
// `npm run bench -- NAME [ARGS]`: builds (npm run build), then runs bench/NAME (compiled to bench/dist/NAME/index.js).
// The benchmark prints one JSON document on stdout; progress goes to stderr.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [name, ...args] = process.argv.slice(2);
const available = readdirSync(join(root, 'bench'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'dist' && d.name !== 'results' && existsSync(join(root, 'bench', d.name, 'index.ts')))
  .map((d) => d.name);
if (!name || !available.includes(name)) {
  process.stderr.write(`usage: npm run bench -- NAME [ARGS]\nbenchmarks: ${available.join(', ') || '(none)'}\n`);
  process.exit(2);
}
// The whole build: some benchmarks load what `npm run build` makes beside tsc's output (the console's page).
const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 2, 2] });
if (build.status !== 0) process.exit(build.status ?? 1);
const run = spawnSync(process.execPath, [join(root, 'bench', 'dist', name, 'index.js'), ...args], { cwd: root, stdio: 'inherit' });
process.exit(run.status ?? 1);
