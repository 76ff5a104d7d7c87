import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  AgentClient,
  DeployerClient
} from "./chunk-QKHI2ZJ4.js";
import {
  AGENT_SERVICE_TYPE
} from "./chunk-7AIZH35D.js";
import {
  checkSiteName,
  checkVersion,
  parseSiteRef
} from "./chunk-R4APUNPC.js";
import {
  configErrorOf,
  groupSchema,
  hostPortSchema,
  multicastSchema,
  prometheusSchema
} from "./chunk-IWLBJ6JX.js";
import {
  ConfigError
} from "./chunk-KSE75MTL.js";
import {
  external_exports
} from "./chunk-36O33FJM.js";
import {
  AuthGuard,
  LookupCache,
  LookupServer,
  RpcServer,
  delay,
  formatMembers,
  parseMembers,
  writeFileDurably
} from "./chunk-VCFP5DZ7.js";
import {
  LIFECYCLE_ENTRY,
  NAME_ENTRY,
  PoolMember,
  ROLE_ENTRY,
  entryValues,
  normalizeMdns
} from "./chunk-W74NIISL.js";
import {
  CredentialVerifier,
  requireRole
} from "./chunk-AGYS2BOI.js";
import {
  DEFAULT_RENEW_AT
} from "./chunk-YUNTATBM.js";
import {
  jitter
} from "./chunk-I7Y4U2ZV.js";
import {
  RpcClient,
  describeRemoteError,
  loadProto,
  require_src
} from "./chunk-IKSWEGPT.js";
import {
  parseHostPort
} from "./chunk-MT4BYXDY.js";
import {
  Subject,
  merge
} from "./chunk-ZWHKMG5D.js";
import {
  systemClock
} from "./chunk-A4HYEA5Q.js";
import {
  ConfigurationError,
  InvalidArgumentError,
  LamaError,
  registerErrors
} from "./chunk-2F4QKM7O.js";
import {
  __toESM
} from "./chunk-5RG6R7ES.js";

// packages/grand-agent/dist/src/deploy/deploy-config.js
var multicastGroup = hostPortSchema.refine((v) => {
  const first = Number(parseHostPort(v)?.host.split(".")[0] ?? "");
  return first >= 224 && first <= 239;
}, "must be a multicast group HOST:PORT (224.0.0.0 - 239.255.255.255)");
var deployConfigSchema = external_exports.strictObject({
  /** Base URL of the site store nodes fetch from (`lama deploy --store` overrides it). */
  storeUrl: external_exports.url({ protocol: /^https?$/ }).optional(),
  /** Multicast group of cache sessions, HOST:PORT; absent: no pre-fetch, every node fetches from the store. */
  cacheGroup: multicastGroup.optional(),
  /** IPv4 address of the interface cache sessions use ('': each agent's default). */
  cacheInterface: external_exports.string().default(""),
  /** Sending rate of a cache session in bits/s (0: the source agent's default). */
  rateBitsPerSec: external_exports.number().int().min(0).default(0),
  /** How long a cache session may run before it ends best effort (0: the source agent's default). */
  snapshotDeadlineMs: external_exports.number().int().min(0).default(0),
  /** A node without DEPLOYMENT-COMPLETE this long after StartDeployment has timed out (and is cleaned). */
  timeoutMs: external_exports.number().int().min(100).default(6e5),
  /** A node not FREE this long after a cleaning was asked has failed to clean. */
  cleanTimeoutMs: external_exports.number().int().min(100).default(3e5),
  /** A broken progress stream of a registered node is reopened after this long. */
  retryMs: external_exports.number().int().min(10).default(1e3),
  /** While the partition brake holds, a deployment checks again this often. */
  holdPollMs: external_exports.number().int().min(10).default(500),
  /** A node the allocator releases keeps the site's objects in its cache (a later add starts warm). */
  releaseKeepsCache: external_exports.boolean().default(true),
  /** Deployments (and cleanings) kept for `lama deployments`. */
  keep: external_exports.number().int().min(1).max(1e5).default(200)
}).prefault({});

// packages/grand-agent/dist/src/allocator/allocator-config-error.js
var AllocatorConfigError = class extends LamaError {
  key;
  constructor(key, message) {
    super("ERR_ALLOCATOR_CONFIG", `${key}: ${message}`);
    this.key = key;
  }
};

// packages/grand-agent/dist/src/allocator/config.js
var ALLOCATOR_DEFAULTS = {
  capacityPerNode: 100,
  upper: 0.9,
  lower: 0.8,
  periodMs: 2e3,
  minNodes: 1,
  maxNodes: 16,
  cooldownAddMs: 2e4,
  cooldownReleaseMs: 9e4,
  addConfirmMs: 0,
  leadTimeMs: 6e4,
  dryRun: false,
  serverParams: {}
};
var NUMBER_KEYS = ["capacityPerNode", "upper", "lower", "periodMs", "minNodes", "maxNodes", "cooldownAddMs", "cooldownReleaseMs", "addConfirmMs", "leadTimeMs"];
var KEYS = /* @__PURE__ */ new Set(["role", "metric", "dryRun", "serverParams", ...NUMBER_KEYS]);
function parseAllocatorConfig(raw, path = "allocator") {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    throw new AllocatorConfigError(path, `expected an object, got ${JSON.stringify(raw)}`);
  const obj = raw;
  for (const key of Object.keys(obj))
    if (!KEYS.has(key))
      throw new AllocatorConfigError(`${path}.${key}`, `unknown key (known: ${[...KEYS].join(", ")})`);
  const fail = (key, want) => {
    throw new AllocatorConfigError(`${path}.${key}`, `must be ${want}; got ${JSON.stringify(obj[key])}`);
  };
  for (const key of ["role", "metric"])
    if (typeof obj[key] !== "string" || obj[key] === "")
      fail(key, "a non-empty string");
  const c = { ...ALLOCATOR_DEFAULTS, ...obj };
  for (const key of NUMBER_KEYS)
    if (typeof c[key] !== "number" || !Number.isFinite(c[key]))
      fail(key, "a finite number");
  if (c.capacityPerNode <= 0)
    fail("capacityPerNode", "positive");
  if (!(c.upper > 0 && c.upper <= 1))
    fail("upper", "in (0, 1]");
  if (!(c.lower > 0 && c.lower < c.upper))
    fail("lower", `in (0, upper = ${c.upper})`);
  if (c.periodMs <= 0)
    fail("periodMs", "positive");
  if (!Number.isInteger(c.minNodes) || c.minNodes < 0)
    fail("minNodes", "an integer \u2265 0");
  if (!Number.isInteger(c.maxNodes) || c.maxNodes < Math.max(1, c.minNodes))
    fail("maxNodes", `an integer \u2265 max(1, minNodes = ${c.minNodes})`);
  for (const key of ["cooldownAddMs", "cooldownReleaseMs", "addConfirmMs", "leadTimeMs"])
    if (c[key] < 0)
      fail(key, "\u2265 0");
  if (typeof c.dryRun !== "boolean")
    fail("dryRun", "true or false");
  const params = c.serverParams;
  if (typeof params !== "object" || params === null || Array.isArray(params) || Object.values(params).some((v) => typeof v !== "string")) {
    fail("serverParams", "an object of string values");
  }
  return c;
}

// packages/grand-agent/dist/src/predictors/predictor.js
function acceptable(latestT, t, value) {
  return Number.isFinite(t) && Number.isFinite(value) && (latestT === void 0 || t > latestT);
}
function periods(spanMs, sampleMs) {
  return Math.max(0, Math.round(spanMs / sampleMs));
}

// packages/grand-agent/dist/src/predictors/sample-window.js
var SampleWindow = class {
  historyMs;
  sampleMs;
  samples = [];
  constructor(historyMs, sampleMs) {
    this.historyMs = historyMs;
    this.sampleMs = sampleMs;
  }
  /** Adds a sample (if acceptable) and drops those older than historyMs before it; returns whether it was kept. */
  push(t, value) {
    if (!acceptable(this.latest?.t, t, value))
      return false;
    this.samples.push({ t, value });
    const oldest = t - this.historyMs;
    let drop = 0;
    while (drop < this.samples.length && this.samples[drop].t <= oldest)
      drop++;
    if (drop > 0)
      this.samples.splice(0, drop);
    return true;
  }
  get latest() {
    return this.samples[this.samples.length - 1];
  }
  get size() {
    return this.samples.length;
  }
  values() {
    return this.samples.map((s) => s.value);
  }
  /** Consecutive samples one period apart (within half a period): [previous, next] value pairs. */
  lagPairs() {
    const out = [];
    for (let i = 1; i < this.samples.length; i++) {
      const dt = this.samples[i].t - this.samples[i - 1].t;
      if (Math.abs(dt - this.sampleMs) <= this.sampleMs / 2)
        out.push([this.samples[i - 1].value, this.samples[i].value]);
    }
    return out;
  }
};
function fitAr1(pairs) {
  const n = pairs.length;
  let mx = 0;
  let my = 0;
  for (const [x, y] of pairs) {
    mx += x;
    my += y;
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  for (const [x, y] of pairs) {
    sxx += (x - mx) * (x - mx);
    sxy += (x - mx) * (y - my);
  }
  if (sxx <= 1e-12 * Math.max(1, mx * mx) * n)
    return { c: my, phi: 0 };
  const phi = Math.min(1, Math.max(-1, sxy / sxx));
  return { c: my - phi * mx, phi };
}
function iterateAr1(c, phi, x0, k) {
  if (k === 0)
    return x0;
  if (Math.abs(1 - phi) < 1e-9)
    return x0 + k * c;
  const mean = c / (1 - phi);
  return mean + Math.pow(phi, k) * (x0 - mean);
}

// packages/grand-agent/dist/src/predictors/ar1-diff-predictor.js
function ar1DiffPredictor(options2 = {}) {
  const sampleMs = options2.sampleMs ?? 2e3;
  const window = new SampleWindow(options2.historyMs ?? 12e4, sampleMs);
  const minPairs = options2.minPairs ?? 5;
  const diffs = new SampleWindow(options2.historyMs ?? 12e4, sampleMs);
  let fit;
  return {
    name: "ar1-diff",
    observe(t, value) {
      const before = window.latest;
      if (!window.push(t, value))
        return;
      const adjacent = before !== void 0 && Math.abs(t - before.t - sampleMs) <= sampleMs / 2;
      if (adjacent)
        diffs.push(t, value - before.value);
      const pairs = diffs.lagPairs();
      if (pairs.length < minPairs) {
        fit = void 0;
        return;
      }
      const { c, phi } = fitAr1(pairs);
      const mean = Math.abs(1 - phi) < 1e-9 ? c : c / (1 - phi);
      fit = { c, phi, lastDiff: adjacent ? diffs.latest?.value ?? mean : mean };
    },
    forecast(horizonMs) {
      const last = window.latest;
      if (!fit || !last)
        return void 0;
      let x = last.value;
      let d = fit.lastDiff;
      for (let k = periods(horizonMs, sampleMs); k > 0; k--) {
        d = fit.c + fit.phi * d;
        x += d;
      }
      return x;
    }
  };
}

// packages/grand-agent/dist/src/predictors/ar1-predictor.js
function ar1Predictor(options2 = {}) {
  const sampleMs = options2.sampleMs ?? 2e3;
  const window = new SampleWindow(options2.historyMs ?? 4e4, sampleMs);
  const minPairs = options2.minPairs ?? 3;
  let fit;
  return {
    name: "ar1",
    observe(t, value) {
      if (!window.push(t, value))
        return;
      const pairs = window.lagPairs();
      fit = pairs.length >= minPairs ? fitAr1(pairs) : void 0;
    },
    forecast(horizonMs) {
      const last = window.latest;
      if (!fit || !last)
        return void 0;
      return iterateAr1(fit.c, fit.phi, last.value, periods(horizonMs, sampleMs));
    }
  };
}

// packages/grand-agent/dist/src/predictors/holt-predictor.js
var HOLT_DEFAULTS = { alpha: 0.1, beta: 0.05, damping: 1, sampleMs: 2e3, minSamples: 10 };
function holtPredictor(options2 = {}) {
  const o = { ...HOLT_DEFAULTS, ...options2 };
  let latestT;
  let level = 0;
  let trend = 0;
  let seen = 0;
  return {
    name: "holt",
    observe(t, value) {
      if (!acceptable(latestT, t, value))
        return;
      if (latestT === void 0) {
        level = value;
      } else {
        const k = Math.max(1e-6, (t - latestT) / o.sampleMs);
        const projected = level + trend * dampedSteps(o.damping, k);
        const a = 1 - Math.pow(1 - o.alpha, k);
        const next = a * value + (1 - a) * projected;
        trend = o.beta * ((next - level) / k) + (1 - o.beta) * trend * Math.pow(o.damping, k);
        level = next;
      }
      latestT = t;
      seen++;
    },
    forecast(horizonMs) {
      if (seen < o.minSamples)
        return void 0;
      return level + trend * dampedSteps(o.damping, Math.max(0, horizonMs) / o.sampleMs);
    }
  };
}
function dampedSteps(phi, k) {
  return phi >= 1 ? k : phi * (1 - Math.pow(phi, k)) / (1 - phi);
}

// packages/grand-agent/dist/src/predictors/predictor-config-error.js
var PredictorConfigError = class extends LamaError {
  key;
  constructor(key, message) {
    super("ERR_PREDICTOR_CONFIG", `${key}: ${message}`);
    this.key = key;
  }
};

// packages/grand-agent/dist/src/predictors/threshold-predictor.js
function thresholdPredictor() {
  let latestT;
  let last;
  return {
    name: "threshold",
    observe(t, value) {
      if (!acceptable(latestT, t, value))
        return;
      latestT = t;
      last = value;
    },
    forecast: () => last
  };
}

// packages/grand-agent/dist/src/predictors/create-predictor.js
var DEFAULT_PREDICTOR = { kind: "holt" };
var positive = (v) => v > 0;
var unit = (v) => v > 0 && v <= 1;
var count = (v) => Number.isInteger(v) && v >= 1;
var RULES = {
  threshold: {},
  ar1: {
    historyMs: [positive, "a positive number of ms"],
    sampleMs: [positive, "a positive number of ms"],
    minPairs: [count, "an integer \u2265 1"]
  },
  "ar1-diff": {
    historyMs: [positive, "a positive number of ms"],
    sampleMs: [positive, "a positive number of ms"],
    minPairs: [count, "an integer \u2265 1"]
  },
  holt: {
    alpha: [unit, "a number in (0, 1]"],
    beta: [unit, "a number in (0, 1]"],
    damping: [unit, "a number in (0, 1]"],
    sampleMs: [positive, "a positive number of ms"],
    minSamples: [count, "an integer \u2265 1"]
  }
};
function parsePredictorSpec(raw, path = "predictor") {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new PredictorConfigError(path, `expected an object like { kind: 'holt' }, got ${JSON.stringify(raw)}`);
  }
  const obj = raw;
  const kind = obj.kind;
  if (typeof kind !== "string" || !Object.hasOwn(RULES, kind)) {
    throw new PredictorConfigError(`${path}.kind`, `must be one of ${Object.keys(RULES).join(", ")}; got ${JSON.stringify(kind)}`);
  }
  const rules = RULES[kind];
  for (const [key, value] of Object.entries(obj)) {
    if (key === "kind")
      continue;
    const rule = rules[key];
    if (!rule) {
      const known = Object.keys(rules);
      throw new PredictorConfigError(`${path}.${key}`, `unknown option for kind '${kind}'${known.length ? ` (known: ${known.join(", ")})` : " (it takes none)"}`);
    }
    if (typeof value !== "number" || !Number.isFinite(value) || !rule[0](value)) {
      throw new PredictorConfigError(`${path}.${key}`, `must be ${rule[1]}; got ${JSON.stringify(value)}`);
    }
  }
  return obj;
}
function createPredictor(spec = DEFAULT_PREDICTOR, path = "predictor") {
  const s = parsePredictorSpec(spec, path);
  switch (s.kind) {
    case "threshold":
      return thresholdPredictor();
    case "ar1":
      return ar1Predictor(options(s));
    case "ar1-diff":
      return ar1DiffPredictor(options(s));
    case "holt":
      return holtPredictor(options(s));
  }
}
function options(spec) {
  const { kind: _kind, ...rest } = spec;
  return rest;
}

