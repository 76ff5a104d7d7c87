import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  RpcClient,
  loadProto
} from "./chunk-IKSWEGPT.js";
import {
  formatHostPort
} from "./chunk-MT4BYXDY.js";

// packages/agent/dist/src/client/agent-client.js
var wire;
var wireClass = () => wire ??= loadProto("agent").grpcObject.lama.agent.v1.Agent;
var AgentClient = class extends RpcClient {
  /** `node`: the agent's name; the peer must hold role agent and, when given, this name. */
  constructor(endpoint, credential, timeoutMs = 3e4, o = {}) {
    super(wireClass(), { endpoint, credential, timeoutMs, expect: { name: o.node, role: "agent" }, channelOptions: o.channelOptions, transport: o.transport });
  }
  status() {
    return this.unary("Status", {});
  }
  start(adapter) {
    return this.unary("Start", { adapter });
  }
  stop(adapter) {
    return this.unary("Stop", { adapter });
  }
  set(adapter, params) {
    return this.unary("Set", { adapter, params });
  }
  /**
   * Streams the node's status every intervalMs (0: the agent's own interval), and sooner, at most
   * every minIntervalMs (0: the agent's 250 ms), when something a decision uses changes (earlyMetrics: the adapter metrics that count).
   */
  watchStatus(intervalMs = 0, o = {}) {
    return this.serverStream(() => this.wire.WatchStatus({ intervalMs, minIntervalMs: o.minIntervalMs ?? 0, earlyMetrics: o.earlyMetrics ?? [] }));
  }
};

// packages/agent/dist/src/site/store-server.js
import { createReadStream } from "node:fs";
import { lstat } from "node:fs/promises";
import { createServer } from "node:http";
import { join } from "node:path";
var SAFE = /^\/(?:[A-Za-z0-9._-]+\/)*[A-Za-z0-9._-]+$/;
async function serveStore(root, listen) {
  const stats = { requests: 0, bytes: 0 };
  const server = createServer((req, res) => {
    stats.requests++;
    answer(root, req, res, stats).catch(() => {
      if (!res.headersSent)
        res.writeHead(500).end();
      else
        res.destroy();
    });
  });
  server.keepAliveTimeout = 3e4;
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(listen.port, listen.host, () => resolve());
  });
  const a = server.address();
  const address = { host: listen.host, port: a.port };
  return {
    url: `http://${formatHostPort(address.host, address.port)}/`,
    address,
    stats,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    })
  };
}
async function answer(root, req, res, stats) {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { allow: "GET, HEAD" }).end();
    return;
  }
  const path = (req.url ?? "/").split("?")[0];
  if (!SAFE.test(path) || path.split("/").some((p) => p.startsWith("."))) {
    res.writeHead(404).end();
    return;
  }
  const file = join(root, path);
  const st = await lstat(file).catch(() => void 0);
  if (!st || !st.isFile()) {
    res.writeHead(404).end();
    return;
  }
  const type = path.endsWith(".json") ? "application/json" : "application/octet-stream";
  let start = 0;
  let end = st.size - 1;
  let status = 200;
  const range = req.headers.range;
  if (range !== void 0) {
    const m = /^bytes=(\d+)-(\d*)$/.exec(range);
    const from = m ? Number(m[1]) : NaN;
    const to = m && m[2] ? Math.min(Number(m[2]), st.size - 1) : st.size - 1;
    if (!m || from >= st.size || from > to) {
      res.writeHead(416, { "content-range": `bytes */${st.size}` }).end();
      return;
    }
    start = from;
    end = to;
    status = 206;
  }
  const length = Math.max(0, end - start + 1);
  res.writeHead(status, {
    "content-type": type,
    "content-length": length,
    "accept-ranges": "bytes",
    ...status === 206 ? { "content-range": `bytes ${start}-${end}/${st.size}` } : {}
  });
  if (req.method === "HEAD" || length === 0) {
    res.end();
    return;
  }
  stats.bytes += length;
  createReadStream(file, { start, end }).on("error", () => res.destroy()).pipe(res);
}

// packages/agent/dist/src/client/deployer-client.js
var wire2;
var wireClass2 = () => wire2 ??= loadProto("deploy").grpcObject.lama.deploy.v1.Deployer;
var DeployerClient = class extends RpcClient {
  /** `node`: the agent's name; the peer must hold role agent and, when given, this name. */
  constructor(endpoint, credential, timeoutMs = 3e4, o = {}) {
    super(wireClass2(), { endpoint, credential, timeoutMs, expect: { name: o.node, role: "agent" }, channelOptions: o.channelOptions, transport: o.transport });
  }
  /** FREE -> DEPLOYING; resolves at once with the life cycle, progress comes by watch(). */
  startDeployment(request) {
    return this.unary("StartDeployment", request);
  }
  prepareCacheSnapshot(request) {
    return this.unary("PrepareCacheSnapshot", request);
  }
  /** OPERATIONAL or FAILED -> CLEANING; resolves at once. */
  startCleaning(deploymentId = "", keepCache = false) {
    return this.unary("StartCleaning", { deploymentId, keepCache });
  }
  /** The progress now, then every change. */
  watch() {
    return this.serverStream(() => this.wire.WatchDeployment({}));
  }
};

export {
  AgentClient,
  DeployerClient,
  serveStore
};
