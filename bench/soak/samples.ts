import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import type { LamaProcess } from '@lama/testkit/process';

// RSS and open file descriptors of every daemon incarnation, sampled from /proc, and the check:
// the median over the last window of its life within 10 % of the median over the window that
// follows its warm-up (from its own start, so a restarted daemon is compared with itself).

/** One sample of one process. */
export interface Sample {
  /** Seconds since the process started. */
  s: number;
  rssKb: number;
  fds: number;
  /** Stream listeners it served at that moment (sockets that come and go with the allocation). */
  listeners: number;
}

/** VmRSS (kB) and the number of open fds of a live process, or undefined when it is gone. */
export function probe(pid: number): { rssKb: number; fds: number } | undefined {
  try {
    const rssKb = Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return { rssKb, fds: readdirSync(`/proc/${pid}/fd`).length };
  } catch {
    return undefined;
  }
}

/** What a process holds open: its fds by kind (socket, pipe, anon_inode:[eventfd], file...) and its TCP sockets (ss, in its namespace). */
export interface FdSnapshot {
  s: number;
  kinds: Record<string, number>;
  tcp: string[];
}

/** The fds of a live process by kind, and its TCP sockets as `STATE LOCAL PEER`. */
export function fdSnapshot(pid: number, ns: string, s: number): FdSnapshot | undefined {
  const kinds: Record<string, number> = {};
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      let target: string;
      try {
        target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      const kind = target.startsWith('socket:') ? 'socket' : target.startsWith('pipe:') ? 'pipe' : target.startsWith('anon_inode:') ? target : 'file';
      kinds[kind] = (kinds[kind] ?? 0) + 1;
    }
  } catch {
    return undefined;
  }
  const ss = spawnSync('ip', ['netns', 'exec', ns, 'ss', '-tanpH'], { encoding: 'utf8', timeout: 10_000 }).stdout ?? '';
  const tcp = ss.split('\n').filter((l) => l.includes(`pid=${pid},`)).map((l) => l.trim().split(/\s+/).slice(0, 5).filter((_, i) => i !== 1 && i !== 2).join(' ')).sort();
  return { s, kinds, tcp };
}

/** One judged figure: the two medians and their change. */
export interface Judged {
  afterWarmup: number;
  atEnd: number;
  max: number;
  changePct: number;
  /** |change| <= the limit (the brief's check, both ways). */
  within: boolean;
  /** Grew by more than the limit: what a leak looks like (a fall is V8 returning memory, or fewer sockets). */
  grew: boolean;
}

/** The verdict on one incarnation of a daemon. */
export interface IncarnationVerdict {
  daemon: string;
  incarnation: number;
  pid: number;
  livedS: number;
  samples: number;
  /** Not judged: it did not live past its warm-up and both windows. */
  judged: boolean;
  rssMb?: Judged;
  fds?: Judged;
  /** Open fds less the stream listeners it served (streaming agents: listeners move between nodes with the allocation). */
  fdsLessListeners?: Judged;
  /** RSS (MB) of the sample nearest each whole minute of its life: a leak climbs, a heap settling levels off. */
  rssMbByMinute?: number[];
  /** Where its fds went, when they grew: a snapshot right after its warm-up and one at the end of its life (live ones). */
  fdsAfterWarmup?: FdSnapshot;
  fdsAtEnd?: FdSnapshot;
  note?: string;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

/** Samples of every incarnation, keyed by the process. */
export class Sampler {
  readonly series = new Map<LamaProcess, { daemon: string; ns: string; incarnation: number; pid: number; startedMs: number; samples: Sample[]; afterWarmup?: FdSnapshot; atEnd?: FdSnapshot }>();

  constructor(private readonly warmupS: number) {}

  /** Samples every live incarnation once; `listenersOf` gives the listeners a daemon serves now. */
  sample(daemons: { name: string; ns: string; incarnations: LamaProcess[] }[], listenersOf: (daemon: string) => number): void {
    for (const d of daemons) {
      d.incarnations.forEach((p, i) => {
        if (!p.alive) return;
        let entry = this.series.get(p);
        if (!entry) {
          entry = { daemon: d.name, ns: d.ns, incarnation: i + 1, pid: p.pid, startedMs: Date.now() - (performance.now() - p.spawnedAt), samples: [] };
          this.series.set(p, entry);
        }
        const v = probe(p.pid);
        const at = Math.round((Date.now() - entry.startedMs) / 1000);
        if (v) entry.samples.push({ s: at, ...v, listeners: listenersOf(d.name) });
        if (!entry.afterWarmup && at >= this.warmupS) entry.afterWarmup = fdSnapshot(p.pid, d.ns, at);
      });
    }
  }

  /** Snapshots the fds of every live incarnation (at the end of the run). */
  snapshotLive(): void {
    for (const [p, e] of this.series) {
      if (p.alive) e.atEnd = fdSnapshot(e.pid, e.ns, Math.round((Date.now() - e.startedMs) / 1000));
    }
  }

  /** Judges each incarnation: median of [warmup, warmup + window) against the median of its last window; within ±limitPct. */
  verdicts(warmupS: number, windowS: number, limitPct: number): IncarnationVerdict[] {
    return [...this.series.values()].map((e) => {
      const last = e.samples.at(-1)?.s ?? 0;
      const base: IncarnationVerdict = { daemon: e.daemon, incarnation: e.incarnation, pid: e.pid, livedS: last, samples: e.samples.length, judged: false };
      const early = e.samples.filter((x) => x.s >= warmupS && x.s < warmupS + windowS);
      const late = e.samples.filter((x) => x.s > last - windowS);
      if (last < warmupS + 2 * windowS || early.length === 0 || late.length === 0) return { ...base, note: `lived ${last} s: shorter than its warm-up and two windows (${warmupS + 2 * windowS} s)` };
      const judge = (f: (x: Sample) => number): Judged => {
        const a = median(early.map(f));
        const b = median(late.map(f));
        const changePct = Math.round(((b - a) / a) * 1000) / 10;
        const r1 = (x: number): number => Math.round(x * 10) / 10;
        return { afterWarmup: r1(a), atEnd: r1(b), max: r1(Math.max(...e.samples.filter((x) => x.s >= warmupS).map(f))), changePct, within: Math.abs(changePct) <= limitPct, grew: changePct > limitPct };
      };
      const rss = judge((x) => Math.round(x.rssKb / 102.4) / 10);
      const streams = e.samples.some((x) => x.listeners > 0);
      const fds = judge((x) => x.fds);
      const less = streams ? judge((x) => x.fds - x.listeners) : undefined;
      const fdsMoved = (less ?? fds).changePct !== 0;
      const byMinute = Array.from({ length: Math.floor(last / 60) + 1 }, (_, m) => e.samples.reduce((b, x) => (Math.abs(x.s - m * 60) < Math.abs(b.s - m * 60) ? x : b)))
        .map((x) => Math.round(x.rssKb / 102.4) / 10);
      return { ...base, judged: true, rssMb: rss, rssMbByMinute: byMinute, fds, ...(less && { fdsLessListeners: less }), ...(fdsMoved && e.afterWarmup && { fdsAfterWarmup: e.afterWarmup }), ...(fdsMoved && e.atEnd && { fdsAtEnd: e.atEnd }) };
    });
  }
}