// packages/grand-agent/dist/src/monitor/metric.js
function metricValues(s) {
  const out = {
    cpu: s.cpuUtilization * 100,
    rxMbps: s.rxBitsPerSec / 1e6,
    txMbps: s.txBitsPerSec / 1e6
  };
  for (const a of s.adapters)
    for (const [k, v] of Object.entries(a.metrics))
      out[`${a.name}.${k}`] = v;
  return out;
}
function metricValue(s, metric) {
  const dot = metric.indexOf(".");
  if (dot > 0) {
    const adapter = s.adapters.find((a) => a.name === metric.slice(0, dot));
    const v2 = adapter?.metrics[metric.slice(dot + 1)];
    return typeof v2 === "number" && Number.isFinite(v2) ? v2 : 0;
  }
  const v = metricValues(s)[metric];
  return v ?? Number.NaN;
}
function checkMetricName(metric) {
  if (["cpu", "rxMbps", "txMbps"].includes(metric))
    return void 0;
  if (/^[a-z][a-z0-9-]{0,31}\.[A-Za-z0-9_:./-]+$/.test(metric))
    return void 0;
  return `metric '${metric}' is neither cpu, rxMbps, txMbps nor ADAPTER.METRIC (e.g. stream.listeners)`;
}

// packages/grand-agent/dist/src/config/grand-config.js
var NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
var ADAPTER = /^[a-z][a-z0-9-]{0,31}$/;
var dispatcherSchema = external_exports.strictObject({
  node: external_exports.string().regex(NAME, "a node name"),
  adapter: external_exports.string().regex(ADAPTER, "an adapter name on that node"),
  /** The parameter that holds the members, as IP:PORT[=weight],... (apache's and the redirector's `members`). */
  param: external_exports.string().min(1).default("members"),
  /** How long a released node stays out of the dispatcher before it is stopped. */
  drainMs: external_exports.number().int().min(0).max(6e5).default(2e3)
});
var serviceSchema = external_exports.looseObject({
  name: external_exports.string().regex(NAME, '1-64 letters, digits, ".", "_" or "-"'),
  /** The adapter that runs this service on a capable node (Set, Start, Stop go to it). */
  adapter: external_exports.string().regex(ADAPTER, "an adapter name"),
  predictor: external_exports.unknown().optional(),
  dispatcher: dispatcherSchema.optional(),
  /** SITE[@VERSION]: a node the allocator adds is deployed with this site first (FREE nodes only), and cleaned when released. */
  site: external_exports.string().optional()
});
var grandConfigSchema = external_exports.strictObject({
  /** The grand agent's name: its credential's (the registrar accepts no other); if set, it must equal it. */
  name: external_exports.string().regex(NAME, '1-64 letters, digits, ".", "_" or "-"').optional(),
  credential: external_exports.string().min(1, "path of a credential with roles 'lookup' and 'controller'"),
  listen: hostPortSchema.default("0.0.0.0:4160"),
  advertiseHost: external_exports.string().min(1).optional(),
  /** Serve a lookup service on `listen` (the default); false uses only existing lookup services. */
  embeddedLookup: external_exports.boolean().default(true),
  groups: external_exports.array(groupSchema).default([]),
  lookups: external_exports.array(hostPortSchema).default([]),
  multicast: multicastSchema,
  maxLeaseMs: external_exports.number().int().min(1e3).optional(),
  announceIntervalMs: external_exports.number().int().min(100).default(1e4),
  /** The grand agent's own registration lease. */
  leaseMs: external_exports.number().int().min(100).max(36e5).default(1e4),
  monitor: external_exports.strictObject({
    /** WatchStatus interval asked of every agent: the longest time between two statuses. */
    intervalMs: external_exports.number().int().min(100).default(2e3),
    /** The shortest: a change that a decision uses (adapter state, life cycle, problems, load moving) comes this soon. */
    minIntervalMs: external_exports.number().int().min(100).default(250),
    /** Samples kept per node (a ring; 300 × 2 s = 10 minutes). */
    historySamples: external_exports.number().int().min(2).max(1e5).default(300)
  }).prefault({}),
  alerts: external_exports.strictObject({
    webhooks: external_exports.array(external_exports.url({ protocol: /^https?$/ })).default([]),
    partitionWindowMs: external_exports.number().int().min(100).default(1e4),
    partitionShare: external_exports.number().gt(0).max(1).default(0.3),
    partitionMinNodes: external_exports.number().int().min(2).default(3),
    partitionHoldMs: external_exports.number().int().min(1e3).default(3e5),
    /** An expiry waits this long for others that would make a partition before it is a lease-expired alert. */
    settleMs: external_exports.number().int().min(0).max(1e4).default(500),
    /** The agents' lease: expiries of nodes cut off together spread over a third of it, and the settle window covers that. */
    nodeLeaseMs: external_exports.number().int().min(100).max(36e5).optional()
  }).prefault({}),
  services: external_exports.array(serviceSchema).default([]),
  /**
   * Where the grand agent keeps what must survive it (the deployments' records, the adds and
   * releases under way); absent: memory only, and a restart forgets work under way.
   */
  stateDir: external_exports.string().min(1).optional(),
  /** After a restart, how long the nodes of work left open may take to be back in the pool before it is given up. */
  resumeWaitMs: external_exports.number().int().min(100).default(6e4),
  deploy: deployConfigSchema,
  prometheus: prometheusSchema,
  logLevel: external_exports.enum(["trace", "debug", "info", "warn", "error", "silent"]).default("info")
});
function parseGrandConfig(raw, source = "config") {
  const r = grandConfigSchema.safeParse(raw);
  if (!r.success)
    throw configErrorOf(r.error, source);
  const services = [];
  const seen = /* @__PURE__ */ new Set();
  r.data.services.forEach((s, i) => {
    const path = `services[${i}]`;
    if (seen.has(s.name))
      throw new ConfigError(`${source}: ${path}.name: the name '${s.name}' is used twice`);
    seen.add(s.name);
    const { name, adapter, predictor, dispatcher, site, ...allocatorRaw } = s;
    let siteRef;
    try {
      if (site !== void 0) {
        const ref = parseSiteRef(site);
        siteRef = { site: ref.site, version: ref.version ?? 0 };
      }
    } catch (err) {
      throw new ConfigError(`${source}: ${path}.site: ${err.message}`);
    }
    try {
      services.push({
        name,
        adapter,
        dispatcher,
        ...siteRef && { site: siteRef },
        predictor: predictor === void 0 ? { kind: "holt" } : parsePredictorSpec(predictor, `${path}.predictor`),
        allocator: parseAllocatorConfig(allocatorRaw, path)
      });
    } catch (err) {
      throw new ConfigError(`${source}: ${err.message}`);
    }
    const bad = checkMetricName(services[services.length - 1].allocator.metric);
    if (bad)
      throw new ConfigError(`${source}: ${path}.metric: ${bad}`);
    const d = dispatcher;
    if (d && d.node === void 0)
      throw new ConfigError(`${source}: ${path}.dispatcher.node: required`);
  });
  return { ...r.data, services };
}

// packages/grand-agent/dist/src/grand/grand-agent.js
import { mkdirSync } from "node:fs";
import { join } from "node:path";

// packages/grand-agent/dist/src/alerts/alert-manager.js
var AlertManager = class {
  subject = new Subject();
  kept = [];
  recent = [];
  partition;
  /** Expiries whose alert waits out the settle window, by node. */
  pending = /* @__PURE__ */ new Map();
  /** When each node's lease last expired: a deployment it died in raises no second alert for it. */
  expiredAt = /* @__PURE__ */ new Map();
  nextId = 1;
  /** Alerts ever raised, by kind (the kept list is bounded). */
  raised = { "lease-expired": 0, partition: 0, "partition-cleared": 0, "deployment-failed": 0 };
  clock;
  o;
  /** How long an expiry waits for the others of a partition: the renewal spread plus settleMs. */
  settleWindowMs;
  constructor(options2 = {}) {
    this.clock = options2.clock ?? systemClock;
    this.o = {
      partitionWindowMs: options2.partitionWindowMs ?? 1e4,
      partitionShare: options2.partitionShare ?? 0.3,
      partitionMinNodes: options2.partitionMinNodes ?? 3,
      partitionHoldMs: options2.partitionHoldMs ?? 3e5,
      keep: options2.keep ?? 1e3,
      settleMs: options2.settleMs ?? 500
    };
    this.settleWindowMs = Math.ceil((options2.nodeLeaseMs ?? 0) * DEFAULT_RENEW_AT) + this.o.settleMs;
  }
  /** Every alert as it is raised. */
  get alerts() {
    return this.subject.asObservable();
  }
  /** The alerts kept so far, oldest first. */
  list() {
    return [...this.kept];
  }
  /** Why allocation must wait, or undefined. */
  get holdReason() {
    if (this.partition)
      return `partition: ${this.partition.nodes.size} nodes expired together (${[...this.partition.nodes].join(", ")})`;
    if (this.pending.size)
      return `settling: ${[...this.pending.keys()].join(", ")} expired less than ${this.settleWindowMs} ms ago (a failure or a partition?)`;
    return void 0;
  }
  raise(kind, message, extra, at = this.clock.now()) {
    const alert = { id: this.nextId++, kind, at: new Date(at).toISOString(), raisedAt: new Date(this.clock.now()).toISOString(), message, ...extra };
    this.kept.push(alert);
    this.raised[kind]++;
    if (this.kept.length > this.o.keep)
      this.kept.splice(0, this.kept.length - this.o.keep);
    this.subject.next(alert);
    return alert;
  }
  /**
   * A node left the pool. An expiry becomes a lease-expired alert once the settle window
   * passes without a partition, or part of the partition alert that the expiries within
   * the window make; a cancelled lease raises nothing. Returns the partition alert if this
   * departure raised one.
   */
  departed(d) {
    if (d.reason !== "EXPIRED")
      return void 0;
    const now = this.clock.now();
    this.expiredAt.set(d.node, now);
    this.recent.push({ at: now, node: d.node });
    while (this.recent.length && now - this.recent[0].at > this.o.partitionWindowMs)
      this.recent.shift();
    if (this.partition) {
      this.partition.nodes.add(d.node);
      this.armClear();
      return void 0;
    }
    const nodes = new Set(this.recent.map((r) => r.node));
    const poolBefore = d.poolSize + nodes.size - 1;
    if (nodes.size >= Math.max(this.o.partitionMinNodes, Math.ceil(this.o.partitionShare * poolBefore))) {
      for (const p of this.pending.values())
        p.timer.cancel();
      this.pending.clear();
      this.partition = { nodes, back: /* @__PURE__ */ new Set() };
      this.armClear();
      return this.raise("partition", `${nodes.size} of ${poolBefore} nodes' leases expired within ${this.o.partitionWindowMs / 1e3} s: a partition, not ${nodes.size} dead nodes; allocation holds until it clears`, { nodes: [...nodes] });
    }
    this.pending.get(d.node)?.timer.cancel();
    const timer = this.clock.setTimer(() => this.settled(d.node), this.settleWindowMs);
    this.pending.set(d.node, { departure: d, at: now, timer });
    return void 0;
  }
  settled(node) {
    const p = this.pending.get(node);
    if (!p)
      return;
    this.pending.delete(node);
    const d = p.departure;
    const was = d.lifecycle && d.lifecycle !== "FREE" ? ` (it was ${d.lifecycle})` : "";
    this.raise("lease-expired", `node ${d.node} stopped renewing its lease: it is presumed failed${was}`, {
      node: d.node,
      serviceId: d.serviceId,
      roles: d.roles,
      endpoint: d.endpoint,
      lastStatus: d.lastStatus
    }, p.at);
  }
  /**
   * A deployment ended with nodes that failed or timed out: one deployment-failed alert naming
   * them and why. A node whose lease expired while it was in the deployment is left out: its
   * death already has its alert (lease-expired, or the partition's), the cause an operator
   * acts on; the deployment's record keeps its failure. Nothing is raised when no other node
   * failed.
   */
  deploymentFailed(d) {
    const bad = d.nodes.filter((n) => n.state !== "complete");
    const died = (n) => {
      const at = this.expiredAt.get(n.node);
      return at !== void 0 && n.startedAt !== void 0 && at >= n.startedAt && at <= (n.endedAt ?? this.clock.now());
    };
    const alerted = bad.filter((n) => !died(n));
    if (alerted.length === 0)
      return void 0;
    const dead = bad.filter(died).map((n) => n.node);
    const what = alerted.map((n) => `${n.node} ${n.state}${n.reason ? ` (${n.reason})` : ""}${n.cleanup ? `, cleanup ${n.cleanup}` : ""}`).join("; ");
    const also = dead.length ? `; and ${dead.join(", ")}, whose lease expired during it (alerted as such)` : "";
    return this.raise("deployment-failed", `deployment ${d.id} of ${d.site}${d.version ? `@${d.version}` : ""}: ${bad.length} of ${d.nodes.length} nodes did not complete: ${what}${also}`, {
      nodes: alerted.map((n) => n.node),
      deploymentId: d.id,
      site: d.site,
      version: d.version
    });
  }
  /** A node (re)joined: counts towards clearing a partition, and its earlier expiry no longer counts towards one. */
  arrived(node) {
    for (let i = this.recent.length - 1; i >= 0; i--)
      if (this.recent[i].node === node)
        this.recent.splice(i, 1);
    const p = this.partition;
    if (!p || !p.nodes.has(node))
      return;
    p.back.add(node);
    if (p.back.size * 2 >= p.nodes.size)
      this.clear(`${p.back.size} of ${p.nodes.size} nodes are back`);
  }
  armClear() {
    const p = this.partition;
    if (!p)
      return;
    p.timer?.cancel();
    p.timer = this.clock.setTimer(() => this.clear(`no further expiries for ${this.o.partitionHoldMs / 1e3} s`), this.o.partitionHoldMs);
  }
  clear(why) {
    const p = this.partition;
    if (!p)
      return;
    p.timer?.cancel();
    this.partition = void 0;
    this.recent.length = 0;
    this.raise("partition-cleared", `partition cleared: ${why}; allocation resumes`, { nodes: [...p.nodes] });
  }
  /** Stops timers and completes the stream (expiries still settling raise nothing). */
  async stop() {
    for (const p of this.pending.values())
      p.timer.cancel();
    this.pending.clear();
    this.partition?.timer?.cancel();
    this.subject.complete();
  }
};

