import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  jitter,
  newServiceId
} from "./chunk-I7Y4U2ZV.js";
import {
  RegistrarClient,
  require_src
} from "./chunk-IKSWEGPT.js";
import {
  systemClock
} from "./chunk-A4HYEA5Q.js";
import {
  RpcError,
  UnknownLeaseError,
  rebuildError
} from "./chunk-2F4QKM7O.js";
import {
  __toESM
} from "./chunk-5RG6R7ES.js";

// packages/lookup/dist/src/join/join-manager.js
var grpc = __toESM(require_src(), 1);
import { EventEmitter as EventEmitter2 } from "node:events";

// packages/lookup/dist/src/join/lease-renewal-manager.js
import { EventEmitter } from "node:events";
var DEFAULT_RENEW_AT = 1 / 3;
var LeaseRenewalManager = class extends EventEmitter {
  o;
  clock;
  leases = /* @__PURE__ */ new Map();
  renewAt;
  constructor(o = {}) {
    super();
    this.o = o;
    this.clock = o.clock ?? systemClock;
    this.renewAt = o.renewAt ?? DEFAULT_RENEW_AT;
  }
  /** Starts managing a lease granted grantedMs by a request sent at sentAt. */
  manage(leaseId, grantedMs, sentAt, desiredMs, renew) {
    this.remove(leaseId);
    const m = { leaseId, desiredMs, renew, expiresAt: sentAt + grantedMs, inFlight: false };
    this.leases.set(leaseId, m);
    this.schedule(m, sentAt + grantedMs * this.renewAt);
  }
  /** Stops managing a lease (it is not cancelled). */
  remove(leaseId) {
    const m = this.leases.get(leaseId);
    if (!m)
      return;
    m.renewTimer?.cancel();
    m.expiryTimer?.cancel();
    this.leases.delete(leaseId);
  }
  /** Local expiry time of a managed lease. */
  expiresAt(leaseId) {
    return this.leases.get(leaseId)?.expiresAt;
  }
  get size() {
    return this.leases.size;
  }
  /** Stops managing every lease. */
  clear() {
    for (const id of [...this.leases.keys()])
      this.remove(id);
  }
  schedule(m, at) {
    m.renewTimer?.cancel();
    m.expiryTimer?.cancel();
    m.renewTimer = this.clock.setTimer(() => void this.attempt(m, this.o.retryMs ?? 200), at - this.clock.now());
    m.expiryTimer = this.clock.setTimer(() => this.lose(m, "expired"), m.expiresAt - this.clock.now());
  }
  lose(m, reason, error) {
    if (this.leases.get(m.leaseId) !== m)
      return;
    this.remove(m.leaseId);
    this.emit("lost", m.leaseId, reason, error);
  }
  async attempt(m, retryMs) {
    if (this.leases.get(m.leaseId) !== m || m.inFlight)
      return;
    m.inFlight = true;
    const sentAt = this.clock.now();
    try {
      const granted = await m.renew(m.leaseId, m.desiredMs);
      m.inFlight = false;
      if (this.leases.get(m.leaseId) !== m)
        return;
      m.expiresAt = sentAt + granted;
      this.schedule(m, sentAt + granted * this.renewAt);
      this.emit("renewed", m.leaseId, granted);
    } catch (err) {
      m.inFlight = false;
      if (this.leases.get(m.leaseId) !== m)
        return;
      if (err instanceof UnknownLeaseError)
        return this.lose(m, "unknown", err);
      const next = jitter(retryMs);
      if (this.clock.now() + next >= m.expiresAt)
        return;
      m.renewTimer = this.clock.setTimer(() => void this.attempt(m, Math.min(retryMs * 2, this.o.maxRetryMs ?? 2e3)), next);
    }
  }
};

