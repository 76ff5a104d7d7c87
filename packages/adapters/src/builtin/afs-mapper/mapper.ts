// The mapper as one operation each for map and clean, shared by the adapter and `lama map`.

import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import type { Clock } from '@lama/lookup/clock';
import { MappingConflictError, MappingJournalError } from '../../sdk/errors.js';
import { applyOps, DEFAULT_BATCH } from './apply.js';
import { cleanMade, type CleanResult } from './clean.js';
import { Journal, type JournalState } from './journal.js';
import type { MappingEntry } from './mapping.js';
import { planMapping, type Plan } from './planner.js';
import { resolveEntries, type MappingRoots, type ResolvedEntry } from './roots.js';
import { runScript, type MapperLog } from './script-runner.js';
import type { ProcessGroupLedger } from '../../sdk/service-process.js';

/** Everything a mapping run needs besides its entries. */
export interface MapperOptions {
  /** Where the journal lives (the adapter's state directory, or `lama map --state-dir`). */
  stateDir: string;
  roots: MappingRoots;
  site?: string;
  node?: string;
  /** Where the mapping came from (a file path), for the journal and messages. */
  source?: string;
  scriptTimeoutMs?: number;
  clock: Clock;
  log: MapperLog;
  batchSize?: number;
  /** Cancels the mapping between batches (a running script is killed); what it made is rolled back. */
  signal?: AbortSignal;
  /**
   * A journal of another mapping in stateDir: 'rollback' cleans it first (the adapter: its own
   * previous mapping), 'refuse' stops (`lama map`: the operator chooses).
   */
  otherJournal: 'rollback' | 'refuse';
  /** Where the scripts' process groups are recorded (the agent's ledger). */
  processGroups?: ProcessGroupLedger;
}

/** What a mapping run did (or, for a dry run, would do). */
export interface MapResult {
  plan: Plan;
  /** Links and directories the journal lists after the run. */
  links: number;
  dirs: number;
  /** Scripts run by this run. */
  scripts: number;
  /** Paths made by this run. */
  made: number;
  /** A previous mapping rolled back first. */
  rolledBack?: CleanResult;
  /** Completed an interrupted mapping. */
  resumed: boolean;
  at: number;
}

/** The default post-mapping script deadline. */
export const DEFAULT_SCRIPT_TIMEOUT_MS = 10_000;

function digest(entries: readonly ResolvedEntry[], site: string, node: string): string {
  const shape = entries.map((e) => [e.policy, e.shared, e.local, e.script ?? null, e.exclude]);
  return createHash('sha256').update(JSON.stringify({ shape, site, node })).digest('hex');
}

function counts(made: Iterable<{ kind: 'dir' | 'link' }>): { links: number; dirs: number } {
  let links = 0;
  let dirs = 0;
  for (const m of made) if (m.kind === 'link') links++; else dirs++;
  return { links, dirs };
}

function logKept(log: MapperLog, r: CleanResult): void {
  for (const k of r.kept) log.warn(`clean kept ${JSON.stringify(k.path)}: ${k.reason}`);
}

/**
 * Maps entries onto the local disk: plans (every conflict found first, nothing changed when
 * there is one), journals and makes the paths, runs each entry's script after it. A failing
 * script undoes everything this journal lists: all or nothing. A dry run only plans.
 */
export async function mapEntries(entries: readonly MappingEntry[], o: MapperOptions & { dryRun?: boolean }): Promise<MapResult> {
  const resolved = resolveEntries(entries, o.roots);
  const site = o.site ?? '';
  const node = o.node ?? hostname();
  const mapping = digest(resolved, site, node);
  const journal = new Journal(o.stateDir);
  let state = journal.load();
  let rolledBack: CleanResult | undefined;
  if (state && state.begin.mapping !== mapping) {
    if (o.otherJournal === 'refuse' || o.dryRun) {
      throw new MappingJournalError(`${o.stateDir} holds the journal of another mapping (${state.begin.source}${state.begin.site ? `, site ${state.begin.site}` : ''}): clean it first, or use another state directory`);
    }
    rolledBack = cleanMade(state.made);
    logKept(o.log, rolledBack);
    journal.remove();
    o.log.info(`rolled back the previous mapping (${state.begin.source}): ${rolledBack.links} links, ${rolledBack.dirs} directories removed, ${rolledBack.kept.length} kept`);
    state = undefined;
  }
  const owned = new Map((state?.made ?? []).map((m) => [m.path, m]));
  const plan = planMapping(resolved, owned, o.roots.sharedRoots);
  const at = o.clock.now();
  // What the journal lists once the plan is carried out: what it held, and the plan's new paths (counted without reading it again).
  const listed = (): { links: number; dirs: number } => counts([...owned.values(), ...plan.ops.filter((op) => !owned.has(op.path))]);
  const result = (made: number, scripts: number, after: { links: number; dirs: number }): MapResult => ({ plan, ...after, scripts, made, resumed: state !== undefined && state.mappedAt === undefined, at, ...(rolledBack ? { rolledBack } : {}) });
  if (plan.conflicts.length) throw new MappingConflictError(plan.conflicts);
  if (o.dryRun) return result(0, 0, counts(owned.values()));

  if (state) journal.reopen();
  else journal.begin({ t: 'begin', mapping, source: o.source ?? 'mapping', site, node, at });
  let scripts = 0;
  try {
    let batch = (state?.lastBatch ?? 0) + 1;
    for (const e of resolved) {
      batch = await applyOps(plan.ops.filter((op) => op.entry === e.index), journal, batch, o.batchSize ?? DEFAULT_BATCH, o.signal);
      // A script that already succeeded for this mapping (before an interruption) does not run again.
      if (e.script && !state?.scripts.has(e.index)) {
        await runScript(e.script, { LAMA_SHARED: e.shared, LAMA_LOCAL: e.local, LAMA_SITE: site, LAMA_NODE: node }, e.local, o.scriptTimeoutMs ?? DEFAULT_SCRIPT_TIMEOUT_MS, o.clock, o.log, o.signal, o.processGroups);
        journal.append([{ t: 'script', e: e.index }], true);
        scripts++;
      }
    }
    if (!state || state.mappedAt === undefined || plan.ops.length) journal.append([{ t: 'mapped', at }], true);
  } catch (err) {
    journal.close();
    const undone = cleanMade(journal.load()?.made ?? []);
    logKept(o.log, undone);
    journal.remove();
    o.log.warn(`mapping failed and was rolled back: ${undone.links} links, ${undone.dirs} directories removed, ${undone.kept.length} kept: ${(err as Error).message}`);
    throw err;
  }
  journal.close();
  return result(plan.ops.length, scripts, listed());
}

/** What a state directory's journal says, without changing anything. */
export function journalState(stateDir: string): (JournalState & { links: number; dirs: number }) | undefined {
  const state = new Journal(stateDir).load();
  return state && { ...state, ...counts(state.made) };
}

/** Cleans what the journal in stateDir lists (an interrupted mapping included) and deletes the journal; `source` is the mapping it was of. */
export function cleanState(stateDir: string): CleanResult & { source?: string } {
  const journal = new Journal(stateDir);
  const state = journal.load();
  if (!state) return { links: 0, dirs: 0, kept: [] };
  const r = cleanMade(state.made);
  journal.remove();
  return { ...r, source: state.begin.source };
}