// packages/grand-agent/dist/src/alerts/webhook.js
var WebhookSender = class {
  o;
  clock;
  stopped = false;
  /** Delivery outcomes, for logs and tests. */
  results = [];
  constructor(o) {
    this.o = o;
    this.clock = o.clock ?? systemClock;
    const u = new URL(o.url);
    if (u.protocol !== "http:" && u.protocol !== "https:")
      throw new InvalidArgumentError(`webhook URL ${o.url} must be http or https`);
  }
  /** Where it posts (without any password in the URL). */
  get url() {
    const u = new URL(this.o.url);
    u.password = "";
    return u.toString();
  }
  /** Sends one alert; resolves when it was accepted or every attempt failed. */
  async send(alert) {
    const attempts = this.o.attempts ?? 6;
    let waitMs = this.o.backoffMs ?? 1e3;
    let error = "";
    for (let i = 1; i <= attempts && !this.stopped; i++) {
      try {
        const res = await fetch(this.o.url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(alert),
          signal: AbortSignal.timeout(this.o.timeoutMs ?? 5e3)
        });
        if (res.ok) {
          this.results.push({ id: alert.id, ok: true, attempts: i });
          return true;
        }
        error = `HTTP ${res.status}`;
      } catch (err) {
        error = err.message;
      }
      if (i < attempts) {
        await delay(this.clock, waitMs);
        waitMs *= 2;
      }
    }
    this.results.push({ id: alert.id, ok: false, attempts, error });
    return false;
  }
  /** Abandons the retries still waiting; a send after this tries nothing. */
  async stop() {
    this.stopped = true;
  }
};

// packages/grand-agent/dist/src/common/ring-buffer.js
var RingBuffer = class {
  capacity;
  ring;
  next = 0;
  count = 0;
  constructor(capacity, what = "RingBuffer") {
    this.capacity = capacity;
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`${what} capacity must be an integer \u2265 1, got ${capacity}`);
    this.ring = new Array(capacity);
  }
  /** Adds a value, dropping the oldest when full. */
  push(value) {
    this.ring[this.next] = value;
    this.next = (this.next + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
  }
  get size() {
    return this.count;
  }
  /** The newest value, if any. */
  get latest() {
    return this.count ? this.ring[(this.next - 1 + this.capacity) % this.capacity] : void 0;
  }
  /** The kept values, oldest first. */
  values() {
    const out = [];
    for (let i = 0; i < this.count; i++)
      out.push(this.ring[(this.next - this.count + i + this.capacity) % this.capacity]);
    return out;
  }
};

// packages/grand-agent/dist/src/monitor/node-series.js
var NodeSeries = class extends RingBuffer {
  constructor(capacity) {
    super(capacity, "NodeSeries");
  }
  /** Kept samples, oldest first. */
  samples() {
    return this.values();
  }
};

// packages/grand-agent/dist/src/monitor/monitor.js
var ENDPOINT_ENTRY = "lama.Endpoint";
var Monitor = class {
  o;
  nodes = /* @__PURE__ */ new Map();
  watches = /* @__PURE__ */ new Map();
  subject = new Subject();
  clock;
  cache;
  sub;
  constructor(o) {
    this.o = o;
    this.clock = o.clock ?? systemClock;
  }
  /** Joined / changed / status / left, as they happen. */
  get events() {
    return this.subject.asObservable();
  }
  /** Every registered agent now. */
  list() {
    return [...this.nodes.values()];
  }
  /** The node with this name, if registered. */
  byName(name) {
    for (const n of this.nodes.values())
      if (n.name === name)
        return n;
    return void 0;
  }
  /** The node's lease as the lookup services last said (the latest expiry over those holding its item). */
  lease(node) {
    return this.cache?.lease(node.serviceId);
  }
  /** Follows the agents registered with every lookup service the discovery manager finds. */
  async start(discovery) {
    if (this.cache)
      return;
    this.cache = new LookupCache({ credential: this.o.credential, discovery, template: { serviceTypes: [AGENT_SERVICE_TYPE] }, clock: this.o.clock, leaseRenewals: true });
    this.sub = this.cache.events.subscribe((e) => {
      if (e.type === "added")
        this.added(e.item);
      else if (e.type === "changed")
        this.changed(e.item);
      else
        this.removed(e.item, e.reason);
    });
    await this.cache.start();
  }
  /** Closes the cache and every status stream, and completes events. */
  async stop() {
    this.sub?.unsubscribe();
    await this.cache?.stop();
    for (const id of [...this.nodes.keys()])
      this.close(id);
    this.nodes.clear();
    this.subject.complete();
  }
  describe(item) {
    const serviceEndpoints = {};
    for (const e of item.attributes)
      if (e.type === ENDPOINT_ENTRY && e.fields.adapter && e.fields.endpoint)
        serviceEndpoints[e.fields.adapter] = e.fields.endpoint;
    return { name: entryValues(item.attributes, NAME_ENTRY, "name")[0] ?? item.serviceId, roles: entryValues(item.attributes, ROLE_ENTRY, "role"), serviceEndpoints };
  }
  added(item) {
    const client = this.o.clientFactory?.(item.endpoint, item.owner) ?? new AgentClient(item.endpoint, this.o.credential, 1e4, { node: item.owner });
    const node = { serviceId: item.serviceId, endpoint: item.endpoint, item, series: new NodeSeries(this.o.historySamples), client, ...this.describe(item) };
    this.nodes.set(item.serviceId, node);
    this.watches.set(item.serviceId, { retryMs: 500 });
    this.open(node);
    this.subject.next({ type: "joined", node });
  }
  changed(item) {
    const node = this.nodes.get(item.serviceId);
    if (!node)
      return this.added(item);
    if (node.endpoint !== item.endpoint) {
      this.close(item.serviceId);
      this.nodes.delete(item.serviceId);
      return this.added(item);
    }
    Object.assign(node, { item, ...this.describe(item) });
    this.subject.next({ type: "changed", node });
  }
  removed(item, reason) {
    const node = this.nodes.get(item.serviceId);
    if (!node)
      return;
    const poolSize = this.nodes.size;
    this.close(item.serviceId);
    this.nodes.delete(item.serviceId);
    this.subject.next({ type: "left", node, reason, poolSize });
  }
  open(node) {
    const w = this.watches.get(node.serviceId);
    if (!w)
      return;
    w.subscription = node.client.watchStatus(this.o.intervalMs, { minIntervalMs: this.o.minIntervalMs, earlyMetrics: this.o.earlyMetrics }).subscribe({
      next: (s) => {
        w.retryMs = 500;
        node.status = s;
        node.statusAt = this.clock.now();
        node.series.push({ at: node.statusAt, values: metricValues(s) });
        this.subject.next({ type: "status", node });
      },
      error: (err) => this.retry(node, err),
      complete: () => this.retry(node, new Error("status stream ended"))
    });
  }
  retry(node, err) {
    const w = this.watches.get(node.serviceId);
    if (!w)
      return;
    this.o.onStreamError?.(node.name, err);
    w.subscription?.unsubscribe();
    w.timer = this.clock.setTimer(() => {
      if (this.watches.get(node.serviceId) === w)
        this.open(node);
    }, jitter(w.retryMs));
    w.retryMs = Math.min(w.retryMs * 2, 5e3);
  }
  close(serviceId) {
    const w = this.watches.get(serviceId);
    this.watches.delete(serviceId);
    w?.timer?.cancel();
    w?.subscription?.unsubscribe();
    this.nodes.get(serviceId)?.client.close();
  }
};

// packages/grand-agent/dist/src/grand/grand-wire.js
function alertToWire(a) {
  return {
    id: a.id,
    kind: a.kind,
    at: a.at,
    raisedAt: a.raisedAt,
    message: a.message,
    node: a.node ?? "",
    serviceId: a.serviceId ?? "",
    roles: a.roles ?? [],
    endpoint: a.endpoint ?? "",
    lastStatusJson: a.lastStatus === void 0 ? "" : JSON.stringify(a.lastStatus),
    nodes: a.nodes ?? [],
    deploymentId: a.deploymentId ?? "",
    site: a.site ?? "",
    version: a.version ?? 0
  };
}
function alertFromWire(w) {
  return {
    id: w.id,
    kind: w.kind,
    at: w.at,
    raisedAt: w.raisedAt,
    message: w.message,
    ...w.node && { node: w.node },
    ...w.serviceId && { serviceId: w.serviceId },
    ...w.roles.length && { roles: w.roles },
    ...w.endpoint && { endpoint: w.endpoint },
    ...w.lastStatusJson && { lastStatus: JSON.parse(w.lastStatusJson) },
    ...w.nodes.length && { nodes: w.nodes },
    ...w.deploymentId && { deploymentId: w.deploymentId },
    ...w.site && { site: w.site },
    ...w.deploymentId && { version: w.version }
  };
}
function decisionToWire(d) {
  const inputs = {};
  for (const [k, v] of Object.entries(d.inputs))
    if (typeof v === "number" && Number.isFinite(v))
      inputs[k] = v;
  return {
    atMs: d.at,
    service: d.service ?? "",
    action: d.action,
    node: d.node ?? "",
    reason: d.reason,
    dryRun: d.dryRun === true,
    intended: d.intended ?? "",
    outcome: d.outcome ?? "",
    inputs,
    holdReason: d.inputs.holdReason ?? "",
    tookSeconds: (d.tookMs ?? 0) / 1e3,
    deployment: d.deployment ?? ""
  };
}
function decisionFromWire(w) {
  return {
    at: new Date(w.atMs).toISOString(),
    service: w.service,
    action: w.action,
    ...w.node && { node: w.node },
    reason: w.reason,
    ...w.dryRun && { dryRun: true },
    ...w.intended && { intended: w.intended },
    ...w.outcome && { outcome: w.outcome, tookSeconds: w.tookSeconds },
    ...w.deployment && { deployment: w.deployment },
    inputs: { ...w.inputs, ...w.holdReason && { holdReason: w.holdReason } }
  };
}

// packages/grand-agent/dist/src/deploy/deployment.js
function totalSeconds(d) {
  return d.startedAt !== void 0 && d.endedAt !== void 0 ? (d.endedAt - d.startedAt) / 1e3 : void 0;
}
function nodeSeconds(n) {
  return n.startedAt !== void 0 && n.endedAt !== void 0 ? (n.endedAt - n.startedAt) / 1e3 : void 0;
}

// packages/grand-agent/dist/src/grand/deployment-wire.js
function deploymentToWire(d) {
  return {
    id: d.id,
    kind: d.kind,
    site: d.site,
    version: d.version,
    state: d.state,
    cacheSource: d.cacheSource ?? "",
    sessionId: d.sessionId ?? "",
    storeUrl: d.storeUrl ?? "",
    createdMs: d.createdAt,
    startedMs: d.startedAt ?? 0,
    endedMs: d.endedAt ?? 0,
    seconds: totalSeconds(d) ?? 0,
    message: d.message,
    nodes: d.nodes.map((n) => ({
      node: n.node,
      state: n.state,
      reason: n.reason ?? "",
      step: n.step,
      steps: n.steps,
      files: n.files,
      bytes: n.bytes,
      filesFromCacheSource: n.filesFromCacheSource,
      filesFromStore: n.filesFromStore,
      seconds: nodeSeconds(n) ?? 0,
      cleanup: n.cleanup ?? ""
    }))
  };
}
var iso = (ms) => ms ? new Date(ms).toISOString() : void 0;
function deploymentFromWire(w) {
  const ended = w.endedMs > 0;
  return {
    id: w.id,
    kind: w.kind,
    site: w.site,
    version: w.version,
    state: w.state,
    ...w.cacheSource && { cacheSource: w.cacheSource },
    ...w.sessionId && { sessionId: w.sessionId },
    ...w.storeUrl && { storeUrl: w.storeUrl },
    created: iso(w.createdMs) ?? "",
    ...w.startedMs && { started: iso(w.startedMs) },
    ...ended && { ended: iso(w.endedMs), seconds: w.seconds },
    message: w.message,
    nodes: w.nodes.map((n) => ({
      node: n.node,
      state: n.state,
      ...n.reason && { reason: n.reason },
      step: n.step,
      steps: n.steps.map((s) => ({ step: s.step, seconds: s.seconds, cpuSeconds: s.cpuSeconds })),
      files: n.files,
      bytes: n.bytes,
      filesFromCacheSource: n.filesFromCacheSource,
      filesFromStore: n.filesFromStore,
      ...n.state !== "deploying" && n.state !== "cleaning" && { seconds: n.seconds },
      ...n.cleanup && { cleanup: n.cleanup }
    }))
  };
}

