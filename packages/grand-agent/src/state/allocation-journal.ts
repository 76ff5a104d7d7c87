import { z } from 'zod';
import { StateFile } from './state-file.js';

/** An add or release the allocator began and has not finished. */
export interface OpenAllocation {
  service: string;
  node: string;
  action: 'add' | 'release';
  /** When it began (the grand agent's clock). */
  at: number;
}

const fileSchema = z.strictObject({
  v: z.literal(1),
  open: z.array(z.strictObject({ service: z.string().min(1), node: z.string().min(1), action: z.enum(['add', 'release']), at: z.number() })),
});

/**
 * The allocator's intents (`STATE_DIR/allocations.json`): an add or release is written before
 * its first step and removed after its last, so a restarted grand agent knows which ones a
 * kill -9 interrupted and finishes them, instead of leaving a node half added (deployed and
 * started, but not in the dispatcher) or deciding a second add for the same demand.
 */
export class AllocationJournal {
  private readonly file: StateFile<typeof fileSchema>;
  private readonly entries: OpenAllocation[];

  constructor(path: string, private readonly onError: (err: Error) => void) {
    this.file = new StateFile(path, fileSchema);
    this.entries = this.file.load()?.open ?? [];
  }

  /** The open adds and releases of a service, oldest first. */
  open(service: string): OpenAllocation[] {
    return this.entries.filter((e) => e.service === service).map((e) => ({ ...e }));
  }

  /** Records an add or release before its first step. */
  begin(entry: OpenAllocation): void {
    this.drop(entry.service, entry.node);
    this.entries.push({ ...entry });
    this.save();
  }

  /** Its last step is done (or it failed): it is no longer open. */
  end(service: string, node: string): void {
    if (this.drop(service, node)) this.save();
  }

  private drop(service: string, node: string): boolean {
    const i = this.entries.findIndex((e) => e.service === service && e.node === node);
    if (i >= 0) this.entries.splice(i, 1);
    return i >= 0;
  }

  private save(): void {
    try {
      this.file.save({ v: 1, open: this.entries });
    } catch (err) {
      this.onError(err as Error);
    }
  }
}