// packages/lookup/dist/src/join/join-manager.js
var JoinManager = class extends EventEmitter2 {
  o;
  serviceId;
  item;
  clock;
  renewals;
  links = /* @__PURE__ */ new Map();
  subscription;
  terminated = false;
  constructor(o) {
    super();
    this.o = o;
    this.clock = o.clock ?? systemClock;
    this.serviceId = o.item.serviceId || newServiceId();
    this.item = { serviceId: this.serviceId, serviceTypes: o.item.serviceTypes ?? [], endpoint: o.item.endpoint ?? "", attributes: o.item.attributes ?? [] };
    this.renewals = new LeaseRenewalManager({ clock: this.clock });
    this.renewals.on("lost", (leaseId, reason) => this.onLeaseLost(leaseId, reason));
  }
  /** Current registrations, one per known lookup service. */
  get registrations() {
    return [...this.links.values()].map((l) => ({ lookup: l.lookup, leaseId: l.leaseId, state: l.leaseId ? "registered" : "registering" }));
  }
  /** The item as registered now. */
  get currentItem() {
    return this.item;
  }
  /** Follows discovery: registers with every lookup service it reports. */
  async start() {
    if (this.subscription || this.terminated)
      return;
    this.subscription = this.o.discovery.events.subscribe((e) => {
      if (e.type === "discovered")
        this.link(e.lookup);
      else if (e.type === "restarted")
        this.relink(e.lookup);
      else
        this.unlink(e.lookup.serviceId, e.reason);
    });
  }
  /** Replaces the item's attributes everywhere (a registration in progress picks them up). */
  async setAttributes(attributes) {
    this.item = { ...this.item, attributes };
    await Promise.all([...this.links.values()].map((l) => this.sendAttributes(l)));
  }
  // A link still registering has no lease: its registration sends the attributes (see register).
  async sendAttributes(l) {
    if (!l.leaseId)
      return;
    try {
      await this.clientOf(l).setAttributes(this.serviceId, this.item.attributes);
    } catch (err) {
      this.emit("failed", l.lookup, err);
      this.reRegister(l, "attribute update failed");
    }
  }
  /** Cancels every lease (a clean departure) and stops; a stopped manager does not start again. */
  async stop() {
    if (this.terminated)
      return;
    this.terminated = true;
    this.subscription?.unsubscribe();
    const links = [...this.links.values()];
    this.links.clear();
    this.renewals.clear();
    await Promise.all(links.map(async (l) => {
      l.timer?.cancel();
      await l.registering;
      if (l.leaseId)
        await this.clientOf(l).cancel(l.leaseId).catch(() => void 0);
      l.keepAlive?.close();
      l.client?.close();
    }));
  }
  link(lookup) {
    if (this.terminated || this.links.has(lookup.serviceId))
      return;
    const l = { lookup, attempt: 0, generation: 0 };
    this.links.set(lookup.serviceId, l);
    this.scheduleRegister(l, Math.random() * (this.o.registerJitterMs ?? 50));
  }
  /**
   * The link's client, made on first use. Not in link(): that runs inside the discovery event,
   * and a client's TLS set-up (a secure context per credential) would hold up every other
   * discovery message of the process behind it (a thousand joiners in one process).
   */
  clientOf(l) {
    l.client ??= this.o.clientFactory?.(l.lookup.endpoint) ?? new RegistrarClient({ endpoint: l.lookup.endpoint, expect: { name: l.lookup.name }, credential: this.o.credential, clock: this.o.clock });
    return l.client;
  }
  relink(lookup) {
    this.unlink(lookup.serviceId, "lookup service restarted");
    this.link(lookup);
  }
  unlink(serviceId, reason) {
    const l = this.links.get(serviceId);
    if (!l)
      return;
    this.links.delete(serviceId);
    l.generation++;
    l.timer?.cancel();
    if (l.leaseId)
      this.renewals.remove(l.leaseId);
    l.keepAlive?.close();
    l.client?.close();
    if (l.leaseId)
      this.emit("lost", l.lookup, reason);
  }
  reRegister(l, reason) {
    if (l.leaseId) {
      this.renewals.remove(l.leaseId);
      this.emit("lost", l.lookup, reason);
      l.leaseId = void 0;
    }
    l.attempt = 0;
    this.scheduleRegister(l, Math.random() * (this.o.registerJitterMs ?? 50));
  }
  scheduleRegister(l, delayMs) {
    l.timer?.cancel();
    const gen = ++l.generation;
    l.timer = this.clock.setTimer(() => {
      const registering = this.register(l, gen);
      l.registering = registering;
      void registering.finally(() => {
        if (l.registering === registering)
          l.registering = void 0;
      });
    }, delayMs);
  }
  async register(l, gen) {
    if (this.terminated || l.generation !== gen || this.links.get(l.lookup.serviceId) !== l)
      return;
    const sentAt = this.clock.now();
    const sent = this.item;
    try {
      const client = this.clientOf(l);
      const { lease } = await client.register(sent, this.o.leaseMs);
      if (this.terminated || l.generation !== gen || this.links.get(l.lookup.serviceId) !== l) {
        await client.cancel(lease.leaseId).catch(() => void 0);
        return;
      }
      l.leaseId = lease.leaseId;
      l.attempt = 0;
      this.renewals.manage(lease.leaseId, lease.durationMs, sentAt, this.o.leaseMs, (id, ms) => this.renewOver(l, id, ms));
      this.emit("registered", l.lookup, lease.leaseId);
      if (this.item !== sent)
        void this.sendAttributes(l);
    } catch (err) {
      this.emit("failed", l.lookup, err);
      const delay = Math.min(250 * 2 ** l.attempt++, 5e3);
      this.scheduleRegister(l, jitter(delay));
    }
  }
  async renewOver(l, leaseId, durationMs) {
    l.keepAlive ??= this.clientOf(l).keepAlive();
    const r = await l.keepAlive.renew(leaseId, durationMs);
    if (r.code === grpc.status.OK)
      return r.durationMs;
    const err = r.errorCode ? rebuildError(r.errorCode, r.message) : new RpcError(r.message);
    if (err instanceof UnknownLeaseError)
      throw err;
    l.keepAlive.close();
    l.keepAlive = void 0;
    throw err;
  }
  onLeaseLost(leaseId, reason) {
    const l = [...this.links.values()].find((x) => x.leaseId === leaseId);
    if (!l)
      return;
    if (reason === "unknown") {
      this.reRegister(l, "UNKNOWN_LEASE");
    } else {
      l.leaseId = void 0;
      this.emit("lost", l.lookup, "lease expired without a successful renewal");
      this.o.discovery.discard(l.lookup.serviceId, "lease renewals failed");
      if (this.links.get(l.lookup.serviceId) === l)
        this.reRegister(l, "lease expired");
    }
  }
};

export {
  DEFAULT_RENEW_AT,
  JoinManager
};
