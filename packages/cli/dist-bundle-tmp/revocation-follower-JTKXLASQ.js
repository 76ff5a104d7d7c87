import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  RegistrarClient
} from "./chunk-IKSWEGPT.js";
import "./chunk-MT4BYXDY.js";
import "./chunk-ZWHKMG5D.js";
import "./chunk-FEDWZIOZ.js";
import {
  systemClock
} from "./chunk-A4HYEA5Q.js";
import "./chunk-COLKQ3MG.js";
import "./chunk-2F4QKM7O.js";
import "./chunk-532ZK4EG.js";
import "./chunk-5RG6R7ES.js";

// packages/lookup/dist/src/join/revocation-follower.js
var RevocationFollower = class {
  o;
  lookups = /* @__PURE__ */ new Map();
  timer;
  subscription;
  running = false;
  clock;
  constructor(o) {
    this.o = o;
    this.clock = o.clock ?? systemClock;
  }
  async start() {
    if (this.running)
      return;
    this.running = true;
    this.subscription = this.o.discovery.events.subscribe((e) => {
      const key = e.lookup.serviceId;
      if (e.type !== "discarded") {
        if (!this.lookups.has(key))
          this.lookups.set(key, { locator: e.lookup, client: new RegistrarClient({ endpoint: e.lookup.endpoint, expect: { name: e.lookup.name }, credential: this.o.credential, clock: this.o.clock, timeoutMs: this.o.intervalMs }) });
        void this.ask(key);
      } else {
        this.lookups.get(key)?.client.close();
        this.lookups.delete(key);
      }
    });
    this.schedule();
  }
  async stop() {
    this.running = false;
    this.timer?.cancel();
    this.subscription?.unsubscribe();
    for (const l of this.lookups.values())
      l.client.close();
    this.lookups.clear();
  }
  schedule() {
    if (!this.running)
      return;
    this.timer = this.clock.setTimer(() => {
      for (const key of this.lookups.keys())
        void this.ask(key);
      this.schedule();
    }, this.o.intervalMs);
  }
  async ask(key) {
    const l = this.lookups.get(key);
    if (!l)
      return;
    try {
      const r = await l.client.revocations(this.o.revocations.version);
      if (r.list)
        this.o.revocations.update({ type: "lama-revocations", list: r.list, signature: r.signature });
    } catch {
    }
  }
};
export {
  RevocationFollower
};