// packages/grand-agent/dist/src/grand/grand-service.js
var READ = ["controller", "monitor"];
var WRITE = ["controller"];
var POOL_INTERVAL_MS = 2e3;
var MIN_POOL_INTERVAL_MS = 250;
var GRAND_ROLES = {
  ListAlerts: READ,
  ListDecisions: READ,
  Pool: READ,
  WatchAlerts: READ,
  WatchPool: READ,
  WatchDecisions: READ,
  Deploy: WRITE,
  Clean: WRITE,
  ListDeployments: READ,
  WatchDeployments: READ
};
function streamDeployment(target, start, call) {
  let id;
  const early = [];
  const sub = target.deployments.changes.subscribe((d) => {
    if (id === void 0)
      early.push(d);
    else if (d.id === id)
      call.write(deploymentToWire(d));
  });
  let started;
  try {
    started = start();
  } catch (err) {
    sub.unsubscribe();
    throw err;
  }
  id = started.deployment.id;
  call.write(deploymentToWire(started.deployment));
  for (const d of early)
    if (d.id === id)
      call.write(deploymentToWire(d));
  const close = () => sub.unsubscribe();
  call.on("cancelled", close);
  call.on("close", close);
  started.done.then((d) => {
    sub.unsubscribe();
    call.write(deploymentToWire(d));
    call.end();
  }, () => {
    sub.unsubscribe();
    call.end();
  });
}
function grandHandlers(target, verifier, serverName, onRejected) {
  const guard = new AuthGuard(GRAND_ROLES, verifier, { serverName, onRejected });
  return {
    ListAlerts: guard.unary("ListAlerts", (_p, req) => ({ alerts: target.alerts().filter((a) => a.id > req.afterId).map(alertToWire) })),
    ListDecisions: guard.unary("ListDecisions", (_p, req) => ({
      decisions: target.decisions().filter((d) => (!req.service || d.service === req.service) && d.at >= req.sinceMs && (!req.actionsOnly || d.action !== "hold" || d.intended !== void 0)).map(decisionToWire)
    })),
    Pool: guard.unary("Pool", () => target.pool()),
    Deploy: guard.stream("Deploy", (_p, call) => streamDeployment(target, () => target.deployments.deploy({
      site: call.request.site,
      version: call.request.version,
      nodes: call.request.nodes,
      storeUrl: call.request.storeUrl
    }), call)),
    Clean: guard.stream("Clean", (_p, call) => streamDeployment(target, () => target.deployments.clean({ nodes: call.request.nodes, keepCache: call.request.keepCache }), call)),
    ListDeployments: guard.unary("ListDeployments", (_p, req) => ({
      deployments: target.deployments.list().filter((d) => !req.site || d.site === req.site).map(deploymentToWire)
    })),
    WatchAlerts: guard.stream("WatchAlerts", (_p, call) => {
      if (call.request.afterId >= 0) {
        for (const a of target.alerts())
          if (a.id > call.request.afterId)
            call.write(alertToWire(a));
      }
      const sub = target.alertStream().subscribe({ next: (a) => call.write(alertToWire(a)), complete: () => call.end() });
      call.on("cancelled", () => sub.unsubscribe());
      call.on("close", () => sub.unsubscribe());
    }),
    WatchPool: guard.stream("WatchPool", (_p, call) => {
      const interval = call.request.intervalMs === 0 ? POOL_INTERVAL_MS : call.request.intervalMs;
      if (interval < MIN_POOL_INTERVAL_MS)
        throw new InvalidArgumentError(`interval_ms ${interval} is below the minimum ${MIN_POOL_INTERVAL_MS}`);
      let timer;
      const tick = () => {
        if (call.write(target.pool()))
          timer = target.clock.setTimer(tick, interval);
        else
          call.once("drain", () => {
            timer = target.clock.setTimer(tick, interval);
          });
      };
      tick();
      const done = () => timer?.cancel();
      call.on("cancelled", done);
      call.on("close", done);
    }),
    WatchDeployments: guard.stream("WatchDeployments", (_p, call) => {
      if (call.request.replay)
        for (const d of target.deployments.list())
          call.write(deploymentToWire(d));
      const sub = target.deployments.changes.subscribe({ next: (d) => call.write(deploymentToWire(d)), complete: () => call.end() });
      call.on("cancelled", () => sub.unsubscribe());
      call.on("close", () => sub.unsubscribe());
    }),
    WatchDecisions: guard.stream("WatchDecisions", (_p, call) => {
      if (call.request.sinceMs >= 0) {
        for (const d of target.decisions())
          if (d.at >= call.request.sinceMs)
            call.write(decisionToWire(d));
      }
      const sub = target.decisionStream().subscribe({ next: (d) => call.write(decisionToWire(d)), complete: () => call.end() });
      call.on("cancelled", () => sub.unsubscribe());
      call.on("close", () => sub.unsubscribe());
    })
  };
}

// packages/grand-agent/dist/src/allocator/actuator.js
async function applyDecision(d, actuator, serverParams, onDeployment) {
  if (d.dryRun || d.node === void 0)
    return;
  if (d.action === "add") {
    if (actuator.deploy)
      await actuator.deploy(d.node, onDeployment);
    if (Object.keys(serverParams).length > 0)
      await actuator.set(d.node, serverParams);
    await actuator.start(d.node);
    await actuator.addToDispatcher(d.node);
  } else if (d.action === "release") {
    await actuator.drainFromDispatcher(d.node);
    await actuator.stop(d.node);
    if (actuator.clean)
      await actuator.clean(d.node, onDeployment);
  }
}

// packages/grand-agent/dist/src/allocator/algorithm1.js
var fmt = (x) => Number.isInteger(x) ? String(x) : x.toFixed(1);
function capacityOf(node, c) {
  return node.capacity ?? c;
}
function counted(node) {
  return node.pending === "adding" || node.serving && node.pending !== "releasing";
}
function pickIdle(nodes, role, c) {
  return nodes.filter((n) => n.idle && !n.serving && n.pending === void 0 && (n.roles === void 0 || n.roles.includes(role))).sort((a, b) => capacityOf(b, c) - capacityOf(a, c) || a.load - b.load || a.name.localeCompare(b.name))[0];
}
function pickVictim(nodes, c) {
  return nodes.filter((n) => n.serving && n.pending === void 0).sort((a, b) => a.load / capacityOf(a, c) - b.load / capacityOf(b, c) || a.name.localeCompare(b.name))[0];
}
function decide(input) {
  const { config: cfg, nodes, now } = input;
  const C = cfg.capacityPerNode;
  const counting = nodes.filter(counted);
  const n = counting.length;
  const total = counting.reduce((s, node) => s + capacityOf(node, C), 0);
  const servingNodes = nodes.filter((node) => node.serving && node.pending !== "releasing");
  const servingCapacity = servingNodes.reduce((s, node) => s + capacityOf(node, C), 0);
  const sum = nodes.filter((node) => node.serving).reduce((s, node) => s + (Number.isFinite(node.load) ? node.load : 0), 0);
  const forecast = finite(input.forecast);
  const level = finite(input.level);
  const demand = forecast !== void 0 ? Math.max(forecast, level ?? -Infinity) : level ?? sum;
  const victim = pickVictim(nodes, C);
  const idle = pickIdle(nodes, cfg.role, C);
  const inputs = {
    role: cfg.role,
    metric: cfg.metric,
    sum,
    ...forecast !== void 0 && { forecast },
    ...level !== void 0 && { level },
    demand,
    n,
    serving: servingNodes.length,
    adding: nodes.filter((node) => node.pending === "adding").length,
    capacity: C,
    total,
    servingCapacity,
    upper: cfg.upper,
    lower: cfg.lower,
    upperBound: cfg.upper * total,
    ...victim && { lowerBound: cfg.lower * (servingCapacity - capacityOf(victim, C)) },
    minNodes: cfg.minNodes,
    maxNodes: cfg.maxNodes,
    ...input.holdReason !== void 0 && { holdReason: input.holdReason }
  };
  const hold = (reason) => ({ at: now, action: "hold", reason, inputs });
  const what = `${forecast !== void 0 ? "forecast" : "sum"} ${fmt(demand)}`;
  if (input.holdReason !== void 0)
    return hold(`hold: ${input.holdReason}`);
  const add = (why, bypassCooldown) => {
    if (n >= cfg.maxNodes)
      return hold(`${why}, but N = ${n} is maxNodes`);
    const until = (input.lastAddAt ?? -Infinity) + cfg.cooldownAddMs;
    if (!bypassCooldown && now < until)
      return hold(`${why}, but adds cool down for ${Math.ceil((until - now) / 1e3)} s more`);
    if (!idle)
      return hold(`${why}, but no idle node has role ${cfg.role}`);
    return { at: now, action: "add", node: idle.name, reason: why, inputs };
  };
  const release = (why, bypassCooldown) => {
    if (!victim)
      return hold(`${why}, but no serving node is free to release`);
    if (n - 1 < cfg.minNodes)
      return hold(`${why}, but N = ${n} is minNodes`);
    const last = Math.max(input.lastAddAt ?? -Infinity, input.lastReleaseAt ?? -Infinity);
    const until = last + cfg.cooldownReleaseMs;
    if (!bypassCooldown && now < until)
      return hold(`${why}, but releases cool down for ${Math.ceil((until - now) / 1e3)} s more`);
    return { at: now, action: "release", node: victim.name, reason: why, inputs };
  };
  if (n < cfg.minNodes)
    return add(`N = ${n} is below minNodes ${cfg.minNodes}`, true);
  if (n > cfg.maxNodes)
    return release(`N = ${n} is above maxNodes ${cfg.maxNodes}`, true);
  if (input.replacing !== void 0)
    return add(`replaces failed node ${input.replacing}`, true);
  if (demand > inputs.upperBound) {
    const why = `${what} > ${cfg.upper} \xD7 ${fmt(total)} = ${fmt(inputs.upperBound)}`;
    const held = now - (input.aboveSince ?? now);
    if (held < cfg.addConfirmMs && n < cfg.maxNodes)
      return hold(`${why}, but only for ${fmt(held / 1e3)} s of the ${fmt(cfg.addConfirmMs / 1e3)} s it must last`);
    return add(why, false);
  }
  if (victim && inputs.lowerBound !== void 0 && demand < inputs.lowerBound) {
    return release(`${what} < ${cfg.lower} \xD7 (${fmt(servingCapacity)} \u2212 ${fmt(capacityOf(victim, C))}) = ${fmt(inputs.lowerBound)}`, false);
  }
  return hold(`${what} within [${fmt(inputs.lowerBound ?? 0)}, ${fmt(inputs.upperBound)}]`);
}
function finite(x) {
  return x !== void 0 && Number.isFinite(x) ? x : void 0;
}

// packages/grand-agent/dist/src/allocator/decision-log.js
var DecisionLog = class {
  capacity;
  ring;
  /** Decisions ever recorded, including those the ring has since dropped. */
  total = 0;
  /** Decisions ever recorded, by action (a dry run's are holds). */
  byAction = { add: 0, release: 0, hold: 0 };
  subject = new Subject();
  /** Each decision as it is recorded, and again at each later change (its deployment starts, its outcome): what WatchDecisions streams. */
  recorded = this.subject.asObservable();
  constructor(capacity = 1e3) {
    this.capacity = capacity;
    this.ring = new RingBuffer(capacity, "DecisionLog");
  }
  /** Records a decision, dropping the oldest when full. */
  push(d) {
    this.ring.push(d);
    this.total++;
    this.byAction[d.action]++;
    this.subject.next(d);
  }
  /** Streams a kept decision again after a change (a decision is known by its service and time). */
  changed(d) {
    this.subject.next(d);
  }
  get size() {
    return this.ring.size;
  }
  /** The kept decisions, oldest first; with `since`, only those at or after that time. */
  entries(since = -Infinity) {
    return this.ring.values().filter((d) => d.at >= since);
  }
  /** Only the decisions that did (or in a dry run, would have done) something. */
  actions(since = -Infinity) {
    return this.entries(since).filter((d) => d.action !== "hold" || d.intended !== void 0);
  }
  toJSON() {
    return this.entries();
  }
};

// packages/grand-agent/dist/src/allocator/allocator-policy.js
var AllocatorPolicy = class {
  config;
  options;
  log;
  lastAddAt;
  lastReleaseAt;
  aboveSince;
  constructor(config, options2) {
    this.config = config;
    this.options = options2;
    this.log = new DecisionLog(options2.logSize);
  }
  /** Decides for this period at clock.now(), records the decision and returns it. */
  step(input) {
    const now = this.options.clock.now();
    let d = decide({ ...input, now, config: this.config, lastAddAt: this.lastAddAt, lastReleaseAt: this.lastReleaseAt, aboveSince: this.aboveSince });
    this.aboveSince = d.inputs.demand > d.inputs.upperBound && d.action !== "add" ? this.aboveSince ?? now : void 0;
    if (this.options.service !== void 0)
      d = { ...d, service: this.options.service };
    if (d.action === "add")
      this.lastAddAt = now;
    if (d.action === "release")
      this.lastReleaseAt = now;
    if (this.config.dryRun && d.action !== "hold") {
      d = { ...d, action: "hold", dryRun: true, intended: d.action, reason: `dry run, would ${d.action} ${d.node}: ${d.reason}` };
    }
    this.log.push(d);
    return d;
  }
  /** Calls tick every periodMs on the policy's clock until the returned timer is cancelled. */
  every(tick) {
    let timer;
    let cancelled = false;
    const arm = () => {
      timer = this.options.clock.setTimer(() => {
        if (cancelled)
          return;
        arm();
        tick();
      }, this.config.periodMs);
    };
    arm();
    return {
      cancel: () => {
        cancelled = true;
        timer.cancel();
      }
    };
  }
};

// packages/grand-agent/dist/src/allocator/forecast-demand.js
function forecastDemand(predictor, leadTimeMs) {
  const level = predictor.forecast(0);
  const forecast = predictor.forecast(leadTimeMs);
  return { ...level !== void 0 && { level }, ...forecast !== void 0 && { forecast } };
}

// packages/grand-agent/dist/src/allocator/format-decision.js
function formatDecision(d) {
  const i = d.inputs;
  const f = (x) => x === void 0 ? "-" : Number.isInteger(x) ? String(x) : x.toFixed(1);
  const what = d.dryRun ? `dry-run:${d.intended}` : d.action;
  const node = d.node ? ` ${d.node}` : "";
  return `${new Date(d.at).toISOString()} ${d.service ?? i.role} ${what}${node} | sum ${f(i.sum)} forecast ${f(i.forecast)} demand ${f(i.demand)} N ${i.n} (+${i.adding}) C ${f(i.capacity)} bounds [${f(i.lowerBound)}, ${f(i.upperBound)}] | ${d.reason}${d.outcome ? ` | ${d.outcome}${d.tookMs !== void 0 ? ` in ${(d.tookMs / 1e3).toFixed(1)} s` : ""}` : ""}`;
}

