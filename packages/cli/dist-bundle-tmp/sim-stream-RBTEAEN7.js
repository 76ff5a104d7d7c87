import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  HttpService,
  RateMeter,
  listenOption
} from "./chunk-C542CFEW.js";
import {
  defineAdapter,
  external_exports,
  integerOption,
  parseOptions,
  textOption
} from "./chunk-36O33FJM.js";
import {
  InvalidParamError
} from "./chunk-S3SJLHWA.js";
import {
  MOUNT,
  RELAY_FROM,
  every,
  parseRelayFrom
} from "./chunk-VCFP5DZ7.js";
import "./chunk-VMRBDOJN.js";
import "./chunk-W74NIISL.js";
import "./chunk-AGYS2BOI.js";
import "./chunk-GREZTAM7.js";
import "./chunk-YUNTATBM.js";
import "./chunk-I7Y4U2ZV.js";
import "./chunk-IKSWEGPT.js";
import {
  formatHostPort
} from "./chunk-MT4BYXDY.js";
import "./chunk-ZWHKMG5D.js";
import "./chunk-FEDWZIOZ.js";
import "./chunk-A4HYEA5Q.js";
import "./chunk-COLKQ3MG.js";
import "./chunk-2F4QKM7O.js";
import "./chunk-532ZK4EG.js";
import "./chunk-5RG6R7ES.js";

// packages/adapters/dist/src/builtin/sim-stream/options.js
var schema = external_exports.strictObject({
  listen: listenOption,
  mount: textOption(MOUNT, 'a mount point like "/live"').default("/live"),
  bitsPerSec: integerOption(8, 1e8).default(16e3),
  maxListeners: integerOption(-1, 1e6).default(-1),
  relayFrom: textOption(RELAY_FROM, "HOST:PORT/MOUNT (e.g. 127.0.0.1:18000/live)").default("")
});
function parseSimStreamOptions(raw) {
  return parseOptions("sim-stream", schema, raw);
}

// packages/adapters/dist/src/builtin/sim-stream/paced-streams.js
var TICK_MS = 100;
var FILLER = Buffer.alloc(64 * 1024);
for (let i = 0; i < FILLER.length; i++)
  FILLER[i] = i * 31 + 7 & 255;
var PacedStreams = class {
  clock;
  maxBehindMs;
  /** Bytes handed to the sockets since the last reset(). */
  bytesSent = 0;
  streams = /* @__PURE__ */ new Set();
  timer;
  bytesPerMs;
  constructor(clock, bitsPerSec, maxBehindMs = 2e3) {
    this.clock = clock;
    this.maxBehindMs = maxBehindMs;
    this.bytesPerMs = bitsPerSec / 8 / 1e3;
  }
  get count() {
    return this.streams.size;
  }
  /** Streams to res from now on, until it closes. */
  add(res) {
    const s = { res, since: this.clock.now(), sent: 0 };
    this.streams.add(s);
    res.once("close", () => this.streams.delete(s));
    this.timer ??= every(this.clock, TICK_MS, () => this.tick());
  }
  tick() {
    const now = this.clock.now();
    for (const s of this.streams) {
      let owed = Math.floor((now - s.since) * this.bytesPerMs) - s.sent;
      const limit = Math.ceil(this.maxBehindMs * this.bytesPerMs);
      if (owed > limit) {
        s.since += (owed - limit) / this.bytesPerMs;
        owed = limit;
      }
      while (owed > 0 && !s.res.writableNeedDrain && !s.res.destroyed) {
        const n = Math.min(owed, FILLER.length);
        s.res.write(FILLER.subarray(0, n));
        s.sent += n;
        this.bytesSent += n;
        owed -= n;
      }
    }
    if (this.streams.size === 0 && this.timer) {
      this.timer.cancel();
      this.timer = void 0;
    }
  }
  /** Forgets every stream (their connections are closed by the server) and the byte count. */
  reset() {
    this.timer?.cancel();
    this.timer = void 0;
    this.streams.clear();
    this.bytesSent = 0;
  }
};

