import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  killGroup,
  spawnService
} from "./chunk-JXIYF6K4.js";
import {
  MappingConflictError,
  MappingError,
  MappingJournalError,
  MappingOutsideRootsError,
  MappingScriptError
} from "./chunk-S3SJLHWA.js";

// packages/adapters/dist/src/builtin/afs-mapper/mapper.js
import { createHash } from "node:crypto";
import { hostname } from "node:os";

// packages/adapters/dist/src/builtin/afs-mapper/apply.js
import { chmodSync, mkdirSync, symlinkSync } from "node:fs";
var DEFAULT_BATCH = 512;
var record = (op, b) => op.kind === "dir" ? { t: "dir", p: op.path, e: op.entry, b, ...op.tree ? { tree: 1 } : {}, ...op.mode !== void 0 ? { mode: op.mode } : {} } : { t: "link", p: op.path, to: op.target ?? "", e: op.entry, b };
var turn = () => new Promise((r) => setImmediate(r));
async function applyOps(ops, journal, firstBatch, batchSize = DEFAULT_BATCH, signal) {
  let b = firstBatch;
  for (let i = 0; i < ops.length; i += batchSize, b++) {
    signal?.throwIfAborted();
    const slice = ops.slice(i, i + batchSize);
    journal.append(slice.map((op) => record(op, b)), true);
    const failed = [];
    const fail = (op, err) => {
      const code = err.code;
      failed.push({ path: op.path, entry: op.entry, reason: code === "EEXIST" ? "appeared after planning" : `cannot be made: ${code ?? err.message}` });
    };
    for (const op of slice) {
      if (op.kind !== "dir")
        continue;
      try {
        mkdirSync(op.path, { mode: 493 });
        if (op.mode !== void 0)
          chmodSync(op.path, op.mode);
      } catch (err) {
        fail(op, err);
        break;
      }
    }
    if (!failed.length) {
      for (const op of slice) {
        if (op.kind !== "link")
          continue;
        try {
          symlinkSync(op.target ?? "", op.path);
        } catch (err) {
          fail(op, err);
        }
      }
    }
    if (failed.length) {
      journal.append(failed.map((c) => ({ t: "skip", p: c.path })), true);
      throw new MappingConflictError(failed);
    }
    journal.append([{ t: "ok", b }], false);
    await turn();
  }
  return b;
}

// packages/adapters/dist/src/builtin/afs-mapper/clean.js
import { lstatSync, readdirSync, readlinkSync, rmdirSync, rmSync, unlinkSync } from "node:fs";
function cleanMade(made) {
  const out = { links: 0, dirs: 0, kept: [] };
  for (let i = made.length - 1; i >= 0; i--) {
    const m = made[i];
    if (m.kind !== "link")
      continue;
    let now;
    try {
      now = readlinkSync(m.path);
    } catch (err) {
      const code = err.code;
      if (code === "ENOENT")
        continue;
      if (code === "EINVAL") {
        out.kept.push({ path: m.path, reason: "no longer a link (something else is there now)" });
        continue;
      }
      throw err;
    }
    if (now !== m.target) {
      out.kept.push({ path: m.path, reason: `points elsewhere now (-> ${now}), not where the mapper made it point` });
      continue;
    }
    unlinkSync(m.path);
    out.links++;
  }
  for (let i = made.length - 1; i >= 0; i--) {
    const m = made[i];
    if (m.kind !== "dir")
      continue;
    if (m.tree && m.certain) {
      const st = lstatSync(m.path, { throwIfNoEntry: false });
      if (!st)
        continue;
      if (!st.isDirectory()) {
        out.kept.push({ path: m.path, reason: "no longer a directory (something else is there now)" });
        continue;
      }
      rmSync(m.path, { recursive: true, force: true });
      out.dirs++;
      continue;
    }
    try {
      rmdirSync(m.path);
      out.dirs++;
    } catch (err) {
      const code = err.code;
      if (code === "ENOENT")
        continue;
      if (code === "ENOTDIR") {
        out.kept.push({ path: m.path, reason: "no longer a directory (something else is there now)" });
        continue;
      }
      if (code !== "ENOTEMPTY" && code !== "EEXIST")
        throw err;
      const n = readdirSync(m.path).length;
      out.kept.push({ path: m.path, reason: `holds ${n} entr${n === 1 ? "y" : "ies"} the mapper did not make${m.tree ? " (an interrupted batch: not provably ours)" : ""}` });
    }
  }
  return out;
}

