import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  LifecycleError
} from "./chunk-KSE75MTL.js";
import {
  writeFileDurably
} from "./chunk-VCFP5DZ7.js";

// packages/agent/dist/src/deploy/lifecycle.js
import { readFileSync } from "node:fs";
import { join } from "node:path";
var LIFECYCLE_TRANSITIONS = {
  FREE: ["DEPLOYING"],
  DEPLOYING: ["OPERATIONAL", "FAILED"],
  OPERATIONAL: ["CLEANING"],
  CLEANING: ["FREE", "FAILED"],
  FAILED: ["CLEANING"]
};
function freeRecord(sinceMs) {
  return { state: "FREE", site: "", version: 0, reason: "", deploymentId: "", sinceMs, services: [], keepCache: false };
}
function checkTransition(node, from, to) {
  if (LIFECYCLE_TRANSITIONS[from].includes(to))
    return;
  throw new LifecycleError(`node '${node}' is ${from}: the life cycle does not allow ${from} -> ${to} (from ${from} only ${LIFECYCLE_TRANSITIONS[from].join(" or ")})`);
}
var STATES = Object.keys(LIFECYCLE_TRANSITIONS);
var LifecycleFile = class {
  path;
  constructor(stateDir) {
    this.path = join(stateDir, "lifecycle.json");
  }
  /** The persisted record; FREE when there is none. A damaged file is an error, not a silent FREE. */
  load(now) {
    let text;
    try {
      text = readFileSync(this.path, "utf8");
    } catch (err) {
      if (err.code === "ENOENT")
        return freeRecord(now);
      throw err;
    }
    const v = JSON.parse(text);
    if (typeof v.state !== "string" || !STATES.includes(v.state))
      throw new LifecycleError(`${this.path}: '${String(v.state)}' is not a life-cycle state`);
    return { ...freeRecord(now), ...v, services: Array.isArray(v.services) ? v.services.filter((s) => typeof s === "string") : [] };
  }
  save(record) {
    writeFileDurably(this.path, `${JSON.stringify(record)}
`);
  }
};

export {
  checkTransition,
  LifecycleFile
};
