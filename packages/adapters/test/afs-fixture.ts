// A scratch layout for the mapper's tests: a shared tree, a local root, a state directory.

import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { systemClock, type Clock } from '@lama/lookup';
import { mapEntries, type MappingEntry, type MapperLog, type MapperOptions, type MapResult } from '../src/builtin/afs-mapper/index.js';

/** One test's scratch folders and a mapper bound to them. */
export class AfsFixture {
  readonly root = mkdtempSync(join(tmpdir(), 'lama-afs-test-'));
  readonly shared = join(this.root, 'shared');
  readonly local = join(this.root, 'local');
  readonly state = join(this.root, 'state');
  readonly lines: string[] = [];
  readonly log: MapperLog = { info: (m) => this.lines.push(m), warn: (m) => this.lines.push(`warn: ${m}`) };

  constructor() {
    mkdirSync(this.shared);
    mkdirSync(this.local);
  }

  /** Writes a file under shared (or local), creating its folders. */
  file(path: string, body = 'x'): string {
    const abs = join(this.root, path);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, body);
    return abs;
  }

  dir(path: string): string {
    const abs = join(this.root, path);
    mkdirSync(abs, { recursive: true });
    return abs;
  }

  link(path: string, target: string): string {
    const abs = join(this.root, path);
    mkdirSync(dirname(abs), { recursive: true });
    symlinkSync(target, abs);
    return abs;
  }

  options(extra: Partial<MapperOptions> = {}, clock: Clock = systemClock): MapperOptions {
    return { stateDir: this.state, roots: { allowedRoots: [this.local], sharedRoots: [this.shared], sharedRoot: this.shared }, clock, log: this.log, otherJournal: 'refuse', ...extra };
  }

  map(entries: MappingEntry[], extra: Partial<MapperOptions> & { dryRun?: boolean } = {}): Promise<MapResult> {
    return mapEntries(entries, { ...this.options(extra), ...(extra.dryRun ? { dryRun: true } : {}) });
  }

  /** Resolves with the error a promise rejects with (fails the test when it resolves). */
  static async failure(p: Promise<unknown>): Promise<Error & { code?: string }> {
    try {
      await p;
    } catch (err) {
      return err as Error & { code?: string };
    }
    throw new Error('expected a failure');
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
