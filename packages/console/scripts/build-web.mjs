// Builds the console's page into dist/web: the browser code that tsc compiled (dist/web-js)
// bundled by esbuild into a minified app.js and the chunk it imports later (the charts, with
// uPlot, most of the script: the first data is drawn before it is parsed), plus the HTML and
// the styles. Nothing is fetched at run time: every file the page loads is in dist/web.
import { copyFileSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(pkg, 'dist', 'web');
const require = createRequire(import.meta.url);
// JS budget of the issue: the page's JavaScript stays at or under 300 KB.
const BUDGET_BYTES = 300 * 1024;

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  entryPoints: { app: join(pkg, 'dist', 'web-js', 'main.js') }, bundle: true, minify: true, format: 'esm', target: 'es2022',
  splitting: true, outdir: out, chunkNames: 'chunk-[hash]', logLevel: 'warning', legalComments: 'eof',
});
copyFileSync(join(pkg, 'web', 'index.html'), join(out, 'index.html'));
copyFileSync(join(pkg, 'web', 'console.css'), join(out, 'console.css'));
copyFileSync(join(dirname(require.resolve('uplot')), 'uPlot.min.css'), join(out, 'uPlot.min.css'));
const size = readdirSync(out).filter((f) => f.endsWith('.js')).reduce((sum, f) => sum + statSync(join(out, f)).size, 0);
if (size > BUDGET_BYTES) throw new Error(`the console's JavaScript is ${size} bytes, over the ${BUDGET_BYTES}-byte budget`);