// packages/grand-agent/dist/src/errors.js
var NodeGoneError = class extends LamaError {
  constructor(node) {
    super("ERR_NODE_GONE", `node '${node}' is no longer registered`);
  }
};
var MissingEndpointError = class extends LamaError {
  constructor(node, adapter) {
    super("ERR_MISSING_ENDPOINT", `node '${node}' declares no lama.Endpoint for adapter '${adapter}'`);
  }
};
var NotFreeError = class extends LamaError {
  constructor(node, state) {
    super("ERR_NOT_FREE", `node '${node}' is ${state}, not FREE: nothing was deployed (clean it first: lama clean ${node})`);
  }
};
var UnknownNodeError = class extends LamaError {
  constructor(node) {
    super("ERR_UNKNOWN_NODE", `node '${node}' is not registered in the pool`);
  }
};
var DeploymentRequestError = class extends LamaError {
  constructor(message) {
    super("ERR_DEPLOYMENT_REQUEST", message);
  }
};
var DeploymentFailedError = class extends LamaError {
  constructor(node, what, why) {
    super("ERR_DEPLOYMENT_FAILED", `${what} of node '${node}' did not complete: ${why}`);
  }
};
var StateFileError = class extends LamaError {
  constructor(path, why) {
    super("ERR_STATE_FILE", `state file ${path} cannot be used: ${why} (move it away to start without what it recorded)`);
  }
};
var GRAND_ERRORS = {
  ERR_ALLOCATOR_CONFIG: { type: AllocatorConfigError, status: "INVALID_ARGUMENT" },
  ERR_PREDICTOR_CONFIG: { type: PredictorConfigError, status: "INVALID_ARGUMENT" },
  ERR_NODE_GONE: { type: NodeGoneError, status: "NOT_FOUND" },
  ERR_MISSING_ENDPOINT: { type: MissingEndpointError, status: "FAILED_PRECONDITION" },
  ERR_NOT_FREE: { type: NotFreeError, status: "FAILED_PRECONDITION" },
  ERR_UNKNOWN_NODE: { type: UnknownNodeError, status: "NOT_FOUND" },
  ERR_DEPLOYMENT_REQUEST: { type: DeploymentRequestError, status: "INVALID_ARGUMENT" },
  ERR_DEPLOYMENT_FAILED: { type: DeploymentFailedError, status: "FAILED_PRECONDITION" },
  ERR_STATE_FILE: { type: StateFileError, status: "FAILED_PRECONDITION" }
};
registerErrors(GRAND_ERRORS);

// packages/grand-agent/dist/src/deploy/lifecycle-entry.js
var STATES = /* @__PURE__ */ new Set(["FREE", "DEPLOYING", "OPERATIONAL", "CLEANING", "FAILED"]);
function lifecycleOf(attributes) {
  const e = attributes.find((a) => a.type === LIFECYCLE_ENTRY);
  if (!e || !STATES.has(e.fields.state ?? ""))
    return void 0;
  const version = Number(e.fields.version ?? "0");
  return { state: e.fields.state, site: e.fields.site ?? "", version: Number.isInteger(version) && version >= 0 ? version : 0 };
}
function lifecycleText(l) {
  if (!l)
    return "";
  return l.site ? `${l.state} (${l.site}@${l.version})` : l.state;
}
function describeLifecycle(l) {
  return lifecycleText(l) || "without a lama.Lifecycle attribute (an agent without the deployment procedure)";
}

// packages/grand-agent/dist/src/grand/agent-actuator.js
var AgentActuator = class {
  service;
  monitor;
  store;
  clock;
  sited;
  constructor(service, monitor, store, clock, sited) {
    this.service = service;
    this.monitor = monitor;
    this.store = store;
    this.clock = clock;
    this.sited = sited;
    if (!service.site || !sited) {
      this.deploy = void 0;
      this.clean = void 0;
    }
  }
  /** Deploys the service's site onto the node (the deployment manager; the partition brake applies). */
  deploy = async (node, started) => {
    const s = this.service.site;
    if (!s || !this.sited)
      return;
    const open = this.sited.manager.underWay(node);
    if (open) {
      const r2 = await open;
      if (r2.kind !== "deploy" || r2.state !== "complete")
        throw new DeploymentFailedError(node, `deployment ${r2.id} of ${s.site}`, r2.message);
      return;
    }
    const l = lifecycleOf(this.node(node).item.attributes);
    if (l?.state === "OPERATIONAL" && l.site === s.site && (!s.version || l.version === s.version))
      return;
    const run = this.sited.manager.deploy({ site: s.site, version: s.version, nodes: [node] });
    started?.(run.deployment.id);
    const r = await run.done;
    if (r.state !== "complete")
      throw new DeploymentFailedError(node, `deployment ${r.id} of ${s.site}`, r.message);
  };
  /** Cleans the stopped node back to FREE. */
  clean = async (node, started) => {
    if (!this.sited)
      return;
    const open = await this.sited.manager.underWay(node)?.catch(() => void 0);
    if (open?.kind === "clean" && open.state === "complete")
      return;
    if (lifecycleOf(this.node(node).item.attributes)?.state === "FREE")
      return;
    const run = this.sited.manager.clean({ nodes: [node], keepCache: this.sited.keepCache });
    started?.(run.deployment.id);
    const r = await run.done;
    if (r.state !== "complete")
      throw new DeploymentFailedError(node, `cleaning ${r.id}`, r.message);
  };
  node(name) {
    const n = this.monitor.byName(name);
    if (!n)
      throw new NodeGoneError(name);
    return n;
  }
  /** The HOST:PORT the dispatcher sends clients to for this node. */
  memberOf(node) {
    const ep = node.serviceEndpoints[this.service.adapter];
    if (!ep)
      throw new MissingEndpointError(node.name, this.service.adapter);
    return ep;
  }
  async set(node, params) {
    await this.node(node).client.set(this.service.adapter, { ...params });
  }
  async start(node) {
    await this.node(node).client.start(this.service.adapter);
  }
  async stop(node) {
    await this.node(node).client.stop(this.service.adapter);
  }
  async addToDispatcher(node) {
    if (!this.service.dispatcher)
      return;
    const waitUntil = this.clock.now() + (this.sited ? this.sited.endpointWaitMs ?? 1e4 : 0);
    while (this.node(node).serviceEndpoints[this.service.adapter] === void 0 && this.clock.now() < waitUntil)
      await delay(this.clock, 100);
    const next = new Map(this.store.members());
    next.set(this.memberOf(this.node(node)), 1);
    await this.writeMembers(next);
  }
  async drainFromDispatcher(node) {
    const d = this.service.dispatcher;
    if (!d)
      return;
    const next = new Map(this.store.members());
    next.delete(this.memberOf(this.node(node)));
    await this.writeMembers(next);
    if (d.drainMs > 0)
      await delay(this.clock, d.drainMs);
  }
  /** Removes a node that can no longer be asked (its lease expired) from the dispatcher. */
  async forget(member) {
    if (!this.service.dispatcher || !this.store.members().has(member))
      return;
    const next = new Map(this.store.members());
    next.delete(member);
    await this.writeMembers(next);
  }
  async writeMembers(next) {
    const d = this.service.dispatcher;
    if (!d)
      return;
    const dispatcher = this.node(d.node);
    await dispatcher.client.set(d.adapter, { [d.param]: formatMembers([...next].map(([address, weight]) => ({ address, weight }))) });
    this.store.update(next);
  }
};

// packages/grand-agent/dist/src/grand/service-pool.js
var ACTIVE = /* @__PURE__ */ new Set(["STARTING", "RUNNING", "BACKOFF", "STOPPING"]);
var FREE = /* @__PURE__ */ new Set(["STOPPED", "EXITED"]);
var ServicePool = class {
  o;
  policy;
  predictor;
  actuator;
  pending = /* @__PURE__ */ new Map();
  replacing = [];
  members;
  /** The last member list that would not parse (logged once, not on every read). */
  badMembers;
  timer;
  last = { sum: 0 };
  constructor(o) {
    this.o = o;
    const s = o.service;
    this.predictor = createPredictor(s.predictor, `services.${s.name}.predictor`);
    this.policy = new AllocatorPolicy(s.allocator, { clock: o.clock, service: s.name });
    this.actuator = new AgentActuator(s, o.monitor, { members: () => this.members ?? /* @__PURE__ */ new Map(), update: (m) => {
      this.members = m;
    } }, o.clock, o.deployments && { manager: o.deployments, keepCache: o.releaseKeepsCache ?? true });
  }
  get name() {
    return this.o.service.name;
  }
  /** Finishes the adds and releases a kill interrupted, and runs Algorithm 1 every period from now on. */
  async start() {
    if (!this.timer)
      for (const open of this.o.intents?.open(this.name) ?? [])
        this.resume(open);
    this.timer ??= this.policy.every(() => this.tick());
  }
  /**
   * An add or release the previous grand agent began: it counts as pending at once (no second
   * add for the same demand), and is carried out again once its node is back. Every step is
   * idempotent (Set the same parameters, Start a running adapter, the same member list), and a
   * deployment or cleaning under way is waited for, not asked again.
   */
  resume(open) {
    const { action, node } = open;
    this.o.log.warn({ service: this.name, action, node }, `${action} ${node} was under way when the grand agent stopped: finishing it`);
    const t0 = this.o.clock.now();
    this.act(action, node, async () => {
      await this.back(node, () => this.o.monitor.byName(node)?.status !== void 0);
      const d = this.o.service.dispatcher;
      if (d)
        await this.back(d.node, () => this.knownMembers() !== void 0);
      await applyDecision({ action, node }, this.actuator, this.o.service.allocator.serverParams);
    }).then(() => this.o.log.info({ service: this.name, action, node, seconds: (this.o.clock.now() - t0) / 1e3 }, `${action} ${node} (resumed): done`), (err) => this.o.log.error({ service: this.name, action, node, err: err.details || err.message }, `${action} ${node} (resumed) failed`));
  }
  /** Waits (bounded by resumeWaitMs) until node is back as ok() says; NodeGoneError otherwise. */
  async back(node, ok) {
    const end = this.o.clock.now() + (this.o.resumeWaitMs ?? 6e4);
    while (!ok()) {
      if (this.o.clock.now() >= end)
        throw new NodeGoneError(node);
      await delay(this.o.clock, 200);
    }
  }
  /** Runs an add or release with the node pending and its intent journaled until it ends. */
  act(action, node, run, journaled = true) {
    const kind = action === "add" ? "adding" : "releasing";
    this.pending.set(node, { kind });
    if (journaled)
      this.o.intents?.begin({ service: this.name, node, action, at: this.o.clock.now() });
    return run().then(() => {
      this.pending.set(node, { kind, settledAt: this.o.clock.now() });
      this.o.intents?.end(this.name, node);
    }, (err) => {
      this.pending.delete(node);
      this.o.intents?.end(this.name, node);
      throw err;
    });
  }
  /** Stops the periodic decisions (an action under way completes). */
  async stop() {
    this.timer?.cancel();
    this.timer = void 0;
  }
  /** The dispatcher's members, read once from its status and owned from then on. */
  knownMembers() {
    const d = this.o.service.dispatcher;
    if (!d)
      return void 0;
    if (!this.members) {
      const node = this.o.monitor.byName(d.node);
      const a = node?.status?.adapters.find((x) => x.name === d.adapter);
      if (a) {
        const text = a.params[d.param];
        try {
          this.members = new Map(parseMembers(text).map((m) => [m.address, m.weight]));
        } catch (err) {
          if (text !== this.badMembers)
            this.o.log.warn({ service: this.name, node: d.node, err: err.message }, "the dispatcher reports members that do not parse");
          this.badMembers = text;
        }
      }
    }
    return this.members;
  }
  adapterState(n) {
    return n.status?.adapters.find((a) => a.name === this.o.service.adapter)?.state;
  }
  /** True when the node serves this service now. */
  serves(n) {
    const members = this.knownMembers();
    if (this.o.service.dispatcher) {
      const ep = n.serviceEndpoints[this.o.service.adapter];
      return members !== void 0 && ep !== void 0 && (members.get(ep) ?? 0) > 0;
    }
    return ACTIVE.has(this.adapterState(n) ?? "");
  }
  /**
   * The nodes that can serve this service, as Algorithm 1 sees them. With a site, a FREE node
   * (its lama.Lifecycle) that runs no adapter is idle whatever its roles, since the deployment
   * brings the site's adapters; a node being deployed or cleaned still counts as pending.
   */
  poolNodes() {
    const s = this.o.service;
    const out = [];
    for (const [name, p] of this.pending) {
      if (p.kind === "adding" && p.settledAt === void 0 && !this.o.monitor.byName(name)?.status)
        out.push({ name, serving: false, load: 0, idle: false, pending: "adding" });
    }
    for (const n of this.o.monitor.list()) {
      if (!n.status)
        continue;
      const p = this.pending.get(n.name);
      if (p?.settledAt !== void 0 && (n.statusAt ?? 0) > p.settledAt)
        this.pending.delete(n.name);
      const pending = this.pending.get(n.name)?.kind;
      const state = this.adapterState(n);
      if (s.site && n.name !== s.dispatcher?.node && (state === void 0 || !n.roles.includes(s.allocator.role))) {
        const free = lifecycleOf(n.item.attributes)?.state === "FREE";
        const busy = (n.status.adapters ?? []).some((a) => ACTIVE.has(a.state));
        if (free && !busy || pending)
          out.push({ name: n.name, serving: false, load: 0, idle: free && !busy && !pending, ...pending && { pending } });
        continue;
      }
      if (!n.roles.includes(s.allocator.role) || state === void 0)
        continue;
      const serving = this.serves(n);
      const reachable = !s.dispatcher || n.serviceEndpoints[s.adapter] !== void 0;
      out.push({
        name: n.name,
        roles: n.roles,
        serving,
        load: metricValue(n.status, s.allocator.metric),
        idle: !serving && FREE.has(state) && reachable && n.name !== s.dispatcher?.node,
        ...pending && { pending }
      });
    }
    return out;
  }
  /** A node whose lease expired: take it out of the dispatcher and, if it served, replace it. */
  nodeFailed(node) {
    if (!this.serves(node))
      return;
    this.replacing.push(node.name);
    this.nodeGone(node);
  }
  /** A node that is gone for good: take it out of the dispatcher (no replacement of its own). */
  nodeGone(node) {
    if (!this.serves(node))
      return;
    const ep = node.serviceEndpoints[this.o.service.adapter];
    if (ep) {
      this.actuator.forget(ep).then(() => this.o.log.info({ service: this.name, node: node.name, member: ep }, "failed node taken out of the dispatcher"), (err) => this.o.log.warn({ service: this.name, node: node.name, err: err.message }, "could not take the failed node out of the dispatcher"));
    }
  }
  /** One period of Algorithm 1. */
  tick() {
    const now = this.o.clock.now();
    const nodes = this.poolNodes();
    const sum = nodes.filter((n) => n.serving).reduce((a, n) => a + (Number.isFinite(n.load) ? n.load : 0), 0);
    this.predictor.observe(now, sum);
    const fc = this.predictor.name === "threshold" ? {} : forecastDemand(this.predictor, this.o.service.allocator.leadTimeMs);
    const holdReason = this.o.holdReason();
    const d = this.policy.step({ nodes, ...fc, ...holdReason !== void 0 && { holdReason }, ...this.replacing.length && { replacing: this.replacing[0] } });
    this.last = { sum, ...fc, decision: d };
    if (d.action === "add")
      this.replacing.shift();
    this.o.onDecision?.(d);
    if (d.action === "hold") {
      this.o.log.debug({ service: this.name }, formatDecision(d));
      return d;
    }
    this.o.log.info({ service: this.name, action: d.action, node: d.node }, formatDecision(d));
    if (d.node !== void 0)
      this.carryOut(d, d.node);
    return d;
  }
  carryOut(d, node) {
    const t0 = this.o.clock.now();
    const log = this.policy.log;
    const deploymentStarted = (id) => {
      d.deployment = id;
      log.changed(d);
    };
    this.act(d.action === "add" ? "add" : "release", node, () => applyDecision(d, this.actuator, this.o.service.allocator.serverParams, deploymentStarted), !d.dryRun).then(() => {
      d.outcome = "done";
      d.tookMs = this.o.clock.now() - t0;
      this.o.log.info({ service: this.name, action: d.action, node, seconds: d.tookMs / 1e3 }, `${d.action} ${node}: done`);
      this.o.onDecision?.(d);
      log.changed(d);
    }, (err) => {
      d.outcome = `failed: ${err.details || err.message}`;
      d.tookMs = this.o.clock.now() - t0;
      this.o.log.error({ service: this.name, action: d.action, node, err: d.outcome }, `${d.action} ${node} failed`);
      this.o.onDecision?.(d);
      log.changed(d);
    });
  }
  snapshot() {
    const s = this.o.service;
    const nodes = this.poolNodes();
    const d = this.last.decision;
    return {
      name: s.name,
      role: s.allocator.role,
      metric: s.allocator.metric,
      predictor: this.predictor.name,
      capacityPerNode: s.allocator.capacityPerNode,
      n: d?.inputs.n ?? nodes.filter((n) => n.serving).length,
      serving: nodes.filter((n) => n.serving).map((n) => n.name).sort(),
      sum: this.last.sum,
      ...this.last.level !== void 0 && { level: this.last.level },
      ...this.last.forecast !== void 0 && { forecast: this.last.forecast },
      upperBound: d?.inputs.upperBound ?? 0,
      ...d?.inputs.lowerBound !== void 0 && { lowerBound: d.inputs.lowerBound },
      ...this.o.holdReason() !== void 0 && { holdReason: this.o.holdReason() },
      dryRun: s.allocator.dryRun
    };
  }
};

