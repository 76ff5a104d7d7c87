// The mapper's write-ahead journal: every path is recorded (with a link's target) and flushed
// to disk before it is created, one fsync per batch. After a crash, the journal names every
// path the mapper may have made; batches without their `ok` record are uncertain (the path
// may not have been made by us), and cleaning treats them with care.

import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, truncateSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { MappingJournalError } from '../../sdk/errors.js';

/** The first record: which mapping this journal is of. */
export interface JournalBegin {
  t: 'begin';
  /** A digest of the resolved mapping (entries, site, node). */
  mapping: string;
  source: string;
  site: string;
  node: string;
  at: number;
}

/** One line of the journal. */
export type JournalRecord =
  | JournalBegin
  /** A directory the mapper makes (tree: made by mktree, removed with what applications put in it). */
  | { t: 'dir'; p: string; e: number; b: number; tree?: 1; mode?: number }
  | { t: 'link'; p: string; to: string; e: number; b: number }
  /** Batch b was carried out. */
  | { t: 'ok'; b: number }
  /** An intent not carried out (the path appeared meanwhile): not ours. */
  | { t: 'skip'; p: string }
  /** Entry e's post-mapping script succeeded. */
  | { t: 'script'; e: number }
  | { t: 'mapped'; at: number };

/** A path the journal says the mapper made. */
export interface MadePath {
  kind: 'dir' | 'link';
  path: string;
  target?: string;
  entry: number;
  /** A mktree directory: cleaning removes what applications created in it. */
  tree: boolean;
  /** Its batch was recorded as carried out. */
  certain: boolean;
}

/** What a journal says. */
export interface JournalState {
  begin: JournalBegin;
  made: MadePath[];
  scripts: Set<number>;
  /** When the mapping completed (absent: interrupted). */
  mappedAt?: number;
  /** The highest batch number used. */
  lastBatch: number;
}

/** The journal file of one state directory. */
export class Journal {
  readonly path: string;
  private fd: number | undefined;

  constructor(readonly stateDir: string) {
    this.path = join(stateDir, 'afs-mapper.journal');
  }

  /** Reads the journal; undefined when there is none. A torn last line (a crash mid-write) is ignored. */
  load(): JournalState | undefined {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new MappingJournalError(`journal ${this.path}: ${(err as Error).message}`);
    }
    let records: JournalRecord[];
    try {
      // The whole journal as one JSON array: one parse instead of one per line.
      records = JSON.parse(`[${text.replace(/\n$/, '').replaceAll('\n', ',')}]`) as JournalRecord[];
    } catch {
      records = perLine(text, this.path);
    }
    const begin = records[0];
    if (!begin || begin.t !== 'begin') {
      if (records.length === 0) return undefined;
      throw new MappingJournalError(`journal ${this.path}: does not start with a begin record`);
    }
    const ok = new Set<number>();
    const skipped = new Set<string>();
    for (const r of records) {
      if (r.t === 'ok') ok.add(r.b);
      else if (r.t === 'skip') skipped.add(r.p);
    }
    const state: JournalState = { begin, made: [], scripts: new Set(), lastBatch: 0 };
    // A completed mapping records again the intents an interruption left unmade: one entry per path, at its first place.
    const index = new Map<string, number>();
    const made = (m: MadePath): void => {
      const i = index.get(m.path);
      if (i === undefined) { index.set(m.path, state.made.push(m) - 1); return; }
      state.made[i] = { ...m, certain: m.certain || state.made[i].certain };
    };
    for (const r of records) {
      if (r.t === 'dir' || r.t === 'link') state.lastBatch = Math.max(state.lastBatch, r.b);
      if (r.t === 'dir' && !skipped.has(r.p)) made({ kind: 'dir', path: r.p, entry: r.e, tree: r.tree === 1, certain: ok.has(r.b) });
      else if (r.t === 'link' && !skipped.has(r.p)) made({ kind: 'link', path: r.p, target: r.to, entry: r.e, tree: false, certain: ok.has(r.b) });
      else if (r.t === 'script') state.scripts.add(r.e);
      else if (r.t === 'mapped') state.mappedAt = r.at;
    }
    return state;
  }

  /** Starts a new journal with its begin record, durably. */
  begin(begin: JournalBegin): void {
    mkdirSync(this.stateDir, { recursive: true });
    this.close();
    this.fd = openSync(this.path, 'w', 0o600);
    this.append([begin], true);
    syncDir(this.stateDir);
  }

  /** Continues an existing journal (an interrupted mapping being completed), without the torn line a kill may have left at its end. */
  reopen(): void {
    this.close();
    const text = readFileSync(this.path);
    const end = text.lastIndexOf(0x0a) + 1;
    // Appending after a torn line would glue the next record onto it: a corrupt line mid-file.
    if (end < text.length) truncateSync(this.path, end);
    this.fd = openSync(this.path, 'a');
  }

  /** Appends records; with sync, they are on disk when this returns. */
  append(records: readonly JournalRecord[], sync: boolean): void {
    if (this.fd === undefined) throw new MappingJournalError(`journal ${this.path} is not open`);
    if (records.length) {
      const bytes = Buffer.from(records.map((r) => JSON.stringify(r)).join('\n') + '\n');
      // write(2) may write less than asked (a signal, a full page cache): the rest follows, or the journal would tear mid-file.
      for (let off = 0; off < bytes.length;) off += writeSync(this.fd, bytes, off, bytes.length - off);
    }
    if (sync) fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  /** Deletes the journal (everything it listed is gone), durably. */
  remove(): void {
    this.close();
    try {
      unlinkSync(this.path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    syncDir(this.stateDir);
  }
}

/** Flushes a directory's entries (a created or removed file) to disk. */
function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try { fsyncSync(fd); } finally { closeSync(fd); }
  } catch {
    // Not every file system lets a directory be opened for fsync; the file's own fsync still holds.
  }
}

/** Parses line by line: only the last line may be torn (it has no newline after it). */
function perLine(text: string, path: string): JournalRecord[] {
  const lines = text.split('\n');
  const records: JournalRecord[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] === '') continue;
    try {
      records.push(JSON.parse(lines[i]) as JournalRecord);
    } catch {
      if (i === lines.length - 1) break;
      throw new MappingJournalError(`journal ${path}: line ${i + 1} is corrupt; it needs an operator`);
    }
  }
  return records;
}
