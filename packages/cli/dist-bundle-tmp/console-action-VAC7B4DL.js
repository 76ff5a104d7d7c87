import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  findGrand
} from "./chunk-ZLAP3NJO.js";
import {
  createLogger,
  onShutdown
} from "./chunk-GV54AVZ6.js";
import "./chunk-VQ72MLK2.js";
import "./chunk-ISG3PS6S.js";
import "./chunk-FRI7J5OI.js";
import "./chunk-25767RH4.js";
import {
  GrandClient
} from "./chunk-W4TKKIOO.js";
import {
  AgentClient
} from "./chunk-QKHI2ZJ4.js";
import "./chunk-C6NIVJPH.js";
import "./chunk-7AIZH35D.js";
import "./chunk-IZY2JOMO.js";
import "./chunk-2CLNWT2G.js";
import "./chunk-CV5GMX46.js";
import {
  parseSiteRef
} from "./chunk-R4APUNPC.js";
import "./chunk-4UNPKTYS.js";
import "./chunk-X66OQOLM.js";
import "./chunk-IWLBJ6JX.js";
import "./chunk-KSE75MTL.js";
import "./chunk-ZMUX57ID.js";
import "./chunk-EXKF7SXK.js";
import "./chunk-JXIYF6K4.js";
import "./chunk-36O33FJM.js";
import "./chunk-S3SJLHWA.js";
import "./chunk-VCFP5DZ7.js";
import "./chunk-VMRBDOJN.js";
import "./chunk-W74NIISL.js";
import {
  loadCredential
} from "./chunk-AGYS2BOI.js";
import "./chunk-GREZTAM7.js";
import "./chunk-YUNTATBM.js";
import "./chunk-I7Y4U2ZV.js";
import {
  describeRemoteError,
  require_src
} from "./chunk-IKSWEGPT.js";
import {
  formatHostPort,
  parseHostPort
} from "./chunk-MT4BYXDY.js";
import "./chunk-ZWHKMG5D.js";
import "./chunk-FEDWZIOZ.js";
import {
  systemClock
} from "./chunk-A4HYEA5Q.js";
import "./chunk-COLKQ3MG.js";
import {
  ConfigurationError,
  LamaError,
  registerErrors
} from "./chunk-2F4QKM7O.js";
import "./chunk-532ZK4EG.js";
import {
  __toESM
} from "./chunk-5RG6R7ES.js";

// packages/cli/dist/src/cli/console-action.js
import { resolve } from "node:path";
import { createInterface } from "node:readline";