// packages/grand-agent/dist/src/deploy/deployment-manager.js
import { randomBytes } from "node:crypto";

// packages/grand-agent/dist/src/deploy/cache-source.js
function chooseCacheSource(nodes, site, version, exclude) {
  const ops = nodes.flatMap((node) => {
    const l = lifecycleOf(node.attributes);
    return l?.state === "OPERATIONAL" && l.site === site && !exclude.has(node.name) ? [{ node, version: l.version }] : [];
  });
  if (ops.length === 0)
    return void 0;
  const wanted = version || Math.max(...ops.map((o) => o.version));
  const load = (n) => [n.cpuUtilization ?? 1, n.txBitsPerSec ?? Number.MAX_VALUE];
  ops.sort((a, b) => Number(b.version === wanted) - Number(a.version === wanted) || load(a.node)[0] - load(b.node)[0] || load(a.node)[1] - load(b.node)[1] || a.node.name.localeCompare(b.node.name));
  const best = ops[0];
  const cpu = best.node.cpuUtilization === void 0 ? "no status yet" : `CPU ${(best.node.cpuUtilization * 100).toFixed(0)} %`;
  const same = best.version === wanted ? "" : `, holding version ${best.version} (none runs ${wanted})`;
  return { ...best, why: `the least busy of ${ops.length} OPERATIONAL node(s) of ${site} (${cpu}${same})` };
}

// packages/grand-agent/dist/src/deploy/node-follower.js
var import_grpc_js = __toESM(require_src(), 1);
function reasonOf(err) {
  return describeRemoteError(err) ?? (err instanceof Error ? err.message : String(err));
}
function follow(c, timeoutMs, what, judge, begin) {
  return new Promise((resolve) => {
    let ended = false;
    let sub;
    let retry;
    let last = "";
    const end = (o) => {
      if (ended)
        return;
      ended = true;
      deadline.cancel();
      retry?.cancel();
      sub?.unsubscribe();
      resolve(o);
    };
    const deadline = c.clock.setTimer(() => end({ ok: false, timedOut: true, reason: `no ${what} within ${timeoutMs / 1e3} s${last && ` (last seen: ${last})`}` }), timeoutMs);
    const lost = (err) => {
      if (ended)
        return;
      sub?.unsubscribe();
      if (!c.registered())
        return end({ ok: false, timedOut: false, reason: `the node left the pool (${reasonOf(err)})` });
      retry = c.clock.setTimer(watch, c.retryMs);
    };
    const watch = () => {
      if (ended)
        return;
      sub = c.client.watch().subscribe({
        next: (p) => {
          if (ended)
            return;
          last = p.step ? `${p.lifecycle?.state} in ${p.step}` : String(p.lifecycle?.state);
          c.onProgress(p);
          const o = judge(p, end);
          if (o)
            end(o);
        },
        error: lost,
        complete: () => lost(new Error("progress stream ended"))
      });
    };
    if (!begin)
      return watch();
    begin().then(watch, (err) => end({ ok: false, timedOut: false, reason: reasonOf(err) }));
  });
}
function deploymentOutcome(l) {
  if (l.state === "OPERATIONAL")
    return { ok: true };
  if (l.state === "FAILED")
    return { ok: false, timedOut: false, reason: l.reason || "FAILED" };
  if (l.state === "FREE" || l.state === "CLEANING")
    return { ok: false, timedOut: false, reason: "the node rolled back to FREE" };
  return void 0;
}
function followDeployment(c, deploymentId, timeoutMs, start) {
  return follow(c, timeoutMs, "DEPLOYMENT-COMPLETE", (p) => {
    const l = p.lifecycle;
    if (!l || l.deploymentId && l.deploymentId !== deploymentId)
      return void 0;
    return l.state === "CLEANING" ? void 0 : deploymentOutcome(l);
  }, start);
}
function followResumedDeployment(c, deploymentId, timeoutMs) {
  return follow(c, timeoutMs, "DEPLOYMENT-COMPLETE", (p) => {
    const l = p.lifecycle;
    if (!l)
      return void 0;
    if (l.deploymentId !== deploymentId) {
      const reason = l.state === "FREE" ? "not started: the grand agent was killed before the node took StartDeployment" : `the node is ${l.state} in another deployment (${l.deploymentId || "none"})`;
      return { ok: false, timedOut: false, reason, untouched: true };
    }
    return deploymentOutcome(l);
  });
}
function followCleaning(c, keepCache, timeoutMs) {
  let asked = false;
  return follow(c, timeoutMs, "CLEANING-COMPLETE (FREE)", (p, end) => {
    const l = p.lifecycle;
    if (!l)
      return void 0;
    if (l.state === "FREE")
      return { ok: true };
    if ((l.state === "OPERATIONAL" || l.state === "FAILED") && !asked) {
      asked = true;
      c.client.startCleaning(l.deploymentId, keepCache).catch((err) => {
        if (err.status === import_grpc_js.status.FAILED_PRECONDITION)
          asked = false;
        else
          end({ ok: false, timedOut: false, reason: `StartCleaning refused: ${reasonOf(err)}` });
      });
    }
    return void 0;
  });
}

