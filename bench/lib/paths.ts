import { fileURLToPath } from 'node:url';

/** The repository root (this file runs from bench/dist/lib/). */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
