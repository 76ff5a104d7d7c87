import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import "./chunk-X66OQOLM.js";
import {
  cleanState,
  mapEntries,
  readMappingFile
} from "./chunk-EXKF7SXK.js";
import "./chunk-JXIYF6K4.js";
import {
  MappingConflictError
} from "./chunk-S3SJLHWA.js";
import {
  systemClock
} from "./chunk-A4HYEA5Q.js";
import "./chunk-2F4QKM7O.js";
import "./chunk-5RG6R7ES.js";

// packages/cli/dist/src/cli/map-action.js
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
var shown = (p) => /^[\w./@+,=~-]+$/.test(p) ? p : JSON.stringify(p);
async function runMap(mappingFile, f) {
  const file = resolve(mappingFile);
  const stateDir = resolve(f.stateDir ?? join(homedir(), ".local", "state", "lama", "map"));
  const log = { info: (m) => process.stderr.write(`${m}
`), warn: (m) => process.stderr.write(`warning: ${m}
`) };
  const out = (json, text) => {
    process.stdout.write(f.json ? `${JSON.stringify(json, null, 2)}
` : text.map((l) => `${l}
`).join(""));
  };
  if (f.clean) {
    const r2 = cleanState(stateDir);
    out({ action: "clean", stateDir, found: r2.source !== void 0, mapping: r2.source, links: r2.links, dirs: r2.dirs, kept: r2.kept }, r2.source !== void 0 ? [`cleaned ${r2.source}: ${r2.links} links and ${r2.dirs} directories removed`, ...r2.kept.map((k) => `kept ${shown(k.path)}: ${k.reason}`)] : [`nothing to clean: no journal in ${stateDir}`]);
    return;
  }
  if (!f.allow?.length)
    throw new Error("give --allow ROOT: the local roots the mapper may write under");
  const entries = await readMappingFile(file);
  const sharedRoot = resolve(f.shared ?? dirname(file));
  let r;
  try {
    r = await mapEntries(entries, {
      stateDir,
      site: f.site,
      node: f.node,
      source: file,
      scriptTimeoutMs: f.scriptTimeoutMs,
      dryRun: f.dryRun,
      otherJournal: "refuse",
      roots: { allowedRoots: f.allow.map((a) => resolve(a)), sharedRoots: (f.allowShared ?? [sharedRoot]).map((a) => resolve(a)), sharedRoot },
      clock: systemClock,
      log
    });
  } catch (err) {
    if (!(err instanceof MappingConflictError))
      throw err;
    out({ action: f.dryRun ? "plan" : "map", conflicts: err.conflicts }, [
      `${err.conflicts.length} conflict(s), nothing changed:`,
      ...err.conflicts.map((c) => `  ${shown(c.path)} (entry ${c.entry + 1}): ${c.reason}`)
    ]);
    process.exitCode = 1;
    return;
  }
  const dirs = r.plan.ops.filter((o) => o.kind === "dir").length;
  const summary = { action: f.dryRun ? "plan" : "map", stateDir, made: r.made, dirsMade: dirs, linksMade: r.plan.ops.length - dirs, inPlace: r.plan.inPlace, links: r.links, dirs: r.dirs, scripts: r.scripts, resumed: r.resumed, conflicts: [] };
  if (f.dryRun) {
    out({ ...summary, made: 0, ops: r.plan.ops }, [
      `would make ${r.plan.ops.length} paths (${dirs} directories, ${r.plan.ops.length - dirs} links); ${r.plan.inPlace} already in place; no conflicts`,
      ...r.plan.ops.map((o) => o.kind === "dir" ? `  mkdir ${shown(o.path)}` : `  link  ${shown(o.path)} -> ${shown(o.target ?? "")}`)
    ]);
    return;
  }
  out(summary, [`mapped ${file}: made ${dirs} directories and ${r.plan.ops.length - dirs} links (${r.plan.inPlace} already in place), ran ${r.scripts} scripts${r.resumed ? ", completing an interrupted mapping" : ""}; journal in ${stateDir}`]);
}
export {
  runMap
};