// packages/adapters/dist/src/builtin/afs-mapper/journal.js
import { closeSync, fsyncSync, mkdirSync as mkdirSync2, openSync, readFileSync, truncateSync, unlinkSync as unlinkSync2, writeSync } from "node:fs";
import { join } from "node:path";
var Journal = class {
  stateDir;
  path;
  fd;
  constructor(stateDir) {
    this.stateDir = stateDir;
    this.path = join(stateDir, "afs-mapper.journal");
  }
  /** Reads the journal; undefined when there is none. A torn last line (a crash mid-write) is ignored. */
  load() {
    let text;
    try {
      text = readFileSync(this.path, "utf8");
    } catch (err) {
      if (err.code === "ENOENT")
        return void 0;
      throw new MappingJournalError(`journal ${this.path}: ${err.message}`);
    }
    let records;
    try {
      records = JSON.parse(`[${text.replace(/\n$/, "").replaceAll("\n", ",")}]`);
    } catch {
      records = perLine(text, this.path);
    }
    const begin = records[0];
    if (!begin || begin.t !== "begin") {
      if (records.length === 0)
        return void 0;
      throw new MappingJournalError(`journal ${this.path}: does not start with a begin record`);
    }
    const ok = /* @__PURE__ */ new Set();
    const skipped = /* @__PURE__ */ new Set();
    for (const r of records) {
      if (r.t === "ok")
        ok.add(r.b);
      else if (r.t === "skip")
        skipped.add(r.p);
    }
    const state = { begin, made: [], scripts: /* @__PURE__ */ new Set(), lastBatch: 0 };
    const index = /* @__PURE__ */ new Map();
    const made = (m) => {
      const i = index.get(m.path);
      if (i === void 0) {
        index.set(m.path, state.made.push(m) - 1);
        return;
      }
      state.made[i] = { ...m, certain: m.certain || state.made[i].certain };
    };
    for (const r of records) {
      if (r.t === "dir" || r.t === "link")
        state.lastBatch = Math.max(state.lastBatch, r.b);
      if (r.t === "dir" && !skipped.has(r.p))
        made({ kind: "dir", path: r.p, entry: r.e, tree: r.tree === 1, certain: ok.has(r.b) });
      else if (r.t === "link" && !skipped.has(r.p))
        made({ kind: "link", path: r.p, target: r.to, entry: r.e, tree: false, certain: ok.has(r.b) });
      else if (r.t === "script")
        state.scripts.add(r.e);
      else if (r.t === "mapped")
        state.mappedAt = r.at;
    }
    return state;
  }
  /** Starts a new journal with its begin record, durably. */
  begin(begin) {
    mkdirSync2(this.stateDir, { recursive: true });
    this.close();
    this.fd = openSync(this.path, "w", 384);
    this.append([begin], true);
    syncDir(this.stateDir);
  }
  /** Continues an existing journal (an interrupted mapping being completed), without the torn line a kill may have left at its end. */
  reopen() {
    this.close();
    const text = readFileSync(this.path);
    const end = text.lastIndexOf(10) + 1;
    if (end < text.length)
      truncateSync(this.path, end);
    this.fd = openSync(this.path, "a");
  }
  /** Appends records; with sync, they are on disk when this returns. */
  append(records, sync) {
    if (this.fd === void 0)
      throw new MappingJournalError(`journal ${this.path} is not open`);
    if (records.length) {
      const bytes = Buffer.from(records.map((r) => JSON.stringify(r)).join("\n") + "\n");
      for (let off = 0; off < bytes.length; )
        off += writeSync(this.fd, bytes, off, bytes.length - off);
    }
    if (sync)
      fsyncSync(this.fd);
  }
  close() {
    if (this.fd !== void 0)
      closeSync(this.fd);
    this.fd = void 0;
  }
  /** Deletes the journal (everything it listed is gone), durably. */
  remove() {
    this.close();
    try {
      unlinkSync2(this.path);
    } catch (err) {
      if (err.code !== "ENOENT")
        throw err;
    }
    syncDir(this.stateDir);
  }
};
function syncDir(dir) {
  try {
    const fd = openSync(dir, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
  }
}
function perLine(text, path) {
  const lines = text.split("\n");
  const records = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] === "")
      continue;
    try {
      records.push(JSON.parse(lines[i]));
    } catch {
      if (i === lines.length - 1)
        break;
      throw new MappingJournalError(`journal ${path}: line ${i + 1} is corrupt; it needs an operator`);
    }
  }
  return records;
}

