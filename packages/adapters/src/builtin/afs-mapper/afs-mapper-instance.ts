import type { AdapterContext, AdapterInstance, AdapterMetrics } from '../../sdk/adapter.js';
import { MappingConflictError, MappingError, ParamNotAllowedError, SetWhileRunningError } from '../../sdk/errors.js';
import type { ParamValue } from '../../sdk/params.js';
import { cleanState, mapEntries } from './mapper.js';
import { readMappingFile } from './mapping.js';
import type { AfsMapperOptions } from './options.js';
import { isWithin } from './roots.js';

/** Parameters that change what a Start maps: only while stopped, or cleaning would not undo what is mapped. */
const MAPPING_KEYS = ['mapping', 'site', 'shared'];

/** One mapper: RUNNING means mapped; Stop cleans. */
export class AfsMapperInstance implements AdapterInstance {
  private values: { mapping?: string; site?: string; shared?: string; scriptTimeoutMs: number };
  private mapped = false;
  /** A Start in progress: Stop cancels it and waits for its rollback before cleaning. */
  private mapping: { abort: AbortController; done: Promise<unknown> } | undefined;
  private last = { links: 0, directories: 0, scripts_run: 0, conflicts: 0, last_mapping_ms: 0, kept: 0 };
  /** What the last cleaning kept, and why, for Status while stopped. */
  private keptNote = '';

  constructor(private readonly o: AfsMapperOptions, private readonly ctx: AdapterContext) {
    this.values = { mapping: o.mapping, site: o.site, shared: o.shared, scriptTimeoutMs: o.scriptTimeoutMs };
  }

  async start(): Promise<void> {
    if (this.mapped) return;
    const abort = new AbortController();
    const done = this.map(abort.signal);
    this.mapping = { abort, done: done.catch(() => undefined) };
    try {
      await done;
    } finally {
      this.mapping = undefined;
    }
  }

  private async map(signal: AbortSignal): Promise<void> {
    const file = this.values.mapping;
    if (!file) throw new MappingError("afs-mapper: no mapping file: set 'mapping' (or the 'mapping' option)");
    const entries = await readMappingFile(file);
    try {
      const r = await mapEntries(entries, {
        stateDir: this.ctx.stateDir, site: this.values.site, node: this.o.node, source: file, scriptTimeoutMs: this.values.scriptTimeoutMs,
        roots: { allowedRoots: this.o.allowedRoots, sharedRoots: this.o.sharedRoots, sharedRoot: this.values.shared },
        clock: this.ctx.clock, log: this.ctx.log, otherJournal: 'rollback', signal, processGroups: this.ctx.processGroups,
      });
      this.last = { ...this.last, links: r.links, directories: r.dirs, scripts_run: r.scripts, conflicts: 0, last_mapping_ms: r.at };
      this.ctx.log.info(`mapped ${file}: ${r.made} paths made (${r.plan.inPlace} already in place), ${r.links} links and ${r.dirs} directories in the journal, ${r.scripts} scripts run${r.resumed ? ' (completed an interrupted mapping)' : ''}`);
      this.mapped = true;
    } catch (err) {
      if (err instanceof MappingConflictError) {
        this.last.conflicts = err.conflicts.length;
        for (const c of err.conflicts) this.ctx.log.warn(`conflict at ${JSON.stringify(c.path)} (entry ${c.entry + 1}): ${c.reason}`);
      }
      throw err;
    }
  }

  async stop(): Promise<void> {
    // A Start still mapping (the supervisor's deadline passed) is cancelled; its own rollback runs first.
    if (this.mapping) {
      this.mapping.abort.abort();
      await this.mapping.done;
    }
    const r = cleanState(this.ctx.stateDir);
    if (r.source === undefined) { this.mapped = false; return; }
    for (const k of r.kept) this.ctx.log.warn(`clean kept ${JSON.stringify(k.path)}: ${k.reason}`);
    this.ctx.log.info(`cleaned ${r.source}: ${r.links} links and ${r.dirs} directories removed, ${r.kept.length} kept`);
    this.last = { ...this.last, links: 0, directories: 0, kept: r.kept.length };
    this.keptNote = r.kept.length === 0 ? '' : `cleaning kept ${r.kept.length} path${r.kept.length === 1 ? '' : 's'}: ${r.kept.map((k) => `${JSON.stringify(k.path)} (${k.reason})`).join('; ')}`;
    this.mapped = false;
  }

  stoppedStatus(): { metrics: AdapterMetrics; message: string } {
    return { metrics: { ...this.last, mapped: 0 }, message: this.keptNote };
  }

  async status(): Promise<AdapterMetrics> {
    return { ...this.last, mapped: this.mapped ? 1 : 0 };
  }

  async set(values: Record<string, ParamValue>): Promise<void> {
    for (const key of Object.keys(values)) if (this.mapped && MAPPING_KEYS.includes(key)) throw new SetWhileRunningError(key, this.ctx.name);
    const shared = values.shared as string | undefined;
    if (shared !== undefined && !this.o.sharedRoots.some((r) => isWithin(shared, r))) throw new ParamNotAllowedError('shared', `${shared} is outside sharedRoots (${this.o.sharedRoots.join(', ')})`);
    this.values = { ...this.values, ...(values as Partial<typeof this.values>) };
  }

  params(): Record<string, ParamValue> {
    const out: Record<string, ParamValue> = { scriptTimeoutMs: this.values.scriptTimeoutMs };
    for (const k of MAPPING_KEYS) {
      const v = this.values[k as 'mapping' | 'site' | 'shared'];
      if (v !== undefined) out[k] = v;
    }
    return out;
  }
}