// packages/grand-agent/dist/src/deploy/deployment-manager.js
var copy = (d) => structuredClone(d);
var PROGRESS_EVERY_MS = 250;
var DeploymentManager = class {
  o;
  clock;
  kept = [];
  subject = new Subject();
  /** Nodes in a deployment or cleaning under way, by deployment id. */
  busy = /* @__PURE__ */ new Map();
  clients = /* @__PURE__ */ new Set();
  stopped = false;
  seq = 0;
  /** Deployments and cleanings ended, by kind and outcome (the kept list is bounded). */
  ended = { deploy: { complete: 0, partial: 0, failed: 0 }, clean: { complete: 0, partial: 0, failed: 0 } };
  prefix = randomBytes(3).toString("hex");
  /** When each deployment's last progress change went out. */
  lastProgress = /* @__PURE__ */ new Map();
  /** The end of the deployment or cleaning under way on each node. */
  doneByNode = /* @__PURE__ */ new Map();
  constructor(o) {
    this.o = o;
    this.clock = o.clock ?? systemClock;
  }
  /** A copy of each deployment every time it changes. */
  get changes() {
    return this.subject.asObservable();
  }
  /** The deployments and cleanings kept, oldest first. */
  list() {
    return this.kept.map(copy);
  }
  /** Deployments and cleanings under way now. */
  get running() {
    return this.kept.filter((d) => d.endedAt === void 0).length;
  }
  /**
   * Takes the journal's records back and resumes each one a kill left open: its nodes are
   * followed to the end of what they were asked, never asked again (see followResumedDeployment).
   */
  async start() {
    for (const d of this.o.journal?.loaded ?? []) {
      if (this.kept.some((k) => k.id === d.id))
        continue;
      this.kept.push(structuredClone(d));
      if (d.endedAt === void 0)
        this.resume(this.kept[this.kept.length - 1]);
    }
  }
  /** The end of the deployment or cleaning under way on node, if there is one (an add resumed after a restart waits for it). */
  underWay(node) {
    return this.doneByNode.get(node);
  }
  /** Ends every follow (what is under way on the nodes goes on there) and completes `changes`. */
  async stop() {
    if (this.stopped)
      return;
    this.stopped = true;
    for (const c of this.clients)
      c.close();
    this.subject.complete();
  }
  newRecord(kind, site, version, nodes, state) {
    const d = {
      id: `${kind === "deploy" ? "d" : "c"}-${this.prefix}-${++this.seq}`,
      kind,
      site,
      version,
      state: "preparing",
      createdAt: this.clock.now(),
      message: "",
      nodes: nodes.map((node) => ({ node, state, step: "", steps: [], files: 0, bytes: 0, filesFromCacheSource: 0, filesFromStore: 0 }))
    };
    this.kept.push(d);
    if (this.kept.length > this.o.config.keep)
      this.kept.splice(0, this.kept.length - this.o.config.keep);
    for (const n of nodes)
      this.busy.set(n, d.id);
    return d;
  }
  emit(d) {
    if (this.stopped)
      return;
    this.o.journal?.record(d);
    this.subject.next(copy(d));
  }
  node(name) {
    const n = this.o.directory.byName(name);
    if (!n)
      throw new UnknownNodeError(name);
    return n;
  }
  checkNodes(nodes, what) {
    if (nodes.length === 0)
      throw new DeploymentRequestError(`${what}: name at least one node`);
    const dup = nodes.find((n, i) => nodes.indexOf(n) !== i);
    if (dup)
      throw new DeploymentRequestError(`${what}: node '${dup}' is named twice`);
    for (const n of nodes) {
      this.node(n);
      const under = this.busy.get(n);
      if (under)
        throw new NotFreeError(n, `in ${under}, still under way`);
    }
  }
  /**
   * Deploys SITE[@VERSION] onto FREE nodes. Everything is checked before anything is sent:
   * an unknown node, a node that is not FREE, a bad site name or no store refuses the whole
   * request (a typed error) and changes nothing.
   */
  deploy(req) {
    if (this.stopped)
      throw new DeploymentRequestError("the deployment manager is stopped");
    try {
      checkSiteName(req.site);
      if (req.version)
        checkVersion(req.version);
    } catch (err) {
      throw new DeploymentRequestError(`deploy: ${err.message}`);
    }
    const storeUrl = req.storeUrl || this.o.config.storeUrl;
    if (!storeUrl)
      throw new DeploymentRequestError("deploy: no site store: set deploy.storeUrl in the grand agent's config or pass --store URL");
    if (!/^https?:\/\/[^\s]+$/.test(storeUrl))
      throw new DeploymentRequestError(`deploy: store URL '${storeUrl}' is not an http(s) URL`);
    this.checkNodes(req.nodes, "deploy");
    for (const n of req.nodes) {
      const l = lifecycleOf(this.node(n).attributes);
      if (l?.state !== "FREE")
        throw new NotFreeError(n, describeLifecycle(l));
    }
    const d = this.newRecord("deploy", req.site, req.version ?? 0, req.nodes, "deploying");
    d.storeUrl = storeUrl;
    this.emit(d);
    const done = this.runDeployment(d, storeUrl).finally(() => this.release(d));
    this.track(d, done);
    return { deployment: copy(d), done };
  }
  /** Cleans nodes back to FREE (Stop the site's services, unmap, remove instance data, drop or keep the cache). */
  clean(req) {
    if (this.stopped)
      throw new DeploymentRequestError("the deployment manager is stopped");
    this.checkNodes(req.nodes, "clean");
    const sites = new Set(req.nodes.map((n) => lifecycleOf(this.node(n).attributes)?.site ?? ""));
    const site = sites.size === 1 ? [...sites][0] : "";
    const d = this.newRecord("clean", site, 0, req.nodes, "cleaning");
    d.state = "running";
    d.startedAt = this.clock.now();
    this.emit(d);
    const done = Promise.all(d.nodes.map(async (nd) => {
      nd.startedAt = this.clock.now();
      const o = await this.attempt(nd.node, (ctx) => followCleaning(ctx(nd), req.keepCache === true, this.o.config.cleanTimeoutMs));
      this.nodeEnded(d, nd, o, "clean");
    })).then(() => this.finish(d)).finally(() => this.release(d));
    this.track(d, done);
    return { deployment: copy(d), done };
  }
  track(d, done) {
    for (const n of d.nodes)
      this.doneByNode.set(n.node, done);
  }
  /** A record the previous grand agent left open: each node's end is judged by its own life cycle, and a failed one is cleaned. */
  resume(d) {
    d.message = `${d.message ? `${d.message}; ` : ""}resumed after a restart of the grand agent`;
    const open = d.nodes.filter((nd) => nd.endedAt === void 0 || nd.cleanup === "cleaning");
    for (const nd of open)
      this.busy.set(nd.node, d.id);
    this.emit(d);
    const done = Promise.all(open.map(async (nd) => {
      const back = await this.nodeBack(nd.node);
      if (nd.endedAt !== void 0)
        return back ? this.cleanUp(d, nd) : void 0;
      const gone = { ok: false, timedOut: true, reason: `not back in the pool within ${this.resumeWaitMs / 1e3} s of the grand agent's restart` };
      if (d.kind === "clean") {
        this.nodeEnded(d, nd, back ? await this.attempt(nd.node, (ctx) => followCleaning(ctx(nd), false, this.o.config.cleanTimeoutMs)) : gone, "clean");
        return void 0;
      }
      const o = back ? await this.attempt(nd.node, (ctx) => followResumedDeployment(ctx(nd), d.id, this.o.config.timeoutMs)) : gone;
      this.nodeEnded(d, nd, o, "complete");
      if (!o.ok && back && !o.untouched)
        await this.cleanUp(d, nd);
      return void 0;
    })).then(() => this.finish(d)).finally(() => this.release(d));
    this.track(d, done);
  }
  get resumeWaitMs() {
    return this.o.resumeWaitMs ?? 6e4;
  }
  /** Waits (bounded) until the node is registered again: after a restart the agents come back one renewal at a time. */
  async nodeBack(name) {
    const until = this.clock.now() + this.resumeWaitMs;
    while (!this.stopped && !this.o.directory.byName(name)) {
      if (this.clock.now() >= until)
        return false;
      await delay(this.clock, this.o.config.retryMs);
    }
    return !this.stopped;
  }
  release(d) {
    this.lastProgress.delete(d.id);
    for (const n of d.nodes)
      if (this.busy.get(n.node) === d.id)
        this.busy.delete(n.node);
    for (const n of d.nodes)
      if (this.doneByNode.get(n.node) && this.busy.get(n.node) === void 0)
        this.doneByNode.delete(n.node);
  }
  /** The partition brake: a deployment waits while allocation must hold. */
  async waitForBrake(d) {
    for (let hold = this.o.holdReason?.(); hold !== void 0 && !this.stopped; hold = this.o.holdReason?.()) {
      if (d.state !== "waiting") {
        d.state = "waiting";
        d.message = `waiting: ${hold}`;
        this.emit(d);
      }
      await delay(this.clock, this.o.config.holdPollMs);
    }
  }
  async runDeployment(d, storeUrl) {
    await this.waitForBrake(d);
    if (this.stopped) {
      for (const nd of d.nodes)
        this.nodeEnded(d, nd, { ok: false, timedOut: false, reason: "the grand agent stopped before the deployment started" }, "complete");
      return this.finish(d);
    }
    d.state = "preparing";
    d.message = "";
    const cache = await this.prepareCache(d);
    d.state = "running";
    d.startedAt = this.clock.now();
    this.emit(d);
    await Promise.all(d.nodes.map(async (nd) => {
      nd.startedAt = this.clock.now();
      const o = await this.attempt(nd.node, (ctx) => followDeployment(ctx(nd), d.id, this.o.config.timeoutMs, () => ctx(nd).client.startDeployment({ deploymentId: d.id, site: d.site, version: d.version, storeUrl, ...cache && { cache } })));
      this.nodeEnded(d, nd, o, "complete");
      if (!o.ok)
        await this.cleanUp(d, nd);
    }));
    return this.finish(d);
  }
  /** INITIALIZE-CACHE: the chosen source's snapshot session, or none (every object from the store). */
  async prepareCache(d) {
    const c = this.o.config;
    const source = chooseCacheSource(this.o.directory.list(), d.site, d.version, /* @__PURE__ */ new Set([...d.nodes.map((n) => n.node), ...this.busy.keys()]));
    if (!source) {
      d.message = `no OPERATIONAL node of ${d.site}: every object comes from the store`;
      return void 0;
    }
    if (!c.cacheGroup) {
      d.message = `no deploy.cacheGroup configured: every object comes from the store (${source.node.name} is OPERATIONAL)`;
      return void 0;
    }
    this.emit(d);
    try {
      const ready = await this.withClient(source.node.name, (ctx) => ctx().client.prepareCacheSnapshot({
        site: d.site,
        version: source.version,
        usedSinceMs: 0,
        group: c.cacheGroup,
        interface: c.cacheInterface,
        receivers: d.nodes.map((n) => n.node),
        rateBitsPerSec: c.rateBitsPerSec,
        deadlineMs: c.snapshotDeadlineMs
      }));
      if (!ready.session)
        throw new Error("the source returned no session");
      d.cacheSource = source.node.name;
      d.sessionId = ready.session.sessionId;
      d.message = `cache source ${source.node.name}, ${source.why}: ${ready.files} files, ${ready.bytes} bytes by multicast on ${ready.session.group}; the rest from the store`;
      return { ...ready.session, interface: c.cacheInterface };
    } catch (err) {
      d.message = `cache source ${source.node.name} could not prepare a snapshot (${reasonOf(err)}): every object comes from the store`;
      return void 0;
    }
  }
  /** A node that failed or timed out is cleaned back to FREE; the outcome is kept beside its failure. */
  async cleanUp(d, nd) {
    nd.cleanup = "cleaning";
    this.emit(d);
    const o = await this.attempt(nd.node, (ctx) => followCleaning(ctx(), false, this.o.config.cleanTimeoutMs));
    nd.cleanup = o.ok ? "clean" : `failed: ${o.reason}`;
    this.emit(d);
  }
  nodeEnded(d, nd, o, success) {
    nd.endedAt = this.clock.now();
    nd.step = "";
    if (o.ok)
      nd.state = success;
    else
      Object.assign(nd, { state: o.timedOut ? "timed-out" : "failed", reason: o.reason });
    this.emit(d);
  }
  finish(d) {
    d.endedAt = Math.max(...d.nodes.map((n) => n.endedAt ?? 0));
    const ok = d.nodes.filter((n) => n.state === "complete" || n.state === "clean").length;
    const state = ok === d.nodes.length ? "complete" : ok > 0 ? "partial" : "failed";
    d.state = state;
    this.ended[d.kind][state]++;
    if (d.state !== "complete") {
      const bad = d.nodes.filter((n) => n.state !== "complete" && n.state !== "clean");
      d.message = `${d.message ? `${d.message}; ` : ""}${bad.map((n) => `${n.node} ${n.state}: ${n.reason}`).join("; ")}`;
    }
    this.emit(d);
    if (d.state !== "complete" && !this.stopped)
      this.o.onFailed?.(copy(d));
    return copy(d);
  }
  /** Runs fn with a client of the node (closed afterwards) and a follow context bound to a node record; a node gone from the pool throws UnknownNodeError. */
  async withClient(name, fn) {
    const n = this.node(name);
    const client = new DeployerClient(n.endpoint, this.o.credential, void 0, { node: n.owner, transport: this.o.transport });
    this.clients.add(client);
    try {
      return await fn((nd) => ({
        client,
        clock: this.clock,
        retryMs: this.o.config.retryMs,
        registered: () => !this.stopped && this.o.directory.byName(name) !== void 0,
        onProgress: (p) => {
          if (nd)
            this.progress(nd, p);
        }
      }));
    } finally {
      this.clients.delete(client);
      client.close();
    }
  }
  /** Follows one node; a node that cannot even be asked is a failure, never an exception. */
  async attempt(name, fn) {
    try {
      return await this.withClient(name, fn);
    } catch (err) {
      return { ok: false, timedOut: false, reason: reasonOf(err) };
    }
  }
  progress(nd, p) {
    const stepChanged = p.step !== nd.step || p.steps.length !== nd.steps.length;
    Object.assign(nd, {
      step: p.step,
      steps: p.steps.map((s) => ({ step: s.step, seconds: s.seconds, cpuSeconds: s.cpuSeconds })),
      files: p.files,
      bytes: p.bytes,
      filesFromCacheSource: p.filesFromCacheSource,
      filesFromStore: p.filesFromStore
    });
    const d = this.kept.find((x) => x.nodes.includes(nd));
    if (!d)
      return;
    const now = this.clock.now();
    if (!stepChanged && now - (this.lastProgress.get(d.id) ?? -Infinity) < PROGRESS_EVERY_MS)
      return;
    this.lastProgress.set(d.id, now);
    this.emit(d);
  }
};

// packages/grand-agent/dist/src/state/state-file.js
import { readFileSync } from "node:fs";
var StateFile = class {
  path;
  schema;
  constructor(path, schema) {
    this.path = path;
    this.schema = schema;
  }
  /** The document, or undefined when there is none yet; a damaged one is a StateFileError naming the file and the problem. */
  load() {
    let text;
    try {
      text = readFileSync(this.path, "utf8");
    } catch (err) {
      if (err.code === "ENOENT")
        return void 0;
      throw new StateFileError(this.path, err.message);
    }
    let value;
    try {
      value = JSON.parse(text);
    } catch {
      throw new StateFileError(this.path, "not JSON");
    }
    const r = this.schema.safeParse(value);
    if (!r.success)
      throw new StateFileError(this.path, r.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).slice(0, 3).join("; "));
    return r.data;
  }
  save(value) {
    writeFileDurably(this.path, `${JSON.stringify(value)}
`);
  }
};

// packages/grand-agent/dist/src/state/deployment-journal.js
var nodeSchema = external_exports.object({
  node: external_exports.string().min(1),
  state: external_exports.enum(["deploying", "complete", "cleaning", "clean", "failed", "timed-out"]),
  reason: external_exports.string().optional(),
  step: external_exports.string(),
  steps: external_exports.array(external_exports.object({ step: external_exports.string(), seconds: external_exports.number() })),
  files: external_exports.number(),
  bytes: external_exports.number(),
  filesFromCacheSource: external_exports.number(),
  filesFromStore: external_exports.number(),
  startedAt: external_exports.number().optional(),
  endedAt: external_exports.number().optional(),
  cleanup: external_exports.string().optional()
});
var deploymentSchema = external_exports.object({
  id: external_exports.string().min(1),
  kind: external_exports.enum(["deploy", "clean"]),
  site: external_exports.string(),
  version: external_exports.number().int().min(0),
  state: external_exports.enum(["waiting", "preparing", "running", "complete", "partial", "failed"]),
  cacheSource: external_exports.string().optional(),
  sessionId: external_exports.string().optional(),
  storeUrl: external_exports.string().optional(),
  createdAt: external_exports.number(),
  startedAt: external_exports.number().optional(),
  endedAt: external_exports.number().optional(),
  nodes: external_exports.array(nodeSchema).min(1),
  message: external_exports.string()
});
var fileSchema = external_exports.strictObject({ v: external_exports.literal(1), deployments: external_exports.array(deploymentSchema) });
var signature = (d) => JSON.stringify([d.state, d.message, d.startedAt, d.endedAt, d.nodes.map((n) => [n.state, n.reason, n.cleanup, n.startedAt, n.endedAt])]);
var DeploymentJournal = class {
  keep;
  onError;
  file;
  records = /* @__PURE__ */ new Map();
  written = /* @__PURE__ */ new Map();
  /** The records found at start, oldest first. */
  loaded;
  constructor(path, keep, onError) {
    this.keep = keep;
    this.onError = onError;
    this.file = new StateFile(path, fileSchema);
    this.loaded = this.file.load()?.deployments ?? [];
    for (const d of this.loaded) {
      this.records.set(d.id, d);
      this.written.set(d.id, signature(d));
    }
  }
  get path() {
    return this.file.path;
  }
  /** Keeps d (a copy) and writes the file if its state changed; a failed write is reported, not thrown (the manager goes on). */
  record(d) {
    const sig = signature(d);
    if (this.written.get(d.id) === sig)
      return;
    this.records.set(d.id, structuredClone(d));
    for (const [id, r] of this.records) {
      if (this.records.size <= this.keep)
        break;
      if (r.endedAt !== void 0) {
        this.records.delete(id);
        this.written.delete(id);
      }
    }
    try {
      this.file.save({ v: 1, deployments: [...this.records.values()] });
      this.written.set(d.id, sig);
    } catch (err) {
      this.onError(err);
    }
  }
};

// packages/grand-agent/dist/src/state/allocation-journal.js
var fileSchema2 = external_exports.strictObject({
  v: external_exports.literal(1),
  open: external_exports.array(external_exports.strictObject({ service: external_exports.string().min(1), node: external_exports.string().min(1), action: external_exports.enum(["add", "release"]), at: external_exports.number() }))
});
var AllocationJournal = class {
  onError;
  file;
  entries;
  constructor(path, onError) {
    this.onError = onError;
    this.file = new StateFile(path, fileSchema2);
    this.entries = this.file.load()?.open ?? [];
  }
  /** The open adds and releases of a service, oldest first. */
  open(service) {
    return this.entries.filter((e) => e.service === service).map((e) => ({ ...e }));
  }
  /** Records an add or release before its first step. */
  begin(entry) {
    this.drop(entry.service, entry.node);
    this.entries.push({ ...entry });
    this.save();
  }
  /** Its last step is done (or it failed): it is no longer open. */
  end(service, node) {
    if (this.drop(service, node))
      this.save();
  }
  drop(service, node) {
    const i = this.entries.findIndex((e) => e.service === service && e.node === node);
    if (i >= 0)
      this.entries.splice(i, 1);
    return i >= 0;
  }
  save() {
    try {
      this.file.save({ v: 1, open: this.entries });
    } catch (err) {
      this.onError(err);
    }
  }
};

