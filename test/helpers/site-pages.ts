import { join } from 'node:path';
import { writeWithMode } from './write-file.js';

/** Writes `count` pages htdocs/pN.html of `bytes` bytes each under tree, every one with its own content (objects are content-addressed: equal pages would be one). */
export function writePages(tree: string, count: number, bytes: number): void {
  for (let i = 0; i < count; i++) writeWithMode(join(tree, 'htdocs', `p${i}.html`), `<p>${i}</p>`.padEnd(bytes, String.fromCharCode(97 + (i % 26))));
}
