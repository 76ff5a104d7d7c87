// The three ways a tree is mapped and cleaned here: GNU Stow (Debian's, as a process), `lama map`
// (a process, as an operator runs it) and the mapper in this process (as the agent runs it).

import { spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cleanState, mapEntries, type MapperLog } from '@lama/adapters/afs-mapper';
import { systemClock } from '@lama/lookup/clock';
import { LAMA_BIN } from '@lama/testkit/process';
import { resolvedFiles } from '@lama/testkit';

/** One data set on one file system: the stow directory (our shared root) holds the package, target is mapped into. */
export interface Layout {
  stowDir: string;
  pkg: string;
  target: string;
  stateDir: string;
  /** The mapping file for each policy (shared = pkg, local = target). */
  mapping: Record<'mkdir' | 'mklink', string>;
}

/** Seconds one map and one clean took, the directories clean left, and where every mapped file resolves (first run only). */
export interface RunResult {
  mapS: number;
  cleanS: number;
  leftDirs: number;
  links?: number;
  resolved?: Map<string, string>;
}

const seconds = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e9;
const quiet: MapperLog = { info: () => undefined, warn: () => undefined };

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, LAMA_MDNS_INTERFACE: '127.0.0.1', LAMA_MDNS_GROUP: '239.255.76.112', LAMA_MDNS_PORT: '16112' } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
}

/** Directories under root, root excluded (what a clean left behind). */
function dirsUnder(root: string): number {
  let n = 0;
  for (const e of readdirSync(root, { withFileTypes: true })) {
    if (e.isDirectory()) n += 1 + dirsUnder(join(root, e.name));
  }
  return n;
}

function links(root: string): number {
  let n = 0;
  for (const e of readdirSync(root, { withFileTypes: true })) {
    if (e.isSymbolicLink()) n++;
    else if (e.isDirectory()) n += links(join(root, e.name));
  }
  return n;
}

function freshTarget(l: Layout): void {
  rmSync(l.target, { recursive: true, force: true });
  rmSync(l.stateDir, { recursive: true, force: true });
  mkdirSync(l.target);
}

/** Maps and cleans once with one of the three; `inspect` records the links and where they resolve. */
export async function mapAndClean(who: 'stow' | 'lama-process' | 'lama-in-process', l: Layout, policy: 'mkdir' | 'mklink', inspect: boolean): Promise<RunResult> {
  freshTarget(l);
  const stowArgs = ['-d', l.stowDir, '-t', l.target, ...(policy === 'mkdir' ? ['--no-folding'] : [])];
  const lamaArgs = [LAMA_BIN, 'map', l.mapping[policy], '--allow', l.target, '--shared', l.stowDir, '--state-dir', l.stateDir];
  let t0 = process.hrtime.bigint();
  if (who === 'stow') run('stow', [...stowArgs, l.pkg]);
  else if (who === 'lama-process') run(process.execPath, lamaArgs);
  else {
    await mapEntries([{ shared: l.pkg, local: l.target, policy }], {
      stateDir: l.stateDir, roots: { allowedRoots: [l.target], sharedRoots: [l.stowDir], sharedRoot: l.stowDir }, clock: systemClock, log: quiet, otherJournal: 'refuse',
    });
  }
  const mapS = seconds(t0);
  const seen = inspect ? { links: links(l.target), resolved: resolvedFiles(l.target) } : {};
  t0 = process.hrtime.bigint();
  if (who === 'stow') run('stow', [...stowArgs, '-D', l.pkg]);
  else if (who === 'lama-process') run(process.execPath, [...lamaArgs, '--clean']);
  else cleanState(l.stateDir);
  const cleanS = seconds(t0);
  if (!lstatSync(l.target).isDirectory()) throw new Error(`${l.target} is gone`);
  return { mapS, cleanS, leftDirs: dirsUnder(l.target), ...seen };
}

/** Debian's stow, installed when missing (the bench's own need; tests never run it). */
export function ensureStow(): string {
  let v = spawnSync('stow', ['--version'], { encoding: 'utf8' });
  if (v.status !== 0) {
    const r = spawnSync('sh', ['-c', 'apt-get install -y -qq stow >/dev/null || (apt-get update -qq && apt-get install -y -qq stow >/dev/null)'], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error('cannot install Debian stow (apt-get install -y stow)');
    v = spawnSync('stow', ['--version'], { encoding: 'utf8' });
  }
  return v.stdout.trim();
}