// packages/adapters/dist/src/builtin/afs-mapper/planner.js
import { lstatSync as lstatSync3, readdirSync as readdirSync2, readlinkSync as readlinkSync2 } from "node:fs";
import { dirname as dirname2, join as join3, resolve as resolve2 } from "node:path";

// packages/adapters/dist/src/builtin/afs-mapper/exclude.js
function globSource(glob) {
  let out = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*" && glob[i + 1] === "*") {
      if (glob[i + 2] === "/") {
        out += "(?:.*/)?";
        i += 2;
      } else {
        out += ".*";
        i += 1;
      }
    } else if (c === "*")
      out += "[^/]*";
    else if (c === "?")
      out += "[^/]";
    else
      out += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return out;
}
function excluder(patterns) {
  if (!patterns.length)
    return void 0;
  const sources = patterns.map((p) => {
    const trimmed = p.replace(/^\/+|\/+$/g, "");
    return trimmed.includes("/") ? `^${globSource(trimmed)}$` : `(?:^|/)${globSource(trimmed)}$`;
  });
  const re = new RegExp(sources.join("|"), "s");
  return (relative) => re.test(relative);
}

// packages/adapters/dist/src/builtin/afs-mapper/roots.js
import { lstatSync as lstatSync2, realpathSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, join as join2, resolve, sep } from "node:path";
function isWithin(path, root) {
  if (root === sep)
    return true;
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}
function realOfExisting(path) {
  let head = path;
  const tail = [];
  for (; ; ) {
    try {
      const real = realpathSync(head);
      return tail.length ? resolve(real, ...tail.reverse()) : real;
    } catch (err) {
      const code = err.code;
      if (code !== "ENOENT" && code !== "ENOTDIR")
        throw err;
      const up = dirname(head);
      if (up === head)
        return path;
      tail.push(head.slice(up.length).replace(/^\//, ""));
      head = up;
    }
  }
}
function confine(path, roots, what, parentOnly = false) {
  const shown = roots.length ? roots.join(", ") : "none configured";
  if (!roots.some((r) => isWithin(path, resolve(r))))
    throw new MappingOutsideRootsError(`${what} ${JSON.stringify(path)} is outside the allowed roots (${shown})`);
  const real = parentOnly && dirname(path) !== path ? join2(realOfExisting(dirname(path)), basename(path)) : realOfExisting(path);
  if (!roots.some((r) => isWithin(real, realOfExisting(resolve(r))))) {
    throw new MappingOutsideRootsError(`${what} ${JSON.stringify(path)} resolves through a symlink to ${JSON.stringify(real)}, outside the allowed roots (${shown})`);
  }
}
function resolveEntries(entries, roots) {
  return entries.map((e, index) => {
    const at = `entry ${index + 1}`;
    if (!isAbsolute(e.shared) && roots.sharedRoot === void 0)
      throw new MappingError(`${at}: 'shared' ${JSON.stringify(e.shared)} is relative and no shared root is set`);
    const shared = resolve(roots.sharedRoot ?? "/", e.shared);
    const local = resolve(e.local);
    confine(shared, roots.sharedRoots, `${at}: 'shared'`);
    confine(local, roots.allowedRoots, `${at}: 'local'`, true);
    let isDir = false;
    try {
      isDir = statSync(shared).isDirectory();
    } catch {
    }
    if (!isDir)
      throw new MappingError(`${at}: 'shared' ${JSON.stringify(shared)} is not a directory`);
    let script;
    if (e.script !== void 0) {
      script = resolve(shared, e.script);
      confine(script, roots.sharedRoots, `${at}: 'script'`);
      let ok = false;
      try {
        ok = lstatSync2(script).isFile() || statSync(script).isFile();
      } catch {
      }
      if (!ok)
        throw new MappingError(`${at}: 'script' ${JSON.stringify(script)} is not a file`);
    }
    return { index, policy: e.policy, shared, realShared: realpathSync(shared), local, ...script ? { script } : {}, exclude: e.exclude ?? [] };
  });
}

// packages/adapters/dist/src/builtin/afs-mapper/planner.js
var sub = (dir, name) => dir === "/" ? `/${name}` : `${dir}/${name}`;
function planMapping(entries, owned, sharedRoots) {
  const plan = { ops: [], conflicts: [], inPlace: 0 };
  const planned = /* @__PURE__ */ new Map();
  const roots = sharedRoots.map((r) => resolve2(r));
  const add = (op) => {
    plan.ops.push(op);
    planned.set(op.path, op);
  };
  const probe = (path, fresh, parentReal) => {
    const p = planned.get(path);
    if (p)
      return p.kind === "dir" ? { kind: "dir", real: path, planned: true } : { kind: "link", target: p.target ?? "", ours: true, planned: true, entry: p.entry };
    if (fresh)
      return { kind: "absent" };
    const st = lstatSync3(path, { throwIfNoEntry: false });
    if (!st)
      return { kind: "absent" };
    if (st.isSymbolicLink()) {
      const target = readlinkSync2(path);
      const mine = owned.get(path);
      return { kind: "link", target, ours: mine?.kind === "link" && mine.target === target, planned: false };
    }
    if (st.isDirectory())
      return { kind: "dir", real: parentReal !== void 0 ? sub(parentReal, path.slice(path.lastIndexOf("/") + 1)) : realOfExisting(path), planned: false };
    return { kind: "file" };
  };
  for (const e of entries) {
    const conflict = (path, reason) => {
      plan.conflicts.push({ path, reason, entry: e.index });
    };
    const excluded = excluder(e.exclude);
    const listShared = (dir) => {
      try {
        return readdirSync2(dir, { withFileTypes: true });
      } catch (err) {
        conflict(dir, `cannot read the shared directory: ${err.code ?? err.message}`);
        return [];
      }
    };
    const foldable = (s, rel) => {
      if (!excluded)
        return true;
      for (const d of listShared(s)) {
        const r = rel ? `${rel}/${d.name}` : d.name;
        if (excluded(r))
          return false;
        if (d.isDirectory() && !foldable(sub(s, d.name), r))
          return false;
      }
      return true;
    };
    const escapes = (s) => {
      const target = readlinkSync2(s);
      const to = resolve2(dirname2(s), target);
      return roots.some((r) => isWithin(to, r)) ? void 0 : target;
    };
    const children = (s, l, rel, fresh, real) => {
      if (real !== void 0 && isWithin(real, e.realShared)) {
        conflict(l, `the local directory lies inside the shared directory ${JSON.stringify(e.shared)} (mapping a tree onto itself)`);
        return;
      }
      for (const d of listShared(s)) {
        const r = excluded ? rel ? `${rel}/${d.name}` : d.name : "";
        if (excluded?.(r))
          continue;
        const cs = sub(s, d.name);
        const cl = sub(l, d.name);
        if (d.isDirectory())
          dirNode(cs, cl, r, fresh, real);
        else
          fileNode(cs, cl, d.isSymbolicLink(), fresh, real);
      }
    };
    const needDir = (s, l, rel, st) => {
      switch (st.kind) {
        case "absent":
          add({ kind: "dir", path: l, entry: e.index, tree: e.policy === "mktree", ...e.policy === "mktree" ? { mode: lstatSync3(s).mode & 4095 } : {} });
          children(s, l, rel, true, void 0);
          return;
        case "dir":
          if (!st.planned && owned.get(l)?.kind === "dir")
            plan.inPlace++;
          children(s, l, rel, st.planned, st.planned ? void 0 : st.real);
          return;
        case "link":
          conflict(l, st.planned ? `entry ${(st.entry ?? 0) + 1} maps a link here where a directory must go` : `a link (-> ${st.target}) where a directory must go`);
          return;
        case "file":
          conflict(l, "a file where a directory must go");
      }
    };
    const dirNode = (s, l, rel, fresh, parentReal) => {
      const st = probe(l, fresh, parentReal);
      if (e.policy !== "mklink")
        return needDir(s, l, rel, st);
      if (st.kind === "absent" && foldable(s, rel))
        return add({ kind: "link", path: l, target: s, entry: e.index, tree: false });
      if (st.kind === "link" && st.target === s && (st.ours || st.planned)) {
        if (st.ours && !st.planned)
          plan.inPlace++;
        return;
      }
      if (st.kind === "link" && !st.planned)
        return conflict(l, st.ours ? `a link of this mapping (-> ${st.target}) where a directory must go` : `a link the mapper did not make (-> ${st.target})`);
      needDir(s, l, rel, st);
    };
    const fileNode = (s, l, isLink, fresh, parentReal) => {
      if (e.policy === "mktree")
        return;
      if (isLink) {
        const out = escapes(s);
        if (out !== void 0)
          return conflict(s, `a link inside shared leads out of the shared roots (-> ${out})`);
      }
      const st = probe(l, fresh, parentReal);
      switch (st.kind) {
        case "absent":
          return add({ kind: "link", path: l, target: s, entry: e.index, tree: false });
        case "link":
          if (st.target === s && (st.ours || st.planned)) {
            if (!st.planned)
              plan.inPlace++;
            return;
          }
          return conflict(l, st.planned ? `entry ${(st.entry ?? 0) + 1} maps a link here (-> ${st.target})` : `a link the mapper did not make (-> ${st.target})`);
        case "dir":
          return conflict(l, "a directory where a link must go");
        case "file":
          return conflict(l, "an existing file");
      }
    };
    const missing = [];
    let up = e.local;
    let top = probe(up, false);
    while (top.kind === "absent" && dirname2(up) !== up) {
      missing.unshift(up);
      up = dirname2(up);
      top = probe(up, false);
    }
    if (top.kind === "file") {
      conflict(up, "a file where a directory must go");
      continue;
    }
    if (top.kind === "link" && top.planned) {
      conflict(up, `entry ${(top.entry ?? 0) + 1} maps a link here where a directory must go`);
      continue;
    }
    if (missing.length === 0) {
      if (top.kind === "link" && e.policy === "mklink" && top.target === e.shared && top.ours) {
        plan.inPlace++;
        continue;
      }
      if (top.kind === "link") {
        conflict(e.local, top.ours || e.policy !== "mklink" ? `a link (-> ${top.target}) where a directory must go` : `a link the mapper did not make (-> ${top.target})`);
        continue;
      }
      const real = top.kind === "dir" && !top.planned ? top.real : void 0;
      if (top.kind === "dir" && !top.planned && owned.get(e.local)?.kind === "dir")
        plan.inPlace++;
      children(e.shared, e.local, "", top.kind === "dir" && top.planned, real);
      continue;
    }
    const realBase = top.kind === "dir" ? top.planned ? void 0 : top.real : realOfExisting(up);
    if (realBase !== void 0 && isWithin(join3(realBase, ...missing.map((m) => m.slice(m.lastIndexOf("/") + 1))), e.realShared)) {
      conflict(e.local, `the local directory lies inside the shared directory ${JSON.stringify(e.shared)} (mapping a tree onto itself)`);
      continue;
    }
    for (const dir of missing.slice(0, -1))
      add({ kind: "dir", path: dir, entry: e.index, tree: false });
    dirNode(e.shared, e.local, "", true, void 0);
  }
  return plan;
}

// packages/adapters/dist/src/builtin/afs-mapper/script-runner.js
var MAX_LOG_LINES = 200;
function runScript(script, env, cwd, timeoutMs, clock, log, signal, ledger) {
  return new Promise((resolve3, reject) => {
    if (signal?.aborted)
      return reject(new MappingScriptError(`post-mapping script ${script} not run: the mapping was cancelled`));
    let logged = 0;
    let dropped = 0;
    const tail = [];
    const child = spawnService(script, [], { cwd, env: { PATH: process.env.PATH ?? "/usr/sbin:/usr/bin:/sbin:/bin", ...env }, stdio: ["ignore", "pipe", "pipe"] }, ledger);
    const lines = (stream) => {
      let rest = "";
      return (chunk) => {
        const parts = (rest + chunk.toString("utf8")).split("\n");
        rest = parts.pop() ?? "";
        if (rest.length > 4096) {
          parts.push(rest);
          rest = "";
        }
        for (const line of parts) {
          tail.push(line);
          if (tail.length > 5)
            tail.shift();
          if (logged++ < MAX_LOG_LINES)
            log.info(`script ${script}: ${line}`, { stream });
          else
            dropped++;
        }
      };
    };
    child.stdout?.on("data", lines("stdout"));
    child.stderr?.on("data", lines("stderr"));
    let done = false;
    const finish = (err) => {
      if (done)
        return;
      done = true;
      timer.cancel();
      signal?.removeEventListener("abort", cancel);
      if (dropped)
        log.info(`script ${script}: ${dropped} more output lines not logged`);
      if (err)
        reject(err);
      else
        resolve3();
    };
    const kill = () => killGroup(child.pid ?? 0, "SIGKILL");
    const timer = clock.setTimer(() => {
      kill();
      finish(new MappingScriptError(`post-mapping script ${script} did not finish within ${timeoutMs} ms (killed)`));
    }, timeoutMs);
    const cancel = () => {
      kill();
      finish(new MappingScriptError(`post-mapping script ${script} killed: the mapping was cancelled`));
    };
    signal?.addEventListener("abort", cancel, { once: true });
    child.on("error", (err) => finish(new MappingScriptError(`post-mapping script ${script} cannot run: ${err.code ?? err.message}`)));
    child.on("close", (code, signal2) => {
      if (code === 0)
        return finish();
      const why = signal2 ? `was killed by ${signal2}` : `exited with status ${code}`;
      finish(new MappingScriptError(`post-mapping script ${script} ${why}${tail.length ? `: ${tail.join(" | ")}` : ""}`));
    });
  });
}

// packages/adapters/dist/src/builtin/afs-mapper/mapper.js
var DEFAULT_SCRIPT_TIMEOUT_MS = 1e4;
function digest(entries, site, node) {
  const shape = entries.map((e) => [e.policy, e.shared, e.local, e.script ?? null, e.exclude]);
  return createHash("sha256").update(JSON.stringify({ shape, site, node })).digest("hex");
}
function counts(made) {
  let links = 0;
  let dirs = 0;
  for (const m of made)
    if (m.kind === "link")
      links++;
    else
      dirs++;
  return { links, dirs };
}
function logKept(log, r) {
  for (const k of r.kept)
    log.warn(`clean kept ${JSON.stringify(k.path)}: ${k.reason}`);
}
async function mapEntries(entries, o) {
  const resolved = resolveEntries(entries, o.roots);
  const site = o.site ?? "";
  const node = o.node ?? hostname();
  const mapping = digest(resolved, site, node);
  const journal = new Journal(o.stateDir);
  let state = journal.load();
  let rolledBack;
  if (state && state.begin.mapping !== mapping) {
    if (o.otherJournal === "refuse" || o.dryRun) {
      throw new MappingJournalError(`${o.stateDir} holds the journal of another mapping (${state.begin.source}${state.begin.site ? `, site ${state.begin.site}` : ""}): clean it first, or use another state directory`);
    }
    rolledBack = cleanMade(state.made);
    logKept(o.log, rolledBack);
    journal.remove();
    o.log.info(`rolled back the previous mapping (${state.begin.source}): ${rolledBack.links} links, ${rolledBack.dirs} directories removed, ${rolledBack.kept.length} kept`);
    state = void 0;
  }
  const owned = new Map((state?.made ?? []).map((m) => [m.path, m]));
  const plan = planMapping(resolved, owned, o.roots.sharedRoots);
  const at = o.clock.now();
  const listed = () => counts([...owned.values(), ...plan.ops.filter((op) => !owned.has(op.path))]);
  const result = (made, scripts2, after) => ({ plan, ...after, scripts: scripts2, made, resumed: state !== void 0 && state.mappedAt === void 0, at, ...rolledBack ? { rolledBack } : {} });
  if (plan.conflicts.length)
    throw new MappingConflictError(plan.conflicts);
  if (o.dryRun)
    return result(0, 0, counts(owned.values()));
  if (state)
    journal.reopen();
  else
    journal.begin({ t: "begin", mapping, source: o.source ?? "mapping", site, node, at });
  let scripts = 0;
  try {
    let batch = (state?.lastBatch ?? 0) + 1;
    for (const e of resolved) {
      batch = await applyOps(plan.ops.filter((op) => op.entry === e.index), journal, batch, o.batchSize ?? DEFAULT_BATCH, o.signal);
      if (e.script && !state?.scripts.has(e.index)) {
        await runScript(e.script, { LAMA_SHARED: e.shared, LAMA_LOCAL: e.local, LAMA_SITE: site, LAMA_NODE: node }, e.local, o.scriptTimeoutMs ?? DEFAULT_SCRIPT_TIMEOUT_MS, o.clock, o.log, o.signal, o.processGroups);
        journal.append([{ t: "script", e: e.index }], true);
        scripts++;
      }
    }
    if (!state || state.mappedAt === void 0 || plan.ops.length)
      journal.append([{ t: "mapped", at }], true);
  } catch (err) {
    journal.close();
    const undone = cleanMade(journal.load()?.made ?? []);
    logKept(o.log, undone);
    journal.remove();
    o.log.warn(`mapping failed and was rolled back: ${undone.links} links, ${undone.dirs} directories removed, ${undone.kept.length} kept: ${err.message}`);
    throw err;
  }
  journal.close();
  return result(plan.ops.length, scripts, listed());
}
function journalState(stateDir) {
  const state = new Journal(stateDir).load();
  return state && { ...state, ...counts(state.made) };
}
function cleanState(stateDir) {
  const journal = new Journal(stateDir);
  const state = journal.load();
  if (!state)
    return { links: 0, dirs: 0, kept: [] };
  const r = cleanMade(state.made);
  journal.remove();
  return { ...r, source: state.begin.source };
}

// packages/adapters/dist/src/builtin/afs-mapper/mapping.js
import { readFileSync as readFileSync2 } from "node:fs";
import { extname, isAbsolute as isAbsolute2 } from "node:path";
var POLICIES = ["mktree", "mkdir", "mklink"];
var KEYS = ["shared", "local", "policy", "script", "exclude"];
var NUL = /\u0000/;
function parseMapping(raw, source = "mapping") {
  const fail = (message) => {
    throw new MappingError(`${source}: ${message}`);
  };
  if (!Array.isArray(raw))
    fail("must be a list of entries {shared, local, policy, script?, exclude?}");
  const list = raw;
  if (list.length === 0)
    fail("has no entries");
  return list.map((item, i) => {
    const at = `entry ${i + 1}`;
    if (typeof item !== "object" || item === null || Array.isArray(item))
      return fail(`${at} must be an object {shared, local, policy, script?, exclude?}`);
    const e = item;
    const unknown = Object.keys(e).find((k) => !KEYS.includes(k));
    if (unknown !== void 0)
      fail(`${at}: unknown key '${unknown}' (known: ${KEYS.join(", ")})`);
    const text = (key, required, empty = false) => {
      const v = e[key];
      if (v === void 0 && !required)
        return void 0;
      if (typeof v !== "string" || v === "" && !empty)
        return fail(`${at}: '${key}' ${v === void 0 ? "is required" : "must be a non-empty string"}`);
      if (NUL.test(v))
        fail(`${at}: '${key}' contains a NUL character`);
      return v;
    };
    const shared = text("shared", true, true);
    const local = text("local", true);
    if (!isAbsolute2(local))
      fail(`${at}: 'local' must be an absolute path (got ${JSON.stringify(local)})`);
    const policy = e.policy;
    if (typeof policy !== "string" || !POLICIES.includes(policy))
      fail(`${at}: 'policy' must be one of ${POLICIES.join(", ")} (got ${JSON.stringify(policy ?? null)})`);
    const script = text("script", false);
    let exclude;
    if (e.exclude !== void 0) {
      if (!Array.isArray(e.exclude) || !e.exclude.every((p) => typeof p === "string" && p !== "" && !NUL.test(p)))
        fail(`${at}: 'exclude' must be a list of non-empty glob patterns`);
      exclude = e.exclude;
    }
    return { shared, local, policy, ...script !== void 0 ? { script } : {}, ...exclude ? { exclude } : {} };
  });
}
async function readMappingFile(path) {
  let text;
  try {
    text = readFileSync2(path, "utf8");
  } catch (err) {
    throw new MappingError(`mapping file ${path}: ${err.code === "ENOENT" ? "does not exist" : err.message}`);
  }
  let raw;
  const ext = extname(path).toLowerCase();
  try {
    raw = ext === ".yaml" || ext === ".yml" ? (await import("./dist-Z3BQMXGJ.js")).parse(text) : JSON.parse(text);
  } catch (err) {
    throw new MappingError(`mapping file ${path}: not valid ${ext === ".json" ? "JSON" : ext === ".yaml" || ext === ".yml" ? "YAML" : "JSON (name YAML files .yaml or .yml)"}: ${err.message.split("\n")[0]}`);
  }
  return parseMapping(raw, `mapping file ${path}`);
}

export {
  isWithin,
  mapEntries,
  journalState,
  cleanState,
  parseMapping,
  readMappingFile
};
