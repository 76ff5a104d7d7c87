import { z } from 'zod';
import type { Deployment } from '../deploy/deployment.js';
import { StateFile } from './state-file.js';

const nodeSchema = z.object({
  node: z.string().min(1),
  state: z.enum(['deploying', 'complete', 'cleaning', 'clean', 'failed', 'timed-out']),
  reason: z.string().optional(),
  step: z.string(),
  steps: z.array(z.object({ step: z.string(), seconds: z.number() })),
  files: z.number(),
  bytes: z.number(),
  filesFromCacheSource: z.number(),
  filesFromStore: z.number(),
  startedAt: z.number().optional(),
  endedAt: z.number().optional(),
  cleanup: z.string().optional(),
});

const deploymentSchema = z.object({
  id: z.string().min(1),
  kind: z.enum(['deploy', 'clean']),
  site: z.string(),
  version: z.number().int().min(0),
  state: z.enum(['waiting', 'preparing', 'running', 'complete', 'partial', 'failed']),
  cacheSource: z.string().optional(),
  sessionId: z.string().optional(),
  storeUrl: z.string().optional(),
  createdAt: z.number(),
  startedAt: z.number().optional(),
  endedAt: z.number().optional(),
  nodes: z.array(nodeSchema).min(1),
  message: z.string(),
});

const fileSchema = z.strictObject({ v: z.literal(1), deployments: z.array(deploymentSchema) });

// What is worth a write: states, reasons and ends, not each progress report.
const signature = (d: Deployment): string =>
  JSON.stringify([d.state, d.message, d.startedAt, d.endedAt, d.nodes.map((n) => [n.state, n.reason, n.cleanup, n.startedAt, n.endedAt])]);

/**
 * The deployment manager's records kept durable (`STATE_DIR/deployments.json`): each one is
 * written before the manager acts on what it records (a record exists before StartDeployment
 * is sent) and whenever its state changes, so a grand agent killed with kill -9 finds, on its
 * next start, every deployment and cleaning that was still open, and every one that ended.
 */
export class DeploymentJournal {
  private readonly file: StateFile<typeof fileSchema>;
  private readonly records = new Map<string, Deployment>();
  private readonly written = new Map<string, string>();
  /** The records found at start, oldest first. */
  readonly loaded: Deployment[];

  constructor(path: string, private readonly keep: number, private readonly onError: (err: Error) => void) {
    this.file = new StateFile(path, fileSchema);
    this.loaded = (this.file.load()?.deployments ?? []) as Deployment[];
    for (const d of this.loaded) {
      this.records.set(d.id, d);
      this.written.set(d.id, signature(d));
    }
  }

  get path(): string {
    return this.file.path;
  }

  /** Keeps d (a copy) and writes the file if its state changed; a failed write is reported, not thrown (the manager goes on). */
  record(d: Deployment): void {
    const sig = signature(d);
    if (this.written.get(d.id) === sig) return;
    // In the order they were created (a Map keeps a key's first place): `lama deployments` lists oldest first.
    this.records.set(d.id, structuredClone(d));
    // Bounded like the manager's list: the oldest ended records go first; open ones are never dropped.
    for (const [id, r] of this.records) {
      if (this.records.size <= this.keep) break;
      if (r.endedAt !== undefined) {
        this.records.delete(id);
        this.written.delete(id);
      }
    }
    try {
      this.file.save({ v: 1, deployments: [...this.records.values()] });
      this.written.set(d.id, sig);
    } catch (err) {
      this.onError(err as Error);
    }
  }
}
