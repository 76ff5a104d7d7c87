// The Deployer, the site cache and the transfer code are a third of the agent's modules, and a
// FREE node that is never deployed onto needs none of them. The slot answers the life cycle
// from its file until the first procedure asks for the Deployer, and loads it then (or at start
// when the file says the node is not FREE: recovery needs it).

import { EventEmitter } from 'node:events';
import type { Deployer, DeployerProgress } from './deployer.js';
import { LifecycleFile, type LifecycleRecord } from './lifecycle.js';

/** The Deployer of a node, loaded on first use; the life cycle is known before that. */
export class DeployerSlot extends EventEmitter<{ change: [] }> {
  private loaded: Deployer | undefined;
  private loading: Promise<Deployer> | undefined;
  private readonly record: LifecycleRecord;

  /** `dir` is the Deployer's place.dir (its lifecycle.json); `create` builds the Deployer (dynamic imports inside). */
  constructor(dir: string, now: number, private readonly create: () => Promise<Deployer>) {
    super();
    this.record = new LifecycleFile(dir).load(now);
  }

  /** True once the Deployer is loaded. */
  get isLoaded(): boolean {
    return this.loaded !== undefined;
  }

  /** The life cycle now. */
  lifecycle(): LifecycleRecord {
    return this.loaded?.lifecycle() ?? { ...this.record, services: [...this.record.services] };
  }

  /** The progress now: a node whose Deployer never loaded has run no procedure. */
  progress(): DeployerProgress {
    return this.loaded?.progress() ?? { lifecycle: this.lifecycle(), step: '', files: 0, bytes: 0, seconds: 0, steps: [], filesFromCacheSource: 0, filesFromStore: 0 };
  }

  /** The Deployer, loaded once. */
  deployer(): Promise<Deployer> {
    this.loading ??= this.create().then((d) => {
      this.loaded = d;
      d.on('change', () => this.emit('change'));
      return d;
    });
    return this.loading;
  }

  /** A node restarted while not FREE finishes or rolls back what it was doing (the Deployer's recover); a FREE one loads nothing. */
  async recover(): Promise<void> {
    if (this.record.state === 'FREE') return;
    await (await this.deployer()).recover();
  }

  /** Stops the procedure under way, if the Deployer was ever loaded. */
  async close(): Promise<void> {
    if (this.loading) await (await this.loading).close();
  }
}
