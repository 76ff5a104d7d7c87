import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  cleanState,
  isWithin,
  mapEntries,
  readMappingFile
} from "./chunk-EXKF7SXK.js";
import {
  ABS_PATH
} from "./chunk-4NK545G7.js";
import "./chunk-JXIYF6K4.js";
import {
  defineAdapter,
  external_exports,
  integerOption,
  listOption,
  parseOptions,
  textOption
} from "./chunk-36O33FJM.js";
import {
  MappingConflictError,
  MappingError,
  ParamNotAllowedError,
  SetWhileRunningError
} from "./chunk-S3SJLHWA.js";
import "./chunk-VCFP5DZ7.js";
import "./chunk-VMRBDOJN.js";
import "./chunk-W74NIISL.js";
import "./chunk-AGYS2BOI.js";
import "./chunk-GREZTAM7.js";
import "./chunk-YUNTATBM.js";
import "./chunk-I7Y4U2ZV.js";
import "./chunk-IKSWEGPT.js";
import "./chunk-MT4BYXDY.js";
import "./chunk-ZWHKMG5D.js";
import "./chunk-FEDWZIOZ.js";
import "./chunk-A4HYEA5Q.js";
import "./chunk-COLKQ3MG.js";
import "./chunk-2F4QKM7O.js";
import "./chunk-532ZK4EG.js";
import "./chunk-5RG6R7ES.js";

// packages/adapters/dist/src/builtin/afs-mapper/afs-mapper-instance.js
var MAPPING_KEYS = ["mapping", "site", "shared"];
var AfsMapperInstance = class {
  o;
  ctx;
  values;
  mapped = false;
  /** A Start in progress: Stop cancels it and waits for its rollback before cleaning. */
  mapping;
  last = { links: 0, directories: 0, scripts_run: 0, conflicts: 0, last_mapping_ms: 0, kept: 0 };
  /** What the last cleaning kept, and why, for Status while stopped. */
  keptNote = "";
  constructor(o, ctx) {
    this.o = o;
    this.ctx = ctx;
    this.values = { mapping: o.mapping, site: o.site, shared: o.shared, scriptTimeoutMs: o.scriptTimeoutMs };
  }
  async start() {
    if (this.mapped)
      return;
    const abort = new AbortController();
    const done = this.map(abort.signal);
    this.mapping = { abort, done: done.catch(() => void 0) };
    try {
      await done;
    } finally {
      this.mapping = void 0;
    }
  }
  async map(signal) {
    const file = this.values.mapping;
    if (!file)
      throw new MappingError("afs-mapper: no mapping file: set 'mapping' (or the 'mapping' option)");
    const entries = await readMappingFile(file);
    try {
      const r = await mapEntries(entries, {
        stateDir: this.ctx.stateDir,
        site: this.values.site,
        node: this.o.node,
        source: file,
        scriptTimeoutMs: this.values.scriptTimeoutMs,
        roots: { allowedRoots: this.o.allowedRoots, sharedRoots: this.o.sharedRoots, sharedRoot: this.values.shared },
        clock: this.ctx.clock,
        log: this.ctx.log,
        otherJournal: "rollback",
        signal,
        processGroups: this.ctx.processGroups
      });
      this.last = { ...this.last, links: r.links, directories: r.dirs, scripts_run: r.scripts, conflicts: 0, last_mapping_ms: r.at };
      this.ctx.log.info(`mapped ${file}: ${r.made} paths made (${r.plan.inPlace} already in place), ${r.links} links and ${r.dirs} directories in the journal, ${r.scripts} scripts run${r.resumed ? " (completed an interrupted mapping)" : ""}`);
      this.mapped = true;
    } catch (err) {
      if (err instanceof MappingConflictError) {
        this.last.conflicts = err.conflicts.length;
        for (const c of err.conflicts)
          this.ctx.log.warn(`conflict at ${JSON.stringify(c.path)} (entry ${c.entry + 1}): ${c.reason}`);
      }
      throw err;
    }
  }
  async stop() {
    if (this.mapping) {
      this.mapping.abort.abort();
      await this.mapping.done;
    }
    const r = cleanState(this.ctx.stateDir);
    if (r.source === void 0) {
      this.mapped = false;
      return;
    }
    for (const k of r.kept)
      this.ctx.log.warn(`clean kept ${JSON.stringify(k.path)}: ${k.reason}`);
    this.ctx.log.info(`cleaned ${r.source}: ${r.links} links and ${r.dirs} directories removed, ${r.kept.length} kept`);
    this.last = { ...this.last, links: 0, directories: 0, kept: r.kept.length };
    this.keptNote = r.kept.length === 0 ? "" : `cleaning kept ${r.kept.length} path${r.kept.length === 1 ? "" : "s"}: ${r.kept.map((k) => `${JSON.stringify(k.path)} (${k.reason})`).join("; ")}`;
    this.mapped = false;
  }
  stoppedStatus() {
    return { metrics: { ...this.last, mapped: 0 }, message: this.keptNote };
  }
  async status() {
    return { ...this.last, mapped: this.mapped ? 1 : 0 };
  }
  async set(values) {
    for (const key of Object.keys(values))
      if (this.mapped && MAPPING_KEYS.includes(key))
        throw new SetWhileRunningError(key, this.ctx.name);
    const shared = values.shared;
    if (shared !== void 0 && !this.o.sharedRoots.some((r) => isWithin(shared, r)))
      throw new ParamNotAllowedError("shared", `${shared} is outside sharedRoots (${this.o.sharedRoots.join(", ")})`);
    this.values = { ...this.values, ...values };
  }
  params() {
    const out = { scriptTimeoutMs: this.values.scriptTimeoutMs };
    for (const k of MAPPING_KEYS) {
      const v = this.values[k];
      if (v !== void 0)
        out[k] = v;
    }
    return out;
  }
};

