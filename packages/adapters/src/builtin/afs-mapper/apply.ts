// Carries out a plan: each batch is journaled and flushed before any of its paths is made.

import { chmodSync, mkdirSync, symlinkSync } from 'node:fs';
import { MappingConflictError, type MappingConflict } from '../../sdk/errors.js';
import type { Journal, JournalRecord } from './journal.js';
import type { PlannedOp } from './planner.js';

/** Paths per journal flush: one fsync per batch, not per path. */
export const DEFAULT_BATCH = 512;

const record = (op: PlannedOp, b: number): JournalRecord =>
  op.kind === 'dir'
    ? { t: 'dir', p: op.path, e: op.entry, b, ...(op.tree ? { tree: 1 as const } : {}), ...(op.mode !== undefined ? { mode: op.mode } : {}) }
    : { t: 'link', p: op.path, to: op.target ?? '', e: op.entry, b };

// Batches run synchronously: one syscall after another is the fastest way to make thousands of
// small changes (16 async calls in flight measured 2x slower on tmpfs and no better against Stow
// on ext4). Between batches the event loop gets a turn, so an agent keeps renewing its lease.
const turn = (): Promise<void> => new Promise((r) => setImmediate(r));

/** Makes the ops in order, batch by batch; returns the next free batch number. A path that appeared since planning, or the signal, stops the mapping. */
export async function applyOps(ops: readonly PlannedOp[], journal: Journal, firstBatch: number, batchSize = DEFAULT_BATCH, signal?: AbortSignal): Promise<number> {
  let b = firstBatch;
  for (let i = 0; i < ops.length; i += batchSize, b++) {
    signal?.throwIfAborted();
    const slice = ops.slice(i, i + batchSize);
    journal.append(slice.map((op) => record(op, b)), true);
    const failed: MappingConflict[] = [];
    const fail = (op: PlannedOp, err: unknown): void => {
      const code = (err as NodeJS.ErrnoException).code;
      failed.push({ path: op.path, entry: op.entry, reason: code === 'EEXIST' ? 'appeared after planning' : `cannot be made: ${code ?? (err as Error).message}` });
    };
    // Directories first, in plan order (a parent before its children), then the batch's links:
    // every link's directory is made by now, in this batch or an earlier one.
    for (const op of slice) {
      if (op.kind !== 'dir') continue;
      try {
        mkdirSync(op.path, { mode: 0o755 });
        // mkdir's mode passes through the umask; a mktree directory gets its shared twin's mode exactly.
        if (op.mode !== undefined) chmodSync(op.path, op.mode);
      } catch (err) {
        fail(op, err);
        break;
      }
    }
    if (!failed.length) {
      for (const op of slice) {
        if (op.kind !== 'link') continue;
        try {
          symlinkSync(op.target ?? '', op.path);
        } catch (err) {
          fail(op, err);
        }
      }
    }
    if (failed.length) {
      // Not made by us: the journal must not claim them.
      journal.append(failed.map((c) => ({ t: 'skip', p: c.path })), true);
      throw new MappingConflictError(failed);
    }
    journal.append([{ t: 'ok', b }], false);
    await turn();
  }
  return b;
}
