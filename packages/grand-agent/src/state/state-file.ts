import { readFileSync } from 'node:fs';
import { writeFileDurably } from '@lama/lookup';
import type { z } from 'zod';
import { StateFileError } from '../errors.js';

/**
 * One JSON document in the grand agent's state directory, checked against a schema when read
 * and replaced durably (old or new, never half) when written.
 */
export class StateFile<S extends z.ZodType> {
  constructor(readonly path: string, private readonly schema: S) {}

  /** The document, or undefined when there is none yet; a damaged one is a StateFileError naming the file and the problem. */
  load(): z.output<S> | undefined {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new StateFileError(this.path, (err as Error).message);
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new StateFileError(this.path, 'not JSON');
    }
    const r = this.schema.safeParse(value);
    if (!r.success) throw new StateFileError(this.path, r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).slice(0, 3).join('; '));
    return r.data;
  }

  save(value: z.output<S>): void {
    writeFileDurably(this.path, `${JSON.stringify(value)}\n`);
  }
}