// packages/adapters/dist/src/builtin/sim-stream/sim-stream-instance.js
var SimStreamInstance = class {
  o;
  ctx;
  settings;
  http;
  streams;
  meter;
  refused = 0;
  startedAt = 0;
  constructor(o, ctx) {
    this.o = o;
    this.ctx = ctx;
    this.settings = { RelayFrom: o.relayFrom, maxListeners: o.maxListeners };
    this.streams = new PacedStreams(ctx.clock, o.bitsPerSec);
    this.meter = new RateMeter(ctx.clock, () => this.streams.bytesSent);
    this.http = new HttpService("sim-stream", (req, res) => this.serve(req, res), (reason) => {
      void this.meter.stop();
      this.streams.reset();
      ctx.exited(reason);
    });
  }
  serve(req, res) {
    const path = (req.url ?? "/").split("?")[0];
    const text = (status, body, headers = {}) => {
      res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", ...headers });
      res.end(`${body}
`);
    };
    if (req.method !== "GET" && req.method !== "HEAD")
      return text(405, "sim-stream serves GET and HEAD only", { Allow: "GET, HEAD" });
    if (path === "/") {
      return text(200, `LAMA sim-stream: a simulated streaming server (not icecast2). Mount ${this.o.mount}, ${this.o.bitsPerSec} bit/s per listener; RelayFrom '${this.settings.RelayFrom}' is not fetched.`);
    }
    if (path !== this.o.mount)
      return text(404, `sim-stream: no mount ${path} (the mount is ${this.o.mount})`);
    const max = this.settings.maxListeners;
    if (max >= 0 && this.streams.count >= max) {
      this.refused++;
      return text(503, `sim-stream: ${this.o.mount} is full (maxListeners ${max})`);
    }
    res.writeHead(200, {
      "Content-Type": "audio/mpeg",
      "Cache-Control": "no-cache, no-store",
      "icy-name": "LAMA sim-stream (simulated)",
      "icy-br": String(Math.round(this.o.bitsPerSec / 1e3)),
      "X-Lama-Simulated": "sim-stream"
    });
    if (req.method === "HEAD")
      return void res.end();
    res.flushHeaders();
    req.socket.setNoDelay(true);
    this.streams.add(res);
  }
  async start() {
    if (this.http.running)
      return;
    this.streams.reset();
    this.refused = 0;
    await this.http.start(this.o.listen);
    this.startedAt = this.ctx.clock.now();
    await this.meter.start();
    this.ctx.log.info("sim-stream serving: a simulated streaming server in the agent process, not icecast2", {
      listen: formatHostPort(this.o.listen.host, this.http.port),
      mount: this.o.mount,
      bitsPerSec: this.o.bitsPerSec,
      ...this.settings
    });
  }
  async stop() {
    await this.meter.stop();
    await this.http.stop();
    this.streams.reset();
  }
  async close() {
    await this.stop();
  }
  params() {
    return { ...this.settings };
  }
  /** Both values are checked before either is taken; nothing can fail after that. */
  async set(values) {
    const next = { ...this.settings };
    if (values.RelayFrom !== void 0) {
      if (typeof values.RelayFrom !== "string" || parseRelayFrom(values.RelayFrom) === void 0)
        throw new InvalidParamError("RelayFrom", `'${String(values.RelayFrom)}' is not HOST:PORT/MOUNT`);
      next.RelayFrom = values.RelayFrom;
    }
    if (values.maxListeners !== void 0) {
      const n = values.maxListeners;
      if (typeof n !== "number" || !Number.isSafeInteger(n) || n < -1)
        throw new InvalidParamError("maxListeners", `'${String(n)}' is not an integer from -1`);
      next.maxListeners = n;
    }
    const relayChanged = next.RelayFrom !== this.settings.RelayFrom;
    this.settings = next;
    if (relayChanged)
      this.ctx.log.info("sim-stream RelayFrom stored (simulated: nothing is fetched from it)", { RelayFrom: next.RelayFrom });
  }
  async status() {
    if (!this.http.running)
      return {};
    const bitsPerSec = this.meter.rate * 8;
    const listeners = this.streams.count;
    return {
      uptime_seconds: (this.ctx.clock.now() - this.startedAt) / 1e3,
      port: this.http.port,
      listeners,
      listeners_refused: this.refused,
      bits_per_sec: bitsPerSec,
      bytes_sent: this.streams.bytesSent,
      relaying: this.settings.RelayFrom === "" ? 0 : 1,
      [`mount:${this.o.mount}:listeners`]: listeners,
      [`mount:${this.o.mount}:bits_per_sec`]: bitsPerSec
    };
  }
};

// packages/adapters/dist/src/builtin/sim-stream/index.js
var simStreamAdapter = defineAdapter({
  type: "sim-stream",
  description: "SIMULATED streaming server (not icecast2), inside the agent process: endless filler bytes on its mount at bitsPerSec per listener, 503 beyond maxListeners; RelayFrom is stored and reported but never fetched.",
  roles: ["streaming-server"],
  params: {
    RelayFrom: {
      type: "string",
      pattern: RELAY_FROM,
      description: "HOST:PORT/MOUNT this node would relay (icecast's syntax); stored and reported as relaying=1, but a simulation fetches nothing; empty for none"
    },
    maxListeners: { type: "integer", min: -1, max: 1e6, description: "listeners on the mount before new ones get 503; -1 is unlimited (lowering it keeps those connected)" }
  },
  options: parseSimStreamOptions,
  create: (options, ctx) => new SimStreamInstance(options, ctx)
});
export {
  simStreamAdapter
};
