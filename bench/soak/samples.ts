import { readdirSync, readFileSync } from 'node:fs';
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
  note?: string;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

/** Samples of every incarnation, keyed by the process. */
export class Sampler {
  readonly series = new Map<LamaProcess, { daemon: string; incarnation: number; pid: number; startedMs: number; samples: Sample[] }>();

  /** Samples every live incarnation once; `listenersOf` gives the listeners a daemon serves now. */
  sample(daemons: { name: string; incarnations: LamaProcess[] }[], listenersOf: (daemon: string) => number): void {
    for (const d of daemons) {
      d.incarnations.forEach((p, i) => {
        if (!p.alive) return;
        let entry = this.series.get(p);
        if (!entry) {
          entry = { daemon: d.name, incarnation: i + 1, pid: p.pid, startedMs: Date.now() - (performance.now() - p.spawnedAt), samples: [] };
          this.series.set(p, entry);
        }
        const v = probe(p.pid);
        if (v) entry.samples.push({ s: Math.round((Date.now() - entry.startedMs) / 1000), ...v, listeners: listenersOf(d.name) });
      });
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
      return { ...base, judged: true, rssMb: rss, fds: judge((x) => x.fds), ...(streams && { fdsLessListeners: judge((x) => x.fds - x.listeners) }) };
    });
  }
}
