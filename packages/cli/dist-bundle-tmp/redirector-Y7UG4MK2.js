import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  MEMBER,
  parseMembersParam
} from "./chunk-4NK545G7.js";
import {
  HttpService,
  RateMeter,
  listenOption
} from "./chunk-C542CFEW.js";
import {
  defineAdapter,
  external_exports,
  listOption,
  parseOptions
} from "./chunk-36O33FJM.js";
import {
  InvalidParamError
} from "./chunk-S3SJLHWA.js";
import {
  parseMembers
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

// packages/adapters/dist/src/builtin/redirector/options.js
var LIST = `must be a list, each ${MEMBER.description}`;
var schema = external_exports.strictObject({
  listen: listenOption,
  members: listOption(LIST).default([]).superRefine((items, ctx) => {
    try {
      parseMembers(items);
    } catch (err) {
      ctx.addIssue({ code: "custom", message: `is invalid: ${err.message}` });
    }
  })
});
function parseRedirectorOptions(raw) {
  return parseOptions("redirector", schema, raw);
}

// packages/adapters/dist/src/builtin/redirector/smooth-weighted.js
var SmoothWeightedRoundRobin = class {
  peers;
  current;
  total;
  constructor(peers) {
    this.peers = peers.filter((p) => p.weight > 0);
    this.current = this.peers.map(() => 0);
    this.total = this.peers.reduce((sum, p) => sum + p.weight, 0);
  }
  /** How many peers can be chosen (weight > 0). */
  get size() {
    return this.peers.length;
  }
  /** The next peer; undefined when no peer has a weight. */
  next() {
    let best = -1;
    for (let i = 0; i < this.peers.length; i++) {
      this.current[i] += this.peers[i].weight;
      if (best < 0 || this.current[i] > this.current[best])
        best = i;
    }
    if (best < 0)
      return void 0;
    this.current[best] -= this.total;
    return this.peers[best];
  }
};

// packages/adapters/dist/src/builtin/redirector/redirector-instance.js
function membersOf(texts) {
  const parsed = parseMembersParam(texts);
  return { texts: [...texts], parsed, balancer: new SmoothWeightedRoundRobin(parsed) };
}
var RedirectorInstance = class {
  o;
  ctx;
  members;
  http;
  meter;
  redirects = 0;
  refused = 0;
  elected = /* @__PURE__ */ new Map();
  startedAt = 0;
  constructor(o, ctx) {
    this.o = o;
    this.ctx = ctx;
    this.members = membersOf(o.members);
    this.meter = new RateMeter(ctx.clock, () => this.redirects);
    this.http = new HttpService("redirector", (req, res) => this.serve(req, res), (reason) => {
      void this.meter.stop();
      ctx.exited(reason);
    });
  }
  serve(req, res) {
    const text = (status, body, headers = {}) => {
      res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", ...headers });
      res.end(req.method === "HEAD" ? void 0 : `${body}
`);
    };
    if (req.method !== "GET" && req.method !== "HEAD")
      return text(405, "the redirector answers GET and HEAD only", { Allow: "GET, HEAD" });
    const path = req.url ?? "";
    if (!path.startsWith("/"))
      return text(400, "the redirector takes a path like /live");
    const member = this.members.balancer.next();
    if (!member) {
      this.refused++;
      const drained = this.members.parsed.length;
      return text(503, drained ? `no member with weight > 0 (${drained} drained)` : "no members: nothing to redirect to");
    }
    this.redirects++;
    this.elected.set(member.address, (this.elected.get(member.address) ?? 0) + 1);
    text(302, `redirected to http://${member.address}${path}`, { Location: `http://${member.address}${path}` });
  }
  async start() {
    if (this.http.running)
      return;
    this.redirects = 0;
    this.refused = 0;
    this.elected.clear();
    this.members = membersOf(this.members.texts);
    await this.http.start(this.o.listen);
    this.startedAt = this.ctx.clock.now();
    await this.meter.start();
    this.ctx.log.info("redirector serving", { listen: formatHostPort(this.o.listen.host, this.http.port), members: this.members.texts });
  }
  async stop() {
    await this.meter.stop();
    await this.http.stop();
  }
  async close() {
    await this.stop();
  }
  params() {
    return { members: [...this.members.texts] };
  }
  /** The whole list is parsed before it replaces the old one; a bad item changes nothing. */
  async set(values) {
    if (values.members === void 0)
      return;
    if (!Array.isArray(values.members))
      throw new InvalidParamError("members", "must be a list of IP:PORT[=WEIGHT]");
    this.members = membersOf(values.members);
    this.ctx.log.info("redirector members set", { members: this.members.texts });
  }
  async status() {
    if (!this.http.running)
      return {};
    const m = {
      uptime_seconds: (this.ctx.clock.now() - this.startedAt) / 1e3,
      port: this.http.port,
      members: this.members.balancer.size,
      members_drained: this.members.parsed.length - this.members.balancer.size,
      redirects: this.redirects,
      redirects_per_sec: this.meter.rate,
      refused: this.refused
    };
    for (const member of this.members.parsed) {
      m[`member:${member.address}:weight`] = member.weight;
      m[`member:${member.address}:elected`] = this.elected.get(member.address) ?? 0;
    }
    return m;
  }
};

// packages/adapters/dist/src/builtin/redirector/index.js
var redirectorAdapter = defineAdapter({
  type: "redirector",
  description: "Streaming dispatcher inside the agent process: answers every GET with 302 to http://MEMBER<same path>, members chosen by smooth weighted round robin (nginx's); 503 when no member has weight > 0.",
  roles: ["dispatcher"],
  params: {
    members: {
      type: "list",
      pattern: MEMBER,
      description: "members IP:PORT[=WEIGHT] (as the apache dispatcher takes them); weight 1-100 (default 1) is the share of new clients, 0 drains the member (no new clients)"
    }
  },
  options: parseRedirectorOptions,
  create: (options, ctx) => new RedirectorInstance(options, ctx)
});
export {
  redirectorAdapter
};
