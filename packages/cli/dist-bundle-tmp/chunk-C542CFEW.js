import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  external_exports
} from "./chunk-36O33FJM.js";
import {
  every
} from "./chunk-VCFP5DZ7.js";
import {
  formatHostPort,
  parseHostPort
} from "./chunk-MT4BYXDY.js";

// packages/adapters/dist/src/builtin/in-process/listen-address.js
import { isIPv4, isIPv6 } from "node:net";
var INVALID = "must be IP:PORT (an IPv4 or [IPv6] literal, port 0-65535; 0 picks a free port)";
var listenOption = external_exports.string({ error: (i) => i.input === void 0 ? "is required (IP:PORT, e.g. 127.0.0.1:18000)" : INVALID }).transform((text, ctx) => {
  const hp = parseHostPort(text);
  if (hp && (text.startsWith("[") ? isIPv6(hp.host) : isIPv4(hp.host)))
    return hp;
  ctx.addIssue({ code: "custom", message: INVALID });
  return external_exports.NEVER;
});

// packages/adapters/dist/src/builtin/in-process/http-service.js
import { createServer } from "node:http";
var HttpService = class {
  what;
  handler;
  onUnexpectedClose;
  server;
  boundPort = 0;
  /**
   * @param what names the service in error messages
   * @param onUnexpectedClose called when the server closes without stop()
   */
  constructor(what, handler, onUnexpectedClose) {
    this.what = what;
    this.handler = handler;
    this.onUnexpectedClose = onUnexpectedClose;
  }
  get running() {
    return this.server !== void 0;
  }
  /** The port bound (useful when listen asked for port 0); 0 when stopped. */
  get port() {
    return this.server ? this.boundPort : 0;
  }
  /** Listens on the address; rejects with the reason (address in use, not local...). */
  async start(listen) {
    if (this.server)
      return;
    const server = createServer(this.handler);
    server.requestTimeout = 3e4;
    server.headersTimeout = 1e4;
    server.keepAliveTimeout = 5e3;
    await new Promise((resolve, reject) => {
      const failed = (err) => {
        const why = err.code === "EADDRINUSE" ? "the address is already in use" : err.code === "EADDRNOTAVAIL" ? "it is not an address of this host" : err.code ?? err.message;
        reject(new Error(`${this.what} cannot listen on ${formatHostPort(listen.host, listen.port)}: ${why}`));
      };
      server.once("error", failed);
      server.listen({ host: listen.host, port: listen.port, exclusive: true }, () => {
        server.off("error", failed);
        resolve();
      });
    });
    this.boundPort = server.address().port;
    this.server = server;
    server.on("error", () => void 0);
    server.once("close", () => {
      if (this.server !== server)
        return;
      this.server = void 0;
      this.onUnexpectedClose(`${this.what} on port ${this.boundPort} closed by itself`);
    });
  }
  /** Closes the server and every connection; resolves once it is closed. */
  async stop() {
    const server = this.server;
    if (!server)
      return;
    this.server = void 0;
    await new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
};

// packages/adapters/dist/src/builtin/in-process/rate-meter.js
var RateMeter = class {
  clock;
  total;
  intervalMs;
  timer;
  last = { t: 0, total: 0 };
  perSec = 0;
  constructor(clock, total, intervalMs = 1e3) {
    this.clock = clock;
    this.total = total;
    this.intervalMs = intervalMs;
  }
  /** Starts measuring from now. */
  async start() {
    if (this.timer)
      return;
    this.last = { t: this.clock.now(), total: this.total() };
    this.perSec = 0;
    this.timer = every(this.clock, this.intervalMs, () => {
      const now = this.clock.now();
      const total = this.total();
      if (now > this.last.t)
        this.perSec = (total - this.last.total) * 1e3 / (now - this.last.t);
      this.last = { t: now, total };
    });
  }
  /** Stops measuring; the rate reads 0 until the next start. */
  async stop() {
    this.timer?.cancel();
    this.timer = void 0;
    this.perSec = 0;
  }
  /** Units of the total per second over the last interval; 0 before the first one ends. */
  get rate() {
    return this.perSec;
  }
};

export {
  listenOption,
  HttpService,
  RateMeter
};
