// Carries out a plan: each batch is journaled and flushed before any of its paths is made.

import { chmodSync, mkdirSync, symlinkSync } from 'node:fs';
import { MappingConflictError } from '../../sdk/errors.js';
import type { Journal, JournalRecord } from './journal.js';
import type { PlannedOp } from './planner.js';

/** Paths per journal flush: one fsync per batch, not per path. */
export const DEFAULT_BATCH = 512;

const record = (op: PlannedOp, b: number): JournalRecord =>
  op.kind === 'dir'
    ? { t: 'dir', p: op.path, e: op.entry, b, ...(op.tree ? { tree: 1 as const } : {}), ...(op.mode !== undefined ? { mode: op.mode } : {}) }
    : { t: 'link', p: op.path, to: op.target ?? '', e: op.entry, b };

// Batches run synchronously (the fastest way to make thousands of small changes); between
// batches the event loop gets a turn, so an agent keeps renewing its lease during a large map.
const turn = (): Promise<void> => new Promise((r) => setImmediate(r));

/** Makes the ops in order, batch by batch; returns the next free batch number. A path that appeared since planning stops the mapping. */
export async function applyOps(ops: readonly PlannedOp[], journal: Journal, firstBatch: number, batchSize = DEFAULT_BATCH): Promise<number> {
  let b = firstBatch;
  for (let i = 0; i < ops.length; i += batchSize, b++) {
    const slice = ops.slice(i, i + batchSize);
    journal.append(slice.map((op) => record(op, b)), true);
    for (const op of slice) {
      try {
        if (op.kind === 'dir') {
          mkdirSync(op.path, { mode: 0o755 });
          // mkdir's mode passes through the umask; a mktree directory gets its shared twin's mode exactly.
          if (op.mode !== undefined) chmodSync(op.path, op.mode);
        } else {
          symlinkSync(op.target ?? '', op.path);
        }
      } catch (err) {
        // Not made by us: the journal must not claim it.
        journal.append([{ t: 'skip', p: op.path }], true);
        const code = (err as NodeJS.ErrnoException).code;
        throw new MappingConflictError([{ path: op.path, entry: op.entry, reason: code === 'EEXIST' ? 'appeared after planning' : `cannot be made: ${code ?? (err as Error).message}` }]);
      }
    }
    journal.append([{ t: 'ok', b }], false);
    await turn();
  }
  return b;
}
