// bench/mapper: the afs-mapper against GNU Stow (Debian's stow) on trees shaped like the Khnum
// paper's data sets, mkdir against `stow --no-folding`, mklink against folding stow; as whole
// processes (`lama map` vs `stow`) and in process; on the disk's file system and on tmpfs.
// One JSON report on stdout. Args: [--reps N] [--fs tmp,shm].

import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateTree } from '@lama/testkit';
import { progress } from '../lib/progress.js';
import { ensureStow, mapAndClean, type Layout, type RunResult } from './runners.js';

const DATASETS = {
  // Seed 000 §4: Mayflower 5,421 files in 481 directories; ShowBoat 1,855 files (its directories in the same proportion).
  mayflower: { files: 5421, dirs: 481 },
  showboat: { files: 1855, dirs: 165 },
} as const;
const POLICIES = ['mkdir', 'mklink'] as const;
const WHO = ['stow', 'lama-process', 'lama-in-process'] as const;

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const reps = Number(arg('reps', '3'));
const fsRoots: Record<string, string> = { tmp: tmpdir(), shm: '/dev/shm' };
const filesystems = arg('fs', 'tmp,shm').split(',').filter((f) => f in fsRoots);

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const r3 = (x: number): number => Number(x.toFixed(3));

/** Microseconds one symlink(2) takes on this file system: the floor under both mappers' times. */
function symlinkMicros(root: string): number {
  const dir = join(root, 'symlink-probe');
  mkdirSync(dir);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < 2000; i++) symlinkSync(join(root, 'stow', 'some', 'shared', 'file.html'), join(dir, String(i)));
  const us = Number(process.hrtime.bigint() - t0) / 2000 / 1000;
  rmSync(dir, { recursive: true, force: true });
  return r3(us);
}

async function main(): Promise<void> {
  const stow = ensureStow();
  const loadBefore = loadavg().map((x) => r3(x));
  const report: Record<string, unknown> = {};
  const checks: { what: string; pass: boolean; detail: string }[] = [];
  for (const fs of filesystems) {
    const root = mkdtempSync(join(fsRoots[fs], 'lama-bench-mapper-'));
    try {
      const perFs: Record<string, unknown> = { symlink_syscall_us: symlinkMicros(root) };
      for (const [name, shape] of Object.entries(DATASETS)) {
        const stowDir = join(root, 'stow');
        mkdirSync(stowDir, { recursive: true });
        generateTree(join(stowDir, name), shape);
        const l: Layout = { stowDir, pkg: name, target: join(root, 'target'), stateDir: join(root, 'state'), mapping: { mkdir: '', mklink: '' } };
        for (const p of POLICIES) {
          l.mapping[p] = join(root, `${name}-${p}.json`);
          writeFileSync(l.mapping[p], JSON.stringify([{ shared: name, local: l.target, policy: p }]));
        }
        // Warm the in-process mapper's code once (the agent's is warm after its first mapping).
        await mapAndClean('lama-in-process', l, 'mkdir', false);
        const perSet: Record<string, unknown> = { files: shape.files, dirs: shape.dirs };
        for (const p of POLICIES) {
          const runs: Record<string, RunResult[]> = { stow: [], 'lama-process': [], 'lama-in-process': [] };
          for (let i = 0; i < reps; i++) {
            for (const who of WHO) {
              runs[who].push(await mapAndClean(who, l, p, i === 0));
              progress(`${fs} ${name} ${p} ${who} run ${i + 1}: map ${runs[who][i].mapS.toFixed(3)} s, clean ${runs[who][i].cleanS.toFixed(3)} s, ${runs[who][i].leftDirs} dirs left`);
            }
          }
          const summary = Object.fromEntries(WHO.map((who) => [who, {
            map_s: r3(median(runs[who].map((r) => r.mapS))), clean_s: r3(median(runs[who].map((r) => r.cleanS))),
            links: runs[who][0].links, dirs_left_after_clean: Math.max(...runs[who].map((r) => r.leftDirs)),
          }])) as Record<(typeof WHO)[number], { map_s: number; clean_s: number; links: number; dirs_left_after_clean: number }>;
          const a = runs.stow[0].resolved as Map<string, string>;
          const same = WHO.slice(1).every((who) => {
            const b = runs[who][0].resolved as Map<string, string>;
            return a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
          });
          const ratio = (who: 'lama-process' | 'lama-in-process', op: 'map_s' | 'clean_s'): number => r3(summary[who][op] / summary.stow[op]);
          const ratios = { process_map: ratio('lama-process', 'map_s'), process_clean: ratio('lama-process', 'clean_s'), in_process_map: ratio('lama-in-process', 'map_s'), in_process_clean: ratio('lama-in-process', 'clean_s') };
          perSet[p] = { ...summary, same_resolution_as_stow: same, files_compared: a.size, ratio_to_stow: ratios };
          const at = `${fs} ${name} ${p}`;
          checks.push({ what: `${at}: lama map process no slower than stow (map)`, pass: ratios.process_map <= 1, detail: `${ratios.process_map}x` });
          checks.push({ what: `${at}: lama map process no slower than stow (clean)`, pass: ratios.process_clean <= 1, detail: `${ratios.process_clean}x` });
          checks.push({ what: `${at}: in process <= 0.2x stow (map)`, pass: ratios.in_process_map <= 0.2, detail: `${ratios.in_process_map}x` });
          checks.push({ what: `${at}: in process <= 0.2x stow (clean)`, pass: ratios.in_process_clean <= 0.2, detail: `${ratios.in_process_clean}x` });
          checks.push({ what: `${at}: same resolution as stow`, pass: same, detail: `${a.size} files` });
          checks.push({ what: `${at}: clean leaves 0 directories`, pass: summary['lama-process'].dirs_left_after_clean === 0 && summary['lama-in-process'].dirs_left_after_clean === 0, detail: `stow left ${summary.stow.dirs_left_after_clean}` });
        }
        perFs[name] = perSet;
        rmSync(join(stowDir, name), { recursive: true, force: true });
      }
      report[fs] = { root: fsRoots[fs], ...perFs };
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
  process.stdout.write(`${JSON.stringify({
    bench: 'mapper',
    baseline: stow.split('\n')[0],
    method: {
      stow: 'stow -d STOWDIR -t TARGET [--no-folding] PKG, then -D; a fresh empty TARGET each run (a folded stow into the directories --no-folding left behind would not fold)',
      lamaProcess: 'node packages/cli/bin/lama.js map MAPPING --allow TARGET --shared STOWDIR --state-dir S, then --clean (a process each, like stow)',
      lamaInProcess: 'mapEntries / cleanState from @lama/adapters/afs-mapper in the bench process (the agent\'s path), after one warm-up mapping',
      policies: 'mkdir = stow --no-folding, mklink = stow (folding); the journal is fsynced once per 512 paths',
      resolution: 'every file under TARGET resolved with realpath, compared path by path with stow\'s first run',
      timing: `median of ${reps} runs, wall clock`,
    },
    machine: { cpus: cpus().length, loadavg_before: loadBefore, loadavg_after: loadavg().map((x) => r3(x)), node: process.version },
    results: report,
    targets: { pass: checks.every((c) => c.pass), checks },
  }, null, 2)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench mapper failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