// packages/adapters/dist/src/builtin/afs-mapper/options.js
var NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
var absPath = (missing) => textOption(ABS_PATH, ABS_PATH.description, missing);
var roots = listOption(`must be a non-empty list, each ${ABS_PATH.description}`, ABS_PATH).min(1, `must be a non-empty list, each ${ABS_PATH.description}`);
var schema = external_exports.strictObject({
  mapping: absPath().optional(),
  site: textOption(NAME, "a name of letters, digits and ._- (up to 64)").optional(),
  shared: absPath().optional(),
  allowedRoots: roots,
  sharedRoots: roots,
  node: textOption(NAME, "a name of letters, digits and ._- (up to 64)").optional(),
  scriptTimeoutMs: integerOption(100, 6e5).default(1e4)
}).superRefine((o, ctx) => {
  if (o.shared !== void 0 && !o.sharedRoots.some((r) => isWithin(o.shared, r))) {
    ctx.addIssue({ code: "custom", path: ["shared"], message: `must lie within sharedRoots (${o.sharedRoots.join(", ")})` });
  }
});
function parseAfsMapperOptions(raw) {
  return parseOptions("afs-mapper", schema, raw);
}

// packages/adapters/dist/src/builtin/afs-mapper/afs-mapper-adapter.js
var afsMapperAdapter = defineAdapter({
  type: "afs-mapper",
  description: "Maps a shared tree onto the local disk by mapping 4-tuples (mktree, mkdir, mklink, post-mapping script); Start = map (all or nothing, conflicts refused before any change), Stop = clean exactly what was made.",
  roles: [],
  params: {
    mapping: { type: "string", pattern: ABS_PATH, description: "the mapping file (YAML or JSON); only while stopped" },
    site: { type: "string", pattern: NAME, description: "the site's name (LAMA_SITE for the scripts); only while stopped" },
    shared: { type: "string", pattern: ABS_PATH, description: "what relative shared paths resolve against (a site replica), within sharedRoots; only while stopped" },
    scriptTimeoutMs: { type: "integer", min: 100, max: 6e5, description: "deadline of each post-mapping script, from the next Start" }
  },
  options: parseAfsMapperOptions,
  create: (options, ctx) => new AfsMapperInstance(options, ctx)
});
export {
  afsMapperAdapter
};