// packages/grand-agent/dist/src/grand/grand-agent.js
var GRAND_SERVICE_TYPE = "lama.grand.v1.Grand";
var GrandAgent = class {
  o;
  alerts;
  monitor;
  pools;
  /** The Khnum manager: `lama deploy`, `lama clean`, and the allocator's adds and releases of sited services. */
  deployments;
  clock;
  verifier;
  lookup;
  ownServer;
  member;
  webhooks;
  boundEndpoint = "";
  // It runs once: start() and stop() are idempotent, and a stopped grand agent stays stopped.
  phase = "new";
  /** Expired nodes as they were last seen, until their alert says failure or partition. */
  expired = /* @__PURE__ */ new Map();
  constructor(o) {
    this.o = o;
    this.clock = o.clock ?? systemClock;
    const c = o.config;
    this.verifier = new CredentialVerifier(o.credential.poolPublicKey, this.clock);
    const principal = this.verifier.verifyToken(o.credential.token);
    requireRole(principal, "controller");
    if (c.embeddedLookup)
      requireRole(principal, "lookup");
    if (c.name !== void 0 && c.name !== principal.name) {
      throw new ConfigurationError(`name '${c.name}' is not the credential's name '${principal.name}' (a node's name is its credential's; omit name or issue a credential for it)`);
    }
    this.alerts = new AlertManager({ clock: this.clock, ...c.alerts });
    this.webhooks = c.alerts.webhooks.map((url) => new WebhookSender({ url, clock: this.clock }));
    this.monitor = new Monitor({
      credential: o.credential,
      intervalMs: c.monitor.intervalMs,
      minIntervalMs: c.monitor.minIntervalMs,
      historySamples: c.monitor.historySamples,
      clock: this.clock,
      // The adapter metrics services decide on (stream.listeners...) are sent when they move, not only every interval.
      earlyMetrics: [...new Set(c.services.map((s) => s.allocator.metric).filter((m) => m.includes(".")))],
      onStreamError: (node, err) => o.log.debug({ node, err: err.message }, "status stream failed; reopening")
    });
    let journal;
    let intents;
    if (c.stateDir) {
      mkdirSync(c.stateDir, { recursive: true });
      const failed = (what) => (err) => o.log.error({ err: err.message }, `${what} could not be written: a restart now would not know of it`);
      journal = new DeploymentJournal(join(c.stateDir, "deployments.json"), c.deploy.keep, failed("the deployment journal"));
      intents = new AllocationJournal(join(c.stateDir, "allocations.json"), failed("the allocation journal"));
    }
    this.deployments = new DeploymentManager({
      credential: o.credential,
      directory: monitorDirectory(this.monitor),
      config: c.deploy,
      clock: this.clock,
      holdReason: () => this.alerts.holdReason,
      onFailed: (d) => this.alerts.deploymentFailed(d),
      journal,
      resumeWaitMs: c.resumeWaitMs
    });
    this.pools = c.services.map((service) => new ServicePool({
      service,
      monitor: this.monitor,
      clock: this.clock,
      log: o.log,
      holdReason: () => this.alerts.holdReason,
      deployments: this.deployments,
      releaseKeepsCache: c.deploy.releaseKeepsCache,
      intents,
      resumeWaitMs: c.resumeWaitMs
    }));
  }
  mdns() {
    const m = this.o.config.multicast;
    return m.enabled ? normalizeMdns({ interface: m.interface, port: m.port, group: m.group, ttl: m.ttl }) : false;
  }
  /** HOST:PORT of the Grand API (and the embedded lookup service), after start(). */
  get endpoint() {
    return this.boundEndpoint;
  }
  get serviceId() {
    return this.member?.serviceId;
  }
  /** The embedded lookup service, after start() (none with embeddedLookup false). */
  get embeddedLookup() {
    return this.lookup;
  }
  /** Every decision kept, of every service, oldest first. */
  decisions() {
    return this.pools.flatMap((p) => p.policy.log.entries()).sort((a, b) => a.at - b.at);
  }
  async start() {
    if (this.phase !== "new")
      return;
    this.phase = "started";
    const c = this.o.config;
    const log = this.o.log;
    const { definition: protoDefinition, grpcObject } = loadProto("grand");
    const handlers = grandHandlers({
      alerts: () => this.alerts.list(),
      alertStream: () => this.alerts.alerts,
      decisions: () => this.decisions(),
      decisionStream: () => merge(...this.pools.map((p) => p.policy.log.recorded)),
      pool: () => this.pool(),
      clock: this.clock,
      deployments: this.deployments
    }, this.verifier, this.o.credential.certificate.name, (method, err) => log.warn({ method, err: err.message }, "call rejected"));
    const grand = { name: GRAND_SERVICE_TYPE, definition: grpcObject.lama.grand.v1.Grand.service, handlers };
    if (c.embeddedLookup) {
      this.lookup = new LookupServer({
        credential: this.o.credential,
        listen: c.listen,
        maxLeaseMs: c.maxLeaseMs,
        groups: c.groups,
        mdns: this.mdns(),
        announceIntervalMs: c.announceIntervalMs,
        advertiseHost: c.advertiseHost,
        clock: this.clock,
        services: [grand]
      });
      this.lookup.on("rejected", (method, err) => log.warn({ method, err: err.message }, "call rejected"));
      await this.lookup.start();
      this.boundEndpoint = this.lookup.endpoint;
    } else {
      this.ownServer = new RpcServer({
        credential: this.o.credential,
        listen: c.listen,
        services: [grand],
        reflection: [protoDefinition],
        graceMs: 1e3,
        advertiseHost: c.advertiseHost,
        mdnsInterface: c.multicast.interface
      });
      this.boundEndpoint = await this.ownServer.start();
    }
    this.alerts.alerts.subscribe((a) => {
      this.onAlert(a);
      log.warn({ alert: a.kind, node: a.node, nodes: a.nodes, roles: a.roles, at: a.at, id: a.id }, `ALERT ${a.kind}: ${a.message}`);
      for (const w of this.webhooks) {
        void w.send(a).then((ok) => {
          if (!ok)
            log.error({ alert: a.id, url: w.url, results: w.results.at(-1) }, "webhook delivery failed after every retry");
        });
      }
    });
    const logged = /* @__PURE__ */ new Map();
    this.deployments.changes.subscribe((d) => {
      if (logged.get(d.id) === d.state)
        return;
      logged.set(d.id, d.state);
      const nodes = Object.fromEntries(d.nodes.map((n) => [n.node, n.endedAt !== void 0 && n.startedAt !== void 0 ? `${n.state} ${((n.endedAt - n.startedAt) / 1e3).toFixed(1)} s` : n.state]));
      const ended = d.state === "complete" || d.state === "partial" || d.state === "failed";
      if (ended)
        logged.delete(d.id);
      log[d.state === "complete" || !ended ? "info" : "warn"]({ deployment: d.id, kind: d.kind, site: d.site, version: d.version, state: d.state, cacheSource: d.cacheSource, nodes, message: d.message }, `${d.kind === "deploy" ? "deployment" : "cleaning"} ${d.id} ${d.state}`);
    });
    this.monitor.events.subscribe((e) => {
      if (e.type === "joined") {
        log.info({ node: e.node.name, endpoint: e.node.endpoint, roles: e.node.roles }, "node joined");
        this.alerts.arrived(e.node.name);
      } else if (e.type === "left")
        this.left(e.node, e.reason, e.poolSize);
    });
    const member = new PoolMember({
      credential: this.o.credential,
      groups: c.groups,
      mdns: this.mdns(),
      clock: this.clock,
      leaseMs: c.leaseMs,
      revocations: this.verifier.revocations,
      // The embedded lookup service is a locator too: multicast may be off.
      locators: [...c.lookups, ...this.lookup ? [this.boundEndpoint] : []],
      item: { serviceTypes: [GRAND_SERVICE_TYPE], endpoint: this.boundEndpoint, attributes: [{ type: NAME_ENTRY, fields: { name: this.o.credential.certificate.name } }, { type: "lama.Role", fields: { role: "grand" } }] }
    });
    this.member = member;
    member.on("registered", (l) => log.info({ lookup: l.name, endpoint: l.endpoint, serviceId: member.serviceId }, "registered"));
    member.on("lost", (l, reason) => log.warn({ lookup: l.name, reason }, "registration lost"));
    await this.monitor.start(member.discovery);
    await member.start();
    await this.deployments.start();
    for (const p of this.pools)
      await p.start();
  }
  left(node, reason, poolSize) {
    this.o.log.info({ node: node.name, reason }, reason === "EXPIRED" ? "node lease expired" : "node left");
    if (reason === "EXPIRED")
      this.expired.set(node.name, node);
    this.alerts.departed({
      node: node.name,
      serviceId: node.serviceId,
      roles: node.roles,
      endpoint: node.endpoint,
      reason,
      poolSize,
      lifecycle: lifecycleText(lifecycleOf(node.item.attributes)),
      ...node.status && { lastStatus: { at: new Date(node.statusAt ?? 0).toISOString(), cpu: node.status.cpuUtilization, adapters: Object.fromEntries(node.status.adapters.map((a) => [a.name, a.state])) } }
    });
  }
  /**
   * A failure (lease-expired) is replaced at once if it served. A partition changes nothing
   * until it clears; then the nodes that did not come back leave their dispatchers.
   */
  onAlert(a) {
    if (a.kind === "lease-expired" && a.node) {
      const node = this.expired.get(a.node);
      this.expired.delete(a.node);
      if (node)
        for (const p of this.pools)
          p.nodeFailed(node);
    } else if (a.kind === "partition-cleared") {
      for (const name of a.nodes ?? []) {
        const node = this.expired.get(name);
        this.expired.delete(name);
        if (node && !this.monitor.byName(name))
          for (const p of this.pools)
            p.nodeGone(node);
      }
    }
  }
  /** The pool as the Grand API's Pool call returns it. */
  pool() {
    const snapshots = this.pools.map((p) => p.snapshot());
    const pending = /* @__PURE__ */ new Map();
    for (const p of this.pools)
      for (const x of p.poolNodes())
        if (x.pending && !pending.has(x.name))
          pending.set(x.name, x.pending);
    return {
      grand: this.o.config.name,
      atMs: this.clock.now(),
      lookups: this.member?.discovery.lookups.map((l) => l.endpoint) ?? [],
      nodes: this.monitor.list().map((n) => {
        const servedBy = this.pools.filter((p) => p.serves(n));
        const lease = this.monitor.lease(n);
        const loads = {};
        for (const p of servedBy)
          if (n.status)
            loads[p.name] = metricValue(n.status, p.policy.config.metric);
        return {
          node: n.name,
          endpoint: n.endpoint,
          roles: n.roles,
          lastStatusMs: n.statusAt ?? 0,
          cpuUtilization: n.status?.cpuUtilization ?? 0,
          rxBitsPerSec: n.status?.rxBitsPerSec ?? 0,
          txBitsPerSec: n.status?.txBitsPerSec ?? 0,
          adapters: Object.fromEntries((n.status?.adapters ?? []).map((a) => [a.name, a.state])),
          loads,
          serving: servedBy[0]?.name ?? "",
          pending: pending.get(n.name) ?? "",
          samples: n.series.size,
          lifecycle: lifecycleText(lifecycleOf(n.item.attributes)),
          leaseExpiresMs: lease?.expiresAt ?? 0,
          leaseMs: lease?.leaseMs ?? 0
        };
      }).sort((a, b) => a.node.localeCompare(b.node)),
      services: snapshots.map((s) => ({
        name: s.name,
        role: s.role,
        metric: s.metric,
        predictor: s.predictor,
        capacityPerNode: s.capacityPerNode,
        n: s.n,
        serving: s.serving,
        sum: s.sum,
        hasForecast: s.forecast !== void 0,
        level: s.level ?? 0,
        forecast: s.forecast ?? 0,
        upperBound: s.upperBound,
        lowerBound: s.lowerBound ?? 0,
        holdReason: s.holdReason ?? "",
        dryRun: s.dryRun
      }))
    };
  }
  /** Cancels its own registration, stops the loops, streams and servers. */
  async stop() {
    if (this.phase === "stopped")
      return;
    this.phase = "stopped";
    for (const p of this.pools)
      await p.stop();
    await this.deployments.stop();
    for (const w of this.webhooks)
      await w.stop();
    await this.member?.stop().catch(() => void 0);
    await this.monitor.stop();
    await this.alerts.stop();
    await this.lookup?.stop(500);
    await this.ownServer?.stop();
  }
};
function monitorDirectory(monitor) {
  const view = (n) => ({
    name: n.name,
    endpoint: n.endpoint,
    owner: n.item.owner,
    attributes: n.item.attributes,
    ...n.status && { cpuUtilization: n.status.cpuUtilization, txBitsPerSec: n.status.txBitsPerSec }
  });
  return {
    byName: (name) => {
      const n = monitor.byName(name);
      return n && view(n);
    },
    list: () => monitor.list().map(view)
  };
}

// packages/grand-agent/dist/src/grand/grand-client.js
var wire;
var wireClass = () => wire ??= loadProto("grand").grpcObject.lama.grand.v1.Grand;
var GrandClient = class extends RpcClient {
  /** `name`: the grand agent's credential name; the peer must hold role controller (every grand agent does, with or without its embedded lookup service) and, when given, this name. */
  constructor(endpoint, credential, timeoutMs = 1e4, name) {
    super(wireClass(), { endpoint, credential, timeoutMs, expect: { name, role: "controller" } });
  }
  async alerts(afterId = 0) {
    const r = await this.unary("ListAlerts", { afterId });
    return r.alerts.map(alertFromWire);
  }
  async decisions(o = {}) {
    const r = await this.unary("ListDecisions", o);
    return r.decisions.map(decisionFromWire);
  }
  pool() {
    return this.unary("Pool", {});
  }
  /** The pool view every intervalMs (0: the grand agent's 2 s), the first at once. */
  watchPool(intervalMs = 0) {
    return this.serverStream(() => this.wire.WatchPool({ intervalMs }));
  }
  /** Decisions as they are recorded (after replaying those at or after sinceMs; -1 replays none). */
  watchDecisions(sinceMs = -1) {
    return this.serverStream(() => this.wire.WatchDecisions({ sinceMs }), decisionFromWire);
  }
  /** Deploys SITE[@VERSION] onto FREE nodes: the deployment at every change, completing when it ends. */
  deploy(req) {
    return this.serverStream(() => this.wire.Deploy({ site: req.site, version: req.version ?? 0, nodes: req.nodes, storeUrl: req.storeUrl ?? "" }), deploymentFromWire);
  }
  /** Cleans nodes back to FREE: the cleaning at every change, completing when it ends. */
  clean(nodes, keepCache = false) {
    return this.serverStream(() => this.wire.Clean({ nodes, keepCache }), deploymentFromWire);
  }
  /** The deployments and cleanings kept, oldest first. */
  async deployments(site = "") {
    const r = await this.unary("ListDeployments", { site });
    return r.deployments.map(deploymentFromWire);
  }
  /** Each deployment and cleaning at every change (after replaying every kept one when replay is set). */
  watchDeployments(replay = false) {
    return this.serverStream(() => this.wire.WatchDeployments({ replay }), deploymentFromWire);
  }
  /** New alerts as they are raised (after replaying those with id > afterId; -1 replays none). */
  watchAlerts(afterId = -1) {
    return this.serverStream(() => this.wire.WatchAlerts({ afterId }), alertFromWire);
  }
};

export {
  parseGrandConfig,
  GRAND_SERVICE_TYPE,
  GrandAgent,
  GrandClient
};
