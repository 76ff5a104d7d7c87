import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built page's files, by URL path. */
export interface PageFile {
  body: Buffer;
  type: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml',
};
const FILES = ['index.html', 'app.js', 'console.css', 'uPlot.min.css'];
// The chunks app.js imports later (esbuild names them by content hash).
const CHUNK = /^chunk-[A-Za-z0-9]+\.js$/;

/** Where `npm run build` puts the page (dist/web beside dist/src). */
export const PAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web');

/** Reads the built page once into memory (a few hundred KB); a missing file says how to build it. */
export function loadPage(dir = PAGE_DIR): Map<string, PageFile> {
  const page = new Map<string, PageFile>();
  for (const f of FILES) {
    const path = join(dir, f);
    if (!existsSync(path)) throw new Error(`the console's page is not built (${path} is missing): run npm run build`);
    page.set(`/${f}`, { body: readFileSync(path), type: TYPES[f.slice(f.lastIndexOf('.'))] ?? 'application/octet-stream' });
  }
  for (const f of readdirSync(dir).filter((x) => CHUNK.test(x))) page.set(`/${f}`, { body: readFileSync(join(dir, f)), type: TYPES['.js'] });
  page.set('/', page.get('/index.html') as PageFile);
  return page;
}
