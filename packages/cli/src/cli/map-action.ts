import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
// The mapper's own entry point and the light clock: `lama map` loads no gRPC and no zod.
import { cleanState, mapEntries, MappingConflictError, readMappingFile, type MapperLog, type MapResult } from '@lama/adapters/afs-mapper';
import { systemClock } from '@lama/lookup/clock';

/** The flags of `lama map`. */
export interface MapFlags {
  dryRun: boolean;
  clean: boolean;
  allow?: string[];
  shared?: string;
  allowShared?: string[];
  stateDir?: string;
  site?: string;
  node?: string;
  scriptTimeoutMs: number;
  json: boolean;
}

// Paths may hold spaces and newlines: shown quoted when they hold anything unusual.
const shown = (p: string): string => (/^[\w./@+,=~-]+$/.test(p) ? p : JSON.stringify(p));

/** `lama map MAPPING`: plans, maps or cleans; conflicts set exit status 1. */
export async function runMap(mappingFile: string, f: MapFlags): Promise<void> {
  const file = resolve(mappingFile);
  const stateDir = resolve(f.stateDir ?? join(homedir(), '.local', 'state', 'lama', 'map'));
  // Script output and mapper warnings go to stderr; stdout is the result.
  const log: MapperLog = { info: (m) => process.stderr.write(`${m}\n`), warn: (m) => process.stderr.write(`warning: ${m}\n`) };
  const out = (json: unknown, text: string[]): void => {
    process.stdout.write(f.json ? `${JSON.stringify(json, null, 2)}\n` : text.map((l) => `${l}\n`).join(''));
  };

  if (f.clean) {
    const r = cleanState(stateDir);
    out({ action: 'clean', stateDir, found: r.source !== undefined, mapping: r.source, links: r.links, dirs: r.dirs, kept: r.kept }, r.source !== undefined
      ? [`cleaned ${r.source}: ${r.links} links and ${r.dirs} directories removed`, ...r.kept.map((k) => `kept ${shown(k.path)}: ${k.reason}`)]
      : [`nothing to clean: no journal in ${stateDir}`]);
    return;
  }
  if (!f.allow?.length) throw new Error('give --allow ROOT: the local roots the mapper may write under');
  const entries = await readMappingFile(file);
  const sharedRoot = resolve(f.shared ?? dirname(file));
  let r: MapResult;
  try {
    r = await mapEntries(entries, {
      stateDir, site: f.site, node: f.node, source: file, scriptTimeoutMs: f.scriptTimeoutMs, dryRun: f.dryRun, otherJournal: 'refuse',
      roots: { allowedRoots: f.allow.map((a) => resolve(a)), sharedRoots: (f.allowShared ?? [sharedRoot]).map((a) => resolve(a)), sharedRoot },
      clock: systemClock, log,
    });
  } catch (err) {
    if (!(err instanceof MappingConflictError)) throw err;
    out({ action: f.dryRun ? 'plan' : 'map', conflicts: err.conflicts }, [
      `${err.conflicts.length} conflict(s), nothing changed:`,
      ...err.conflicts.map((c) => `  ${shown(c.path)} (entry ${c.entry + 1}): ${c.reason}`),
    ]);
    process.exitCode = 1;
    return;
  }
  const dirs = r.plan.ops.filter((o) => o.kind === 'dir').length;
  const summary = { action: f.dryRun ? 'plan' : 'map', stateDir, made: r.made, dirsMade: dirs, linksMade: r.plan.ops.length - dirs, inPlace: r.plan.inPlace, links: r.links, dirs: r.dirs, scripts: r.scripts, resumed: r.resumed, conflicts: [] };
  if (f.dryRun) {
    out({ ...summary, made: 0, ops: r.plan.ops }, [
      `would make ${r.plan.ops.length} paths (${dirs} directories, ${r.plan.ops.length - dirs} links); ${r.plan.inPlace} already in place; no conflicts`,
      ...r.plan.ops.map((o) => (o.kind === 'dir' ? `  mkdir ${shown(o.path)}` : `  link  ${shown(o.path)} -> ${shown(o.target ?? '')}`)),
    ]);
    return;
  }
  out(summary, [`mapped ${file}: made ${dirs} directories and ${r.plan.ops.length - dirs} links (${r.plan.inPlace} already in place), ran ${r.scripts} scripts${r.resumed ? ', completing an interrupted mapping' : ''}; journal in ${stateDir}`]);
}