// packages/console/dist/src/feed/console-feed.js
function decisionKey(d) {
  return `${d.service} ${d.at}`;
}
var ConsoleFeed = class {
  o;
  clock;
  pool = null;
  history = /* @__PURE__ */ new Map();
  alerts = [];
  decisions = [];
  // By id, in the grand agent's order; each with the JSON last sent, so only changes go out.
  deployments = /* @__PURE__ */ new Map();
  acked = /* @__PURE__ */ new Set();
  link = { connected: false };
  listeners = /* @__PURE__ */ new Set();
  subs = [];
  timers = [];
  running = false;
  lastAlertId = 0;
  lastDecisionMs = 0;
  constructor(o) {
    this.o = o;
    this.clock = o.clock ?? systemClock;
  }
  /** Adds a listener of every change; returns what removes it. */
  listen(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
  get listenerCount() {
    return this.listeners.size;
  }
  /** The state a new browser starts from. */
  snapshot() {
    return {
      pool: this.pool,
      history: Object.fromEntries(this.history),
      alerts: [...this.alerts],
      decisions: [...this.decisions],
      deployments: [...this.deployments.values()].map((x) => x.d),
      acked: [...this.acked],
      link: this.link
    };
  }
  /** The node's control endpoint in the latest pool view. */
  node(name) {
    return this.pool?.nodes.find((n) => n.node === name);
  }
  /** Whether an alert of this id was seen. */
  hasAlert(id) {
    return this.alerts.some((a) => a.id === id);
  }
  /** Marks an alert acknowledged for every browser of this console. */
  acknowledge(id) {
    if (this.acked.has(id))
      return;
    this.acked.add(id);
    this.emit({ type: "ack", id });
  }
  async start() {
    if (this.running)
      return;
    this.running = true;
    this.open("pool", 0);
    this.open("alerts", 0);
    this.open("decisions", 0);
    this.open("deployments", 0);
  }
  async stop() {
    this.running = false;
    for (const s of this.subs.splice(0))
      s.unsubscribe();
    for (const t of this.timers.splice(0))
      t.cancel();
    this.listeners.clear();
  }
  emit(e) {
    for (const fn of this.listeners)
      fn(e);
  }
  setLink(link) {
    if (link.connected === this.link.connected && link.error === this.link.error)
      return;
    this.link = link;
    this.emit({ type: "link", link });
  }
  // Each stream resumes where it stopped: alerts after the last id, decisions after the last time.
  open(which, failures) {
    if (!this.running)
      return;
    const g = this.o.grand;
    const retry = (err) => {
      this.setLink({ connected: false, error: `${which} stream: ${err.message}` });
      const delay = Math.min(1e4, 1e3 * 2 ** failures);
      this.timers.push(this.clock.setTimer(() => this.open(which, failures + 1), delay));
    };
    const ended = () => retry(new Error("the grand agent ended the stream"));
    let sub;
    if (which === "pool") {
      sub = g.watchPool(this.o.intervalMs ?? 1e3).subscribe({ next: (p) => {
        failures = 0;
        this.onPool(p);
      }, error: retry, complete: ended });
    } else if (which === "alerts") {
      sub = g.watchAlerts(this.lastAlertId).subscribe({ next: (a) => {
        failures = 0;
        this.onAlert(a);
      }, error: retry, complete: ended });
    } else if (which === "deployments") {
      sub = g.watchDeployments(true).subscribe({ next: (d) => {
        failures = 0;
        this.onDeployment(d);
      }, error: retry, complete: ended });
    } else {
      sub = g.watchDecisions(this.decisionsResumeAt()).subscribe({ next: (d) => {
        failures = 0;
        this.onDecision(d);
      }, error: retry, complete: ended });
    }
    this.subs.push(sub);
  }
  // A reopened stream replays every kept deployment: only those that changed meanwhile go out.
  onDeployment(d) {
    const json = JSON.stringify(d);
    if (this.deployments.get(d.id)?.json === json)
      return;
    this.deployments.set(d.id, { d, json });
    const keep = this.o.keep ?? 500;
    for (const id of this.deployments.keys()) {
      if (this.deployments.size <= keep)
        break;
      this.deployments.delete(id);
    }
    this.emit({ type: "deployment", deployment: d });
  }
  onPool(p) {
    const pool = p;
    this.pool = pool;
    this.setLink({ connected: true });
    const points = {};
    const max = this.o.historyPoints ?? 900;
    for (const s of pool.services) {
      const point = {
        t: pool.atMs,
        sum: s.sum,
        n: s.n,
        capacity: s.n * s.capacityPerNode,
        upper: s.upperBound,
        lower: s.lowerBound,
        forecast: s.hasForecast ? s.forecast : null
      };
      const h = this.history.get(s.name) ?? [];
      h.push(point);
      if (h.length > max)
        h.splice(0, h.length - max);
      this.history.set(s.name, h);
      points[s.name] = point;
    }
    this.emit({ type: "pool", pool, points });
  }
  onAlert(a) {
    if (a.id <= this.lastAlertId)
      return;
    this.lastAlertId = a.id;
    const { lastStatus: _, ...alert } = a;
    this.push(this.alerts, alert);
    this.emit({ type: "alert", alert });
  }
  // A decision comes again when it changes (its deployment starts, its outcome): it replaces the one kept.
  onDecision(d) {
    this.lastDecisionMs = Math.max(this.lastDecisionMs, Date.parse(d.at));
    const key = decisionKey(d);
    let i = this.decisions.length - 1;
    while (i >= 0 && decisionKey(this.decisions[i]) !== key)
      i--;
    if (i >= 0) {
      if (JSON.stringify(this.decisions[i]) === JSON.stringify(d))
        return;
      this.decisions[i] = d;
    } else
      this.push(this.decisions, d);
    this.emit({ type: "decision", decision: d });
  }
  // A reopened stream replays from the oldest add or release still under way, so its outcome is not missed.
  decisionsResumeAt() {
    const open = this.decisions.find((d) => d.action !== "hold" && d.outcome === void 0);
    if (open)
      return Date.parse(open.at);
    return this.lastDecisionMs + (this.lastDecisionMs ? 1 : 0);
  }
  push(list, x) {
    list.push(x);
    const keep = this.o.keep ?? 500;
    if (list.length > keep)
      list.splice(0, list.length - keep);
  }
};

// packages/console/dist/src/http/console-server.js
var grpc = __toESM(require_src(), 1);
import { createServer } from "node:http";

// packages/console/dist/src/errors.js
var SignInError = class extends LamaError {
  constructor(message) {
    super("ERR_CONSOLE_SIGN_IN", message);
  }
};
var NoSessionError = class extends LamaError {
  constructor(message) {
    super("ERR_CONSOLE_NO_SESSION", message);
  }
};
var ConsoleForbiddenError = class extends LamaError {
  constructor(message) {
    super("ERR_CONSOLE_FORBIDDEN", message);
  }
};
var ConsoleRequestError = class extends LamaError {
  constructor(message) {
    super("ERR_CONSOLE_REQUEST", message);
  }
};
var ConsoleNotFoundError = class extends LamaError {
  constructor(path) {
    super("ERR_CONSOLE_NOT_FOUND", `nothing is served at ${path}`);
  }
};
var CONSOLE_ERRORS = {
  ERR_CONSOLE_SIGN_IN: { type: SignInError, status: "UNAUTHENTICATED" },
  ERR_CONSOLE_NO_SESSION: { type: NoSessionError, status: "UNAUTHENTICATED" },
  ERR_CONSOLE_FORBIDDEN: { type: ConsoleForbiddenError, status: "PERMISSION_DENIED" },
  ERR_CONSOLE_REQUEST: { type: ConsoleRequestError, status: "INVALID_ARGUMENT" },
  ERR_CONSOLE_NOT_FOUND: { type: ConsoleNotFoundError, status: "NOT_FOUND" }
};
registerErrors(CONSOLE_ERRORS);
var HTTP_STATUS = {
  ERR_CONSOLE_SIGN_IN: 401,
  ERR_CONSOLE_NO_SESSION: 401,
  ERR_CONSOLE_FORBIDDEN: 403,
  ERR_CONSOLE_REQUEST: 400,
  ERR_CONSOLE_NOT_FOUND: 404
};

// packages/console/dist/src/http/request-guard.js
var MAX_BODY_BYTES = 16 * 1024;
function sessionCookieName(port) {
  return `lama_console_${port}`;
}
function sessionCookie(req, name) {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name)
      return v.join("=");
  }
  return void 0;
}
function checkOrigin(req, hosts, changing) {
  const host = req.headers.host ?? "";
  if (!hosts.has(host))
    throw new ConsoleForbiddenError(`Host '${host}' is not this console's address (${[...hosts].join(", ")})`);
  if (!changing)
    return;
  const origin = req.headers.origin;
  if (origin !== `http://${host}`)
    throw new ConsoleForbiddenError(`a request that changes something must come from this console's page (Origin ${origin ?? "missing"})`);
  const site = req.headers["sec-fetch-site"];
  if (site !== void 0 && site !== "same-origin")
    throw new ConsoleForbiddenError(`a request that changes something must be same-origin (Sec-Fetch-Site ${String(site)})`);
}
async function readJson(req) {
  const type = req.headers["content-type"] ?? "";
  const chunks = [];
  let size = 0;
  for await (const c of req) {
    size += c.length;
    if (size > MAX_BODY_BYTES)
      throw new ConsoleRequestError(`the request body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(c);
  }
  if (size === 0)
    return {};
  if (!type.startsWith("application/json"))
    throw new ConsoleRequestError(`the request body must be application/json, not '${type}'`);
  let v;
  try {
    v = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch (err) {
    throw new ConsoleRequestError(`the request body is not JSON: ${err.message}`);
  }
  if (typeof v !== "object" || v === null || Array.isArray(v))
    throw new ConsoleRequestError("the request body must be a JSON object");
  return v;
}
function stringMap(v, field) {
  if (typeof v !== "object" || v === null || Array.isArray(v))
    throw new ConsoleRequestError(`'${field}' must be an object of strings`);
  for (const [k, x] of Object.entries(v))
    if (typeof x !== "string")
      throw new ConsoleRequestError(`'${field}.${k}' must be a string`);
  return v;
}
function nodeList(v) {
  if (!Array.isArray(v) || v.length === 0 || v.some((x) => typeof x !== "string" || x === ""))
    throw new ConsoleRequestError("'nodes' must be a non-empty list of node names");
  return v;
}
function siteVersion(v) {
  if (typeof v !== "string")
    throw new ConsoleRequestError("'site' must be SITE or SITE@VERSION");
  try {
    const { site, version } = parseSiteRef(v);
    return { site, version: version ?? 0 };
  } catch (err) {
    throw new ConsoleRequestError(`'site': ${err.message}`);
  }
}

// packages/console/dist/src/http/static-page.js
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
var TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml"
};
var FILES = ["index.html", "app.js", "console.css", "uPlot.min.css"];
var CHUNK = /^chunk-[A-Za-z0-9]+\.js$/;
var PAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "web");
function loadPage(dir = PAGE_DIR) {
  const page = /* @__PURE__ */ new Map();
  for (const f of FILES) {
    const path = join(dir, f);
    if (!existsSync(path))
      throw new Error(`the console's page is not built (${path} is missing): run npm run build`);
    page.set(`/${f}`, { body: readFileSync(path), type: TYPES[f.slice(f.lastIndexOf("."))] ?? "application/octet-stream" });
  }
  for (const f of readdirSync(dir).filter((x) => CHUNK.test(x)))
    page.set(`/${f}`, { body: readFileSync(join(dir, f)), type: TYPES[".js"] });
  page.set("/", page.get("/index.html"));
  return page;
}

// packages/console/dist/src/http/console-server.js
var SECURITY_HEADERS = {
  // Nothing from anywhere else: the page, its script, its styles and its stream are all ours.
  "content-security-policy": "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer"
};
var VERBS = /* @__PURE__ */ new Set(["start", "stop", "set"]);
var HEARTBEAT_MS = 15e3;
var GRPC_TO_HTTP = {
  [grpc.status.INVALID_ARGUMENT]: 400,
  [grpc.status.NOT_FOUND]: 404,
  [grpc.status.PERMISSION_DENIED]: 403,
  [grpc.status.FAILED_PRECONDITION]: 409,
  [grpc.status.DEADLINE_EXCEEDED]: 504
};
var ConsoleServer = class {
  o;
  server;
  page;
  sockets = /* @__PURE__ */ new Set();
  streams = /* @__PURE__ */ new Set();
  clock;
  hosts = /* @__PURE__ */ new Set();
  bound = "";
  cookie = "";
  constructor(o) {
    this.o = o;
    this.clock = o.clock ?? systemClock;
  }
  /** http://HOST:PORT of the console, after start(). */
  get url() {
    return `http://${this.bound}`;
  }
  /** Browsers streaming now. */
  get streamCount() {
    return this.streams.size;
  }
  /** The sign-in URL of a new one-time token. */
  signInUrl() {
    return `${this.url}/signin?token=${this.o.sessions.issueSignIn()}`;
  }
  async start() {
    if (this.server)
      return;
    this.page = loadPage();
    const at = parseHostPort(this.o.listen);
    if (!at)
      throw new ConfigurationError(`--listen ${this.o.listen}: must be HOST:PORT`);
    const { host, port } = at;
    const server = createServer((req, res) => void this.handle(req, res));
    server.on("connection", (s) => {
      this.sockets.add(s);
      s.on("close", () => this.sockets.delete(s));
    });
    this.server = server;
    await new Promise((resolveListen, reject) => {
      server.once("error", (err) => {
        this.server = void 0;
        reject(new ConfigurationError(`--listen ${this.o.listen}: cannot serve the console there (${err.code ?? err.message})`));
      });
      server.listen(port, host, () => resolveListen());
    });
    const actual = server.address().port;
    this.bound = formatHostPort(host, actual);
    this.cookie = sessionCookieName(actual);
    this.hosts = /* @__PURE__ */ new Set([this.bound, ...host === "127.0.0.1" || host === "::1" ? [`localhost:${actual}`] : []]);
  }
  async stop() {
    const server = this.server;
    if (!server)
      return;
    this.server = void 0;
    for (const s of this.streams)
      s.end();
    await new Promise((r) => server.close(() => r()));
    for (const s of this.sockets)
      s.destroy();
  }
  async handle(req, res) {
    for (const [k, v] of Object.entries(SECURITY_HEADERS))
      res.setHeader(k, v);
    const url = new URL(req.url ?? "/", "http://console");
    const changing = req.method !== "GET" && req.method !== "HEAD";
    try {
      checkOrigin(req, this.hosts, changing);
      if (req.method === "GET" && url.pathname === "/signin")
        return this.signIn(url, res);
      if (req.method === "GET" && this.page?.has(url.pathname))
        return this.servePage(req, url.pathname, res);
      const session = this.o.sessions.session(sessionCookie(req, this.cookie));
      if (req.method === "GET" && url.pathname === "/api/session")
        return this.json(res, 200, this.sessionInfo(session));
      if (req.method === "GET" && url.pathname === "/events")
        return this.stream(session, res);
      if (!changing)
        throw new ConsoleNotFoundError(url.pathname);
      if (req.method !== "POST")
        throw new ConsoleRequestError(`method ${req.method} is not served; actions are POSTs`);
      if (req.headers["x-lama-csrf"] !== session.csrf)
        throw new ConsoleForbiddenError("the X-Lama-Csrf header is missing or is not this session's token");
      if (url.pathname === "/api/signout") {
        this.o.sessions.end(sessionCookie(req, this.cookie) ?? "");
        res.setHeader("set-cookie", `${this.cookie}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`);
        return this.json(res, 200, { ok: true });
      }
      if (!session.roles.includes("controller")) {
        throw new ConsoleForbiddenError(`this session has role ${session.roles.join(", ")}: actions need role controller (sign in through a console run with a controller credential)`);
      }
      return await this.act(req, url.pathname, res);
    } catch (err) {
      this.fail(req, res, err);
    }
  }
  signIn(url, res) {
    const session = this.o.sessions.redeem(url.searchParams.get("token") ?? "");
    const maxAge = Math.floor((session.expiresAt - this.clock.now()) / 1e3);
    res.setHeader("set-cookie", `${this.cookie}=${session.id}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${maxAge}`);
    res.writeHead(303, { location: "/", "cache-control": "no-store" }).end();
  }
  servePage(req, path, res) {
    const f = this.page?.get(path);
    let body = f.body;
    if (path === "/" || path === "/index.html") {
      const session = this.o.sessions.session(sessionCookie(req, this.cookie));
      if (this.o.inlineFirstView !== false)
        body = withBoot(body, { session: this.sessionInfo(session), snapshot: this.o.feed.snapshot() });
    }
    res.writeHead(200, { "content-type": f.type, "content-length": body.length, "cache-control": "no-store" }).end(body);
  }
  sessionInfo(s) {
    return { roles: [...s.roles], csrf: s.csrf, expiresAt: s.expiresAt, credential: this.o.credentialName };
  }
  stream(session, res) {
    if (this.streams.size >= (this.o.maxStreams ?? 100))
      throw new ConsoleForbiddenError(`this console serves ${this.o.maxStreams ?? 100} browsers at most`);
    res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store", connection: "keep-alive" });
    res.write(`retry: 2000
event: snapshot
data: ${JSON.stringify(this.o.feed.snapshot())}

`);
    this.streams.add(res);
    const maxBuffered = this.o.maxBufferedBytes ?? 4 * 1024 * 1024;
    const unlisten = this.o.feed.listen((e) => {
      res.write(`event: ${e.type}
data: ${JSON.stringify(e)}

`);
      if (res.writableLength > maxBuffered)
        res.destroy();
    });
    const heartbeat = setInterval(() => res.write(": ping\n\n"), HEARTBEAT_MS);
    const expiry = this.clock.setTimer(() => res.end(`event: expired
data: {}

`), Math.max(0, session.expiresAt - this.clock.now()));
    res.on("close", () => {
      unlisten();
      clearInterval(heartbeat);
      expiry.cancel();
      this.streams.delete(res);
    });
  }
  async act(req, path, res) {
    const parts = path.split("/").slice(1).map((p) => decodeURIComponent(p));
    const body = await readJson(req);
    if (parts.length === 6 && parts[0] === "api" && parts[1] === "nodes" && parts[3] === "adapters" && VERBS.has(parts[5])) {
      const params = parts[5] === "set" ? stringMap(body.params, "params") : {};
      const status2 = await this.o.actions.adapter(parts[2], parts[4], parts[5], params);
      return this.json(res, 200, { ok: true, status: status2 });
    }
    if (parts.length === 4 && parts[0] === "api" && parts[1] === "alerts" && parts[3] === "ack") {
      const id = Number(parts[2]);
      if (!Number.isSafeInteger(id) || id < 1)
        throw new ConsoleRequestError(`'${parts[2]}' is not an alert id`);
      this.o.actions.acknowledge(id);
      return this.json(res, 200, { ok: true });
    }
    if (path === "/api/deploy") {
      const { site, version } = siteVersion(body.site);
      const deployment = await this.o.deployments.deploy(site, version, nodeList(body.nodes));
      return this.json(res, 200, { ok: true, deployment });
    }
    if (path === "/api/clean") {
      if (body.keepCache !== void 0 && typeof body.keepCache !== "boolean")
        throw new ConsoleRequestError("'keepCache' must be true or false");
      const deployment = await this.o.deployments.clean(nodeList(body.nodes), body.keepCache === true);
      return this.json(res, 200, { ok: true, deployment });
    }
    throw new ConsoleNotFoundError(path);
  }
  json(res, status2, body) {
    const text = JSON.stringify(body);
    res.writeHead(status2, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" }).end(text);
  }
  fail(req, res, err) {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    let status2 = 500;
    let message = err instanceof Error ? err.message : String(err);
    let code = "ERR_INTERNAL";
    if (err instanceof LamaError && err.code in HTTP_STATUS)
      [status2, code] = [HTTP_STATUS[err.code], err.code];
    else if (err instanceof LamaError) {
      const remote = describeRemoteError(err);
      const grpcStatus = err.status;
      status2 = grpcStatus !== void 0 && GRPC_TO_HTTP[grpcStatus] || 502;
      message = remote ? `agent: ${remote}` : message;
      code = err.code;
    }
    const wantsHtml = req.method === "GET" && (req.headers.accept ?? "").includes("text/html");
    if (wantsHtml) {
      const escaped = message.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
      res.writeHead(status2, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" }).end(`<!doctype html><meta charset="utf-8"><title>LAMA console</title><h1>LAMA console</h1><p>${escaped}</p>`);
      return;
    }
    this.json(res, status2, { error: message, code });
  }
};
function withBoot(page, boot) {
  const html = page.toString("utf8");
  const at = html.lastIndexOf("</body>");
  const block = `<script type="application/json" id="lama-boot">${JSON.stringify(boot).replace(/</g, "\\u003c")}</script>
`;
  return Buffer.from(`${html.slice(0, at)}${block}${html.slice(at)}`, "utf8");
}

// packages/console/dist/src/auth/session-store.js
import { createHash, randomBytes } from "node:crypto";
var token = () => randomBytes(32).toString("base64url");
var digest = (t) => createHash("sha256").update(t).digest("base64url");
var SessionStore = class {
  o;
  signIns = /* @__PURE__ */ new Map();
  sessions = /* @__PURE__ */ new Map();
  signInTtlMs;
  sessionTtlMs;
  maxSessions;
  constructor(o) {
    this.o = o;
    this.signInTtlMs = o.signInTtlMs ?? 5 * 6e4;
    this.sessionTtlMs = o.sessionTtlMs ?? 8 * 36e5;
    this.maxSessions = o.maxSessions ?? 1e3;
  }
  /** A new single-use sign-in token, valid for signInTtlMs. */
  issueSignIn() {
    const t = token();
    const now = this.o.clock.now();
    for (const [k, exp] of this.signIns)
      if (exp <= now)
        this.signIns.delete(k);
    this.signIns.set(digest(t), now + this.signInTtlMs);
    return t;
  }
  /** Trades a sign-in token for a session; the token is spent whatever happens next. */
  redeem(signIn) {
    const key = digest(signIn);
    const expires = this.signIns.get(key);
    this.signIns.delete(key);
    const now = this.o.clock.now();
    if (expires === void 0)
      throw new SignInError("this sign-in link is unknown or was used already: run `lama console` again, or press Enter in its terminal, for a new one");
    if (expires <= now)
      throw new SignInError("this sign-in link has expired: press Enter in the terminal of `lama console` for a new one");
    const session = { id: token(), csrf: token(), roles: this.o.roles, expiresAt: now + this.sessionTtlMs };
    this.sessions.set(digest(session.id), session);
    if (this.sessions.size > this.maxSessions)
      this.sessions.delete(this.sessions.keys().next().value);
    return session;
  }
  /** The live session of a cookie value; NoSessionError when there is none or it has expired. */
  session(id) {
    if (!id)
      throw new NoSessionError("not signed in: open the sign-in link that `lama console` printed");
    const key = digest(id);
    const s = this.sessions.get(key);
    if (!s)
      throw new NoSessionError("this session is unknown (the console restarted, or it was signed out): open a new sign-in link");
    if (s.expiresAt <= this.o.clock.now()) {
      this.sessions.delete(key);
      throw new NoSessionError("this session has expired: open a new sign-in link");
    }
    return s;
  }
  /** Ends a session (sign-out). */
  end(id) {
    this.sessions.delete(digest(id));
  }
  get size() {
    return this.sessions.size;
  }
};

// packages/console/dist/src/actions/console-actions.js
var ConsoleActions = class {
  credential;
  feed;
  timeoutMs;
  constructor(credential, feed, timeoutMs = 15e3) {
    this.credential = credential;
    this.feed = feed;
    this.timeoutMs = timeoutMs;
  }
  /** Start, Stop or Set an adapter on a node of the pool view; resolves to the adapter's new status. */
  async adapter(node, adapter, verb, params = {}) {
    const view = this.feed.node(node);
    if (!view)
      throw new ConsoleRequestError(`node '${node}' is not in the grand agent's pool`);
    const client = new AgentClient(view.endpoint, this.credential, this.timeoutMs, { node });
    try {
      if (verb === "start")
        return await client.start(adapter);
      if (verb === "stop")
        return await client.stop(adapter);
      return await client.set(adapter, params);
    } finally {
      client.close();
    }
  }
  /** Acknowledges an alert for every browser of this console (the grand agent keeps no acknowledgements). */
  acknowledge(id) {
    if (!this.feed.hasAlert(id))
      throw new ConsoleRequestError(`no alert #${id}`);
    this.feed.acknowledge(id);
  }
};

// packages/console/dist/src/actions/grand-deployments.js
var GrandDeployments = class {
  grand;
  constructor(grand) {
    this.grand = grand;
  }
  deploy(site, version, nodes) {
    return this.first(this.grand.deploy({ site, version, nodes }));
  }
  clean(nodes, keepCache) {
    return this.first(this.grand.clean(nodes, keepCache));
  }
  first(stream) {
    return new Promise((resolve2, reject) => {
      let sub;
      let done = false;
      const settle = (f) => {
        if (done)
          return;
        done = true;
        f();
        queueMicrotask(() => sub?.unsubscribe());
      };
      sub = stream.subscribe({
        next: (d) => settle(() => resolve2(d)),
        error: (err) => settle(() => reject(err)),
        complete: () => settle(() => reject(new Error("the grand agent ended the stream without a deployment")))
      });
      if (done)
        sub.unsubscribe();
    });
  }
};

// packages/cli/dist/src/cli/console-action.js
async function runConsole(o) {
  const log = createLogger("lama-console", o.logLevel, o.json ? 2 : 1);
  const credential = loadCredential(resolve(o.credential));
  const grand = await findGrand(o, credential);
  const client = new GrandClient(grand.endpoint, credential, 1e4, grand.owner);
  const feed = new ConsoleFeed({ grand: client, intervalMs: o.intervalMs });
  const sessions = new SessionStore({ roles: credential.certificate.roles, clock: systemClock, signInTtlMs: o.signInTtlMs, sessionTtlMs: o.sessionTtlMs });
  const server = new ConsoleServer({
    listen: o.listen,
    feed,
    sessions,
    actions: new ConsoleActions(credential, feed),
    deployments: new GrandDeployments(client),
    credentialName: credential.certificate.name,
    inlineFirstView: o.inlineFirstView
  });
  let linkState = "";
  feed.listen((e) => {
    if (e.type !== "link")
      return;
    const state = e.link.connected ? "up" : `down: ${e.link.error ?? ""}`;
    if (state === linkState)
      return;
    linkState = state;
    if (e.link.connected)
      log.info({ grand: grand.endpoint }, "streams from the grand agent are up");
    else
      log.warn({ grand: grand.endpoint, err: e.link.error }, "streams from the grand agent are down; reopening");
  });
  onShutdown(log, async () => {
    await server.stop();
    await feed.stop();
    client.close();
  });
  await server.start();
  await feed.start();
  const printLink = () => {
    const url = server.signInUrl();
    if (o.json)
      process.stdout.write(`${JSON.stringify({ console: server.url, signIn: url, validMs: o.signInTtlMs, grand: grand.endpoint, roles: credential.certificate.roles })}
`);
    log.info({ url, validMs: o.signInTtlMs }, `open ${url} to sign in (one use, valid ${Math.round(o.signInTtlMs / 1e3)} s); press Enter for another link`);
  };
  log.info({ url: server.url, grand: grand.endpoint, roles: credential.certificate.roles }, "console running");
  printLink();
  if (!process.stdin.destroyed)
    createInterface({ input: process.stdin }).on("line", printLink);
}
export {
  runConsole
};
