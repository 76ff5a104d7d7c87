// Deployment step 5 and cleaning steps 4-5 (seed 000 §3.1) through the afs-mapper: the site
// definition's 4-tuples mapped from the replica onto the node's disk, with a journal in the
// agent's state directory that cleaning (also after a crash) undoes.

import { lstatSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ProcessGroupLedger } from '@lama/adapters';
import { cleanState, journalState, mapEntries, type CleanResult, type MapResult, type MapperLog } from '@lama/adapters/afs-mapper';
import type { Clock } from '@lama/lookup';
import type { Replica } from '../site/replica-set.js';
import type { MappingEntry } from '../site/site-definition.js';

/** Where a node maps sites. */
export interface MappingPlace {
  /** The deployment's state directory: the mapper's journal goes in its mapper/. */
  dir: string;
  /** Every `local` of a site is taken under this directory ('/' on a node of its own). */
  root: string;
  /** Where the mapper may write (absolute paths of the node). */
  allowedRoots: string[];
  /** Where replicas live: the only place `shared` may lead to. */
  replicasDir: string;
}

// The journal goes with unmapping; the list of what the mapper made is kept apart until the
// instance data is removed, so that an agent killed in between still finds it.
const madeFile = (place: MappingPlace): string => join(place.dir, 'unmapped.json');
const journalDir = (place: MappingPlace): string => join(place.dir, 'mapper');

/** A site's `local` on this node. */
export function localPath(place: MappingPlace, local: string): string {
  return join(place.root, local);
}

/** Maps a site's entries from its replica onto the node (all or nothing; scripts are tree paths of the replica). */
export function mapSite(entries: readonly MappingEntry[], replica: Replica, place: MappingPlace, who: { site: string; node: string }, clock: Clock, log: MapperLog, processGroups?: ProcessGroupLedger): Promise<MapResult> {
  const onNode = entries.map((e) => ({ ...e, local: localPath(place, e.local), ...(e.script ? { script: join(replica.path, e.script) } : {}) }));
  return mapEntries(onNode, {
    stateDir: journalDir(place), site: who.site, node: who.node, source: `${replica.site}@${replica.version}`, clock, log, otherJournal: 'rollback', processGroups,
    roots: { allowedRoots: place.allowedRoots, sharedRoots: [place.replicasDir], sharedRoot: replica.path },
  });
}

/** What unmapping did. */
export interface Unmapped {
  clean: CleanResult;
  /** Paths the mapper had made (instance data may lie in those still there). */
  made: number;
}

/** Removes exactly what the journal lists (an interrupted mapping included); paths something else now occupies are kept. */
export function unmapSite(place: MappingPlace): Unmapped {
  const made = (journalState(journalDir(place))?.made ?? []).map((m) => ({ path: m.path, certain: m.certain }));
  if (made.length) {
    writeFileSync(`${madeFile(place)}.tmp`, JSON.stringify(made));
    renameSync(`${madeFile(place)}.tmp`, madeFile(place));
  }
  return { clean: cleanState(journalDir(place)), made: made.length };
}

/**
 * Removes what the site's services wrote since deployment where the mapper had made the
 * place: paths unmapping kept (a mkdir directory with new files, a link a service replaced)
 * did not exist before deployment, so nothing of the node's is lost. A path of an
 * unconfirmed batch is left, as it may not be the mapper's.
 */
export function removeInstanceData(place: MappingPlace): { removed: number; kept: string[] } {
  let made: { path: string; certain: boolean }[] = [];
  try {
    made = JSON.parse(readFileSync(madeFile(place), 'utf8')) as typeof made;
  } catch {
    // Nothing was mapped, or this step completed before.
  }
  let removed = 0;
  const kept: string[] = [];
  for (const m of [...made].reverse()) {
    if (!lstatSync(m.path, { throwIfNoEntry: false })) continue;
    if (!m.certain) {
      kept.push(m.path);
      continue;
    }
    rmSync(m.path, { recursive: true, force: true });
    removed++;
  }
  rmSync(madeFile(place), { force: true });
  return { removed, kept };
}
