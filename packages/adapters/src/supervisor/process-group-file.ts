// The agent's ledger of the process groups its adapters started (supervisord's way of never
// losing a child): a JSON file in the state directory, rewritten (temp + rename) on every
// change. An agent that was killed before it could stop its services reads it at start and
// kills every process still in those groups, before it starts anything.

import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { ProcessGroupLedger } from '../sdk/service-process.js';

interface Recorded {
  pgid: number;
  /** The leader's start time (clock ticks since boot, /proc/PID/stat field 22): a reused pid is not ours. */
  start: number;
}

/** What a sweep killed. */
export interface SweepResult {
  groups: number;
  pids: number[];
}

/** Fields after the command name of /proc/PID/stat ([0] is field 3, state), or undefined when pid is gone. */
function statOf(pid: number): string[] | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return s.slice(s.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

const PGRP = 2; // field 5
const START = 19; // field 22

/** A file-backed ProcessGroupLedger; sweep() kills what an earlier run left. */
export class ProcessGroupFile implements ProcessGroupLedger {
  private readonly groups = new Map<number, Recorded>();

  constructor(readonly path: string) {}

  /** The groups the file lists (an unreadable or damaged file lists none). */
  recorded(): Recorded[] {
    try {
      const v = JSON.parse(readFileSync(this.path, 'utf8')) as { groups?: unknown };
      if (!Array.isArray(v.groups)) return [];
      return v.groups.filter((g): g is Recorded => Number.isSafeInteger(g?.pgid) && g.pgid > 1 && Number.isSafeInteger(g?.start));
    } catch {
      return [];
    }
  }

  /**
   * SIGKILLs every live process of the recorded groups, then empties the file. A group whose
   * leader's pid now belongs to a process started at another time is someone else's and is
   * left alone, as is any process that started before the recorded leader.
   */
  sweep(): SweepResult {
    const groups = this.recorded();
    const pids: number[] = [];
    if (groups.length) {
      const byGroup = new Map(groups.filter((g) => {
        const leader = statOf(g.pgid);
        return !leader || Number(leader[START]) === g.start;
      }).map((g) => [g.pgid, g.start]));
      for (const entry of readdirSync('/proc')) {
        if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
        const f = statOf(Number(entry));
        if (!f || f[0] === 'Z') continue;
        const start = byGroup.get(Number(f[PGRP]));
        if (start === undefined || Number(f[START]) < start) continue;
        try {
          process.kill(Number(entry), 'SIGKILL');
          pids.push(Number(entry));
        } catch {
          // Gone meanwhile.
        }
      }
    }
    this.groups.clear();
    this.write();
    return { groups: groups.length, pids };
  }

  add(pgid: number): void {
    const f = statOf(pgid);
    this.groups.set(pgid, { pgid, start: f ? Number(f[START]) : 0 });
    this.write();
  }

  remove(pgid: number): void {
    if (this.groups.delete(pgid)) this.write();
  }

  // No fsync: the file only matters while the machine stays up (a reboot ends every group anyway).
  private write(): void {
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, `${JSON.stringify({ groups: [...this.groups.values()] })}\n`);
    renameSync(tmp, this.path);
  }
}
