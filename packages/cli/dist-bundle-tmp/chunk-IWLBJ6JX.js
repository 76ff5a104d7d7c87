import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  ConfigError
} from "./chunk-KSE75MTL.js";
import {
  require_dist
} from "./chunk-ZMUX57ID.js";
import {
  external_exports
} from "./chunk-36O33FJM.js";
import {
  GROUP
} from "./chunk-W74NIISL.js";
import {
  isHostPort
} from "./chunk-MT4BYXDY.js";
import {
  __toESM
} from "./chunk-5RG6R7ES.js";

// packages/agent/dist/src/config/agent-config.js
var import_yaml = __toESM(require_dist(), 1);
import { readFileSync } from "node:fs";
import { extname } from "node:path";
var NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
var hostPortSchema = external_exports.string().refine(isHostPort, "must be HOST:PORT");
var groupSchema = external_exports.string().regex(GROUP, "a lowercase DNS label");
var multicastSchema = external_exports.strictObject({
  enabled: external_exports.boolean().default(true),
  interface: external_exports.ipv4().optional(),
  port: external_exports.number().int().min(1).max(65535).default(5353),
  group: external_exports.ipv4().default("224.0.0.251"),
  ttl: external_exports.number().int().min(1).max(255).optional()
}).prefault({});
var prometheusSchema = external_exports.strictObject({
  /** HOST:PORT of GET /metrics; any address the operator gives, 127.0.0.1 in the examples. */
  listen: hostPortSchema
}).optional();
var agentConfigSchema = external_exports.strictObject({
  name: external_exports.string().regex(NAME, '1-64 letters, digits, ".", "_" or "-"'),
  credential: external_exports.string().min(1, "path of a credential with role agent"),
  groups: external_exports.array(groupSchema).default([]),
  lookups: external_exports.array(hostPortSchema).default([]),
  multicast: multicastSchema,
  listen: hostPortSchema.default("0.0.0.0:4170"),
  advertiseHost: external_exports.string().min(1).optional(),
  leaseMs: external_exports.number().int().min(100).max(36e5).default(1e4),
  capacity: external_exports.record(external_exports.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, "a name like networkMbps"), external_exports.number().nonnegative()).default({}),
  metrics: external_exports.strictObject({
    intervalMs: external_exports.number().int().min(100).default(2e3),
    interfaces: external_exports.array(external_exports.string().min(1)).optional(),
    disks: external_exports.array(external_exports.string().min(1)).default(["/"])
  }).prefault({}),
  adapters: external_exports.array(external_exports.strictObject({
    name: external_exports.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'lowercase letters, digits and "-"'),
    module: external_exports.string().min(1, 'a built-in name ("process"), a path or a package'),
    options: external_exports.unknown().optional(),
    autostart: external_exports.boolean().default(false)
  })).default([]),
  attributes: external_exports.array(external_exports.strictObject({ type: external_exports.string().min(1), fields: external_exports.record(external_exports.string(), external_exports.string()).default({}) })).default([]),
  stateDir: external_exports.string().optional(),
  /** Where deployed sites go on this node (Khnum): see docs/deployment.md. */
  deploy: external_exports.strictObject({
    /** Every `local` path of a site's mapping is taken under this directory ('/': as written). */
    root: external_exports.string().regex(/^\//, "must be an absolute path").default("/"),
    /** Where the mapper may write (absolute); default: [root]. */
    allowedRoots: external_exports.array(external_exports.string().regex(/^\//, "must be an absolute path")).min(1).optional(),
    /** Bytes the node cache of site objects may hold (default: no limit). */
    cacheLimitBytes: external_exports.number().int().positive().optional(),
    /** Cache multicast (seed 000 §3.3): what a request leaves open. */
    multicast: external_exports.strictObject({
      /** IPv4 address of the interface sessions run on (default: the discovery interface, multicast.interface). */
      interface: external_exports.ipv4().optional(),
      /** Sending rate of a snapshot, bits/s. */
      rateBitsPerSec: external_exports.number().int().positive().default(1e8),
      /** How long a snapshot session may run before it ends best effort. */
      deadlineMs: external_exports.number().int().positive().default(12e4),
      /** How long a receiver follows a session before the rest comes from the store. */
      receiveTimeoutMs: external_exports.number().int().positive().default(12e4)
    }).prefault({})
  }).prefault({}),
  prometheus: prometheusSchema,
  logLevel: external_exports.enum(["trace", "debug", "info", "warn", "error", "silent"]).default("info")
});
function keyPath(path) {
  return path.map((p, i) => typeof p === "number" ? `[${p}]` : `${i ? "." : ""}${String(p)}`).join("") || "(top level)";
}
function configErrorOf(error, source) {
  const lines = error.issues.map((i) => {
    const key = keyPath(i.path);
    if (i.code === "unrecognized_keys")
      return `${key === "(top level)" ? "" : `${key}: `}unknown key${i.keys.length > 1 ? "s" : ""} ${i.keys.map((k) => `'${k}'`).join(", ")}`;
    return `${key}: ${i.message}`;
  });
  return new ConfigError(`${source}: ${lines.join("; ")}`);
}
function parseAgentConfig(raw, source = "config") {
  const r = agentConfigSchema.safeParse(raw);
  if (!r.success)
    throw configErrorOf(r.error, source);
  const names = r.data.adapters.map((a) => a.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup)
    throw new ConfigError(`${source}: adapters: the name '${dup}' is used twice`);
  return r.data;
}
function readConfigFile(path) {
  let text;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new ConfigError(`cannot read config ${path}: ${err.code ?? String(err)}`);
  }
  let value;
  try {
    value = [".yml", ".yaml"].includes(extname(path)) ? (0, import_yaml.parse)(text) : JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`config ${path} is not valid ${[".yml", ".yaml"].includes(extname(path)) ? "YAML" : "JSON"}: ${err.message.split("\n")[0]}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new ConfigError(`config ${path} must hold an object`);
  return value;
}

export {
  hostPortSchema,
  groupSchema,
  multicastSchema,
  prometheusSchema,
  configErrorOf,
  parseAgentConfig,
  readConfigFile
};
