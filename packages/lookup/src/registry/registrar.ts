import { randomUUID } from 'node:crypto';
import { Subject, type Observable } from '../rx.js';
import { InvalidArgumentError, LimitError, PermissionError, UnknownLeaseError, UnknownServiceError } from '../errors.js';
import { NAME_ENTRY } from './conventions.js';
import { systemClock, type Clock } from '../time/clock.js';
import { AttributeIndex } from './attribute-index.js';
import { DeadlineSchedule, type Scheduled } from './expiry-schedule.js';
import { checkEntries, checkServiceId, itemBytes, LIMITS, newUuid, normalizeItem, type Entry, type ServiceItem, type ServiceTemplate } from './item.js';
import { entryMatches, matches } from './template.js';

export type RemovalReason = 'EXPIRED' | 'CANCELLED' | 'REPLACED' | 'MODIFIED';

/** One change to the registrar's contents; revisions increase by one per change. */
export interface Change {
  revision: number;
  serviceId: string;
  /** The item before the change; absent for a new registration. */
  before?: ServiceItem;
  /** The item after the change; absent for a removal. */
  after?: ServiceItem;
  /** Why: EXPIRED or CANCELLED for removals, REPLACED for re-registration, MODIFIED for attribute changes. */
  reason?: RemovalReason;
  at: number;
}

/**
 * Totals since the registrar started, read when Prometheus scrapes: each is a plain increment
 * on its path, never a callback. watchSessions is the number open now.
 */
/** A renewed lease: its item and the duration granted from now. */
export interface Renewal {
  serviceId: string;
  item: ServiceItem;
  durationMs: number;
}

export interface RegistrarStats {
  registrations: number;
  renewals: number;
  expired: number;
  cancelled: number;
  watchSessions: number;
}

/** A granted lease. */
export interface LeaseGrant {
  leaseId: string;
  durationMs: number;
}

export interface RegistrarOptions {
  clock?: Clock;
  /** Most items one credential may hold (default 1000). */
  maxItemsPerOwner?: number;
  /** Most bytes of items one credential may hold (default 4 MiB). */
  maxBytesPerOwner?: number;
  /** The longest lease granted, in ms (default 30 s). */
  maxLeaseMs?: number;
  /** How many past changes are kept for watchers that resume (default 10,000). */
  eventLogSize?: number;
}

/**
 * One registered item and its lease. The index, the lease table and the expiry schedule
 * all point here; the lease's deadline is kept only in expiresAt.
 */
class Registration implements Scheduled {
  heapIndex = -1;
  constructor(public item: ServiceItem, readonly leaseId: string, public expiresAt: number, readonly owner: Owner, public bytes: number) {}
}

/** Who registers: the credential's name (the item's owner on the wire) and serial (what owns it here). */
export interface Owner {
  name: string;
  serial: string;
}

// How many departed service IDs a registrar remembers (their owners' names).
const DEPARTED_MEMORY = 100_000;

import { DEFAULT_MAX_LEASE_MS, DEFAULT_OWNER_LIMITS } from '../constants.js';

export { DEFAULT_MAX_LEASE_MS, DEFAULT_OWNER_LIMITS };

/** A cached Lookup answer: valid while the registrar is at `revision`. */
interface CachedResult {
  revision: number;
  regs: Registration[];
  /** Frozen: handed to every caller of the same template, and the wire encoder caches its bytes by identity. */
  items: readonly ServiceItem[];
}

/** Templates whose answers are kept, and the largest answer kept (bounds the cache's memory). */
const RESULT_CACHE_TEMPLATES = 64;
const RESULT_CACHE_MAX_ITEMS = 10_000;

/** The cache key of an exact template (AttributeIndex.exact), one string per equal template. */
function exactKey(template: ServiceTemplate): string {
  if (template.serviceTypes?.length) return 's\0' + template.serviceTypes[0];
  const e = (template.attributes as Entry[])[0];
  for (const k in e.fields) if (Object.prototype.hasOwnProperty.call(e.fields, k)) return 'e\0' + e.type + '\0' + k + '\0' + e.fields[k];
  return 'e\0' + e.type;
}

/**
 * Jini's registrar: leased service items, template lookups and change events, on an
 * injected clock. Items are immutable; every change replaces the object.
 */
export class Registrar {
  /** Identifies this registrar instance; watchers resume only against the same one. */
  readonly registrarId = randomUUID();
  readonly maxLeaseMs: number;
  private readonly clock: Clock;
  private readonly registrations = new Map<string, Registration>();
  private readonly leases = new Map<string, Registration>();
  private readonly index = new AttributeIndex<Registration>();
  private readonly schedule: DeadlineSchedule<Registration>;
  private readonly subject = new Subject<Change>();
  private readonly renewed = new Subject<Renewal>();
  /** The last logSize changes, oldest at logStart (a ring once full). */
  private readonly log: Change[] = [];
  private logStart = 0;
  private readonly logSize: number;
  private rev = 0;
  private readonly owned = new Map<string, { items: number; bytes: number }>();
  // Service IDs whose item left, by the name that held them: nobody else may take them.
  private readonly departed = new Map<string, string>();
  private readonly maxItemsPerOwner: number;
  private readonly maxBytesPerOwner: number;
  /**
   * Answers to exact templates (one role, one name, one service type), reused until the next
   * change: renewals change nothing here, so a pool's steady state keeps them all valid.
   */
  private readonly results = new Map<string, CachedResult>();
  /** Totals since start (registrations, renewals, leases that expired or were cancelled) and open watch sessions. */
  readonly stats: RegistrarStats = { registrations: 0, renewals: 0, expired: 0, cancelled: 0, watchSessions: 0 };

  constructor(options: RegistrarOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.maxLeaseMs = options.maxLeaseMs ?? DEFAULT_MAX_LEASE_MS;
    this.maxItemsPerOwner = options.maxItemsPerOwner ?? DEFAULT_OWNER_LIMITS.items;
    this.maxBytesPerOwner = options.maxBytesPerOwner ?? DEFAULT_OWNER_LIMITS.bytes;
    if (!Number.isSafeInteger(this.maxLeaseMs) || this.maxLeaseMs < 1) throw new InvalidArgumentError(`max lease ${this.maxLeaseMs} ms must be a positive integer`);
    this.logSize = Math.max(0, Math.floor(options.eventLogSize ?? 10_000));
    this.schedule = new DeadlineSchedule<Registration>(this.clock, (reg) => this.remove(reg, 'EXPIRED'));
  }

  /** Every change, as it happens. */
  get changes(): Observable<Change> {
    return this.subject.asObservable();
  }

  /** Every renewal, as it happens: the item and the duration granted (watchers that asked for lease renewals follow it). */
  get renewals(): Observable<Renewal> {
    return this.renewed.asObservable();
  }

  /** The revision of the latest change. */
  get revision(): number {
    return this.rev;
  }

  /** Number of registered items. */
  get size(): number {
    return this.registrations.size;
  }

  private grant(requestedMs: number): number {
    if (!Number.isSafeInteger(requestedMs) || requestedMs < 0) {
      throw new InvalidArgumentError(`lease duration ${requestedMs} ms is invalid: give a positive number of ms (0 lets the registrar choose)`);
    }
    return requestedMs === 0 ? this.maxLeaseMs : Math.min(requestedMs, this.maxLeaseMs);
  }

  private emit(serviceId: string, before: ServiceItem | undefined, after: ServiceItem | undefined, reason?: RemovalReason): void {
    const change: Change = { revision: ++this.rev, serviceId, before, after, reason, at: this.clock.now() };
    // A ring: dropping the oldest change must not shift the whole log on every change.
    if (this.log.length < this.logSize) this.log.push(change);
    else if (this.logSize > 0) {
      this.log[this.logStart] = change;
      this.logStart = (this.logStart + 1) % this.logSize;
    }
    this.subject.next(change);
  }

  /** Registers (or replaces) an item owned by `owner`, leased for up to requestedMs. */
  register(owner: Owner, rawItem: unknown, requestedMs: number): { serviceId: string; lease: LeaseGrant } {
    const durationMs = this.grant(requestedMs);
    const item = normalizeItem(rawItem, owner.name);
    checkNames(item.attributes, owner.name);
    const old = this.registrations.get(item.serviceId);
    if (old && old.owner.serial !== owner.serial) {
      throw new PermissionError(`service ${item.serviceId} is registered by '${old.item.owner}' (serial ${old.owner.serial}); '${owner.name}' (serial ${owner.serial}) cannot replace it`);
    }
    const departedBy = this.departed.get(item.serviceId);
    if (!old && departedBy !== undefined && departedBy !== owner.name) {
      throw new PermissionError(`service ${item.serviceId} belonged to '${departedBy}'; '${owner.name}' cannot take it`);
    }
    const bytes = itemBytes(item);
    this.charge(owner, bytes - (old?.bytes ?? 0), old ? 0 : 1);
    if (old) {
      this.leases.delete(old.leaseId);
      this.schedule.remove(old);
      this.index.remove(old);
    }
    const leaseId = newUuid();
    const expiresAt = this.clock.now() + durationMs;
    this.index.intern(item);
    const reg = new Registration(item, leaseId, expiresAt, owner, bytes);
    this.departed.delete(item.serviceId);
    this.registrations.set(item.serviceId, reg);
    this.leases.set(leaseId, reg);
    this.index.add(reg);
    this.schedule.schedule(reg, expiresAt);
    this.stats.registrations++;
    this.emit(item.serviceId, old?.item, item, old ? 'REPLACED' : undefined);
    return { serviceId: item.serviceId, lease: { leaseId, durationMs } };
  }

  private ownedLease(owner: Owner, leaseId: string): Registration {
    const reg = this.leases.get(leaseId);
    if (!reg) throw new UnknownLeaseError(leaseId);
    if (reg.owner.serial !== owner.serial) throw new PermissionError(`lease ${leaseId} belongs to '${reg.item.owner}' (serial ${reg.owner.serial}), not '${owner.name}' (serial ${owner.serial})`);
    return reg;
  }

  // Counts an owner's items and bytes; refuses (and changes nothing) past the limits.
  private charge(owner: Owner, bytes: number, items: number): void {
    const o = this.owned.get(owner.serial) ?? { items: 0, bytes: 0 };
    if (o.items + items > this.maxItemsPerOwner) throw new LimitError(`'${owner.name}' already holds ${o.items} items; the limit is ${this.maxItemsPerOwner} per credential`);
    if (o.bytes + bytes > this.maxBytesPerOwner) throw new LimitError(`'${owner.name}' would hold ${o.bytes + bytes} bytes of items; the limit is ${this.maxBytesPerOwner} per credential`);
    o.items += items;
    o.bytes += bytes;
    this.owned.set(owner.serial, o);
  }

  private uncharge(reg: Registration): void {
    const o = this.owned.get(reg.owner.serial);
    if (!o) return;
    o.items--;
    o.bytes -= reg.bytes;
    if (o.items <= 0) this.owned.delete(reg.owner.serial);
  }

  /** Renews a lease; returns the granted duration. */
  renew(owner: Owner, leaseId: string, requestedMs: number): number {
    const durationMs = this.grant(requestedMs);
    const reg = this.ownedLease(owner, leaseId);
    this.schedule.schedule(reg, this.clock.now() + durationMs);
    this.stats.renewals++;
    // Built only for a watcher that follows renewals: a pool's steady state is mostly renewals.
    if (this.renewed.observed) this.renewed.next({ serviceId: reg.item.serviceId, item: reg.item, durationMs });
    return durationMs;
  }

  /** Cancels a lease: the item goes at once with reason CANCELLED. */
  cancel(owner: Owner, leaseId: string): void {
    const reg = this.ownedLease(owner, leaseId);
    this.remove(reg, 'CANCELLED');
  }

  private remove(reg: Registration, reason: RemovalReason): void {
    this.registrations.delete(reg.item.serviceId);
    this.uncharge(reg);
    if (this.departed.size >= DEPARTED_MEMORY) this.departed.delete(this.departed.keys().next().value as string);
    this.departed.set(reg.item.serviceId, reg.item.owner);
    this.leases.delete(reg.leaseId);
    this.schedule.remove(reg);
    this.index.remove(reg);
    if (reason === 'EXPIRED') this.stats.expired++;
    else if (reason === 'CANCELLED') this.stats.cancelled++;
    this.emit(reg.item.serviceId, reg.item, undefined, reason);
  }

  /** Items matching the template, at most maxMatches of them (0: all), and how many match in all. */
  lookup(template: ServiceTemplate, maxMatches = 0): { items: ServiceItem[]; total: number } {
    const { items, total } = this.select(template, maxMatches, false);
    return { items, total };
  }

  /**
   * lookup(), with the remaining lease of each item in ms (what a Lookup call answers). The
   * items list may be shared with other callers and is frozen.
   */
  lookupWithLeases(template: ServiceTemplate, maxMatches = 0): { items: ServiceItem[]; total: number; leaseRemainingMs: number[] } {
    if (maxMatches === 0 && !template.serviceId && AttributeIndex.exact(template)) return this.cachedSelect(template);
    return this.select(template, maxMatches, true);
  }

  /** An exact template's answer from the result cache, filled on a miss; leases are always read fresh. */
  private cachedSelect(template: ServiceTemplate): { items: ServiceItem[]; total: number; leaseRemainingMs: number[] } {
    const key = exactKey(template);
    let hit = this.results.get(key);
    if (hit === undefined || hit.revision !== this.rev) {
      const found = this.index.candidates(template);
      const regs = found === undefined ? [...this.registrations.values()] : [...found.members];
      if (regs.length > RESULT_CACHE_MAX_ITEMS) {
        this.results.delete(key);
        return this.select(template, 0, true);
      }
      hit = { revision: this.rev, regs, items: Object.freeze(regs.map((r) => r.item)) };
      // Oldest first out: a Map iterates in insertion order, and a refill moves the key to the end.
      this.results.delete(key);
      if (this.results.size >= RESULT_CACHE_TEMPLATES) this.results.delete(this.results.keys().next().value as string);
      this.results.set(key, hit);
    }
    const now = this.clock.now();
    const regs = hit.regs;
    const leaseRemainingMs = new Array<number>(regs.length);
    for (let i = 0; i < regs.length; i++) leaseRemainingMs[i] = Math.max(0, regs[i].expiresAt - now);
    // Typed mutable for the gRPC handler's response type; frozen at run time.
    return { items: hit.items as ServiceItem[], total: regs.length, leaseRemainingMs };
  }

  private select(template: ServiceTemplate, maxMatches: number, leases: boolean): { items: ServiceItem[]; total: number; leaseRemainingMs: number[] } {
    if (!Number.isSafeInteger(maxMatches) || maxMatches < 0) throw new InvalidArgumentError(`max_matches ${maxMatches} must be 0 (no limit) or positive`);
    const limit = maxMatches === 0 ? Infinity : maxMatches;
    const items: ServiceItem[] = [];
    const leaseRemainingMs: number[] = [];
    const now = leases ? this.clock.now() : 0;
    let total = 0;
    let candidates: Iterable<Registration>;
    let check = true;
    if (template.serviceId) {
      const reg = this.registrations.get(template.serviceId);
      candidates = reg ? [reg] : [];
    } else {
      const found = this.index.candidates(template);
      if (found === undefined) candidates = this.registrations.values();
      else {
        candidates = found.members;
        if (AttributeIndex.exact(template)) {
          // Every candidate matches: no check, and the total is known without visiting them all.
          check = false;
          total = found.size;
        }
      }
    }
    for (const reg of candidates) {
      if (check) {
        if (!matches(template, reg.item)) continue;
        total++;
      } else if (items.length >= limit) break;
      if (items.length < limit) {
        items.push(reg.item);
        if (leases) leaseRemainingMs.push(Math.max(0, reg.expiresAt - now));
      }
    }
    return { items, total, leaseRemainingMs };
  }

  /** The item registered under serviceId, if any. */
  get(serviceId: string): ServiceItem | undefined {
    return this.registrations.get(serviceId)?.item;
  }

  /** Milliseconds until the item's lease ends (0 if it is not registered). */
  leaseRemaining(serviceId: string): number {
    const reg = this.registrations.get(serviceId);
    return reg ? Math.max(0, reg.expiresAt - this.clock.now()) : 0;
  }

  /** The changes after `revision`, or undefined when the log no longer reaches back that far. */
  changesSince(revision: number): Change[] | undefined {
    if (revision > this.rev) return undefined;
    if (revision === this.rev) return [];
    const n = this.log.length;
    const first = this.log[this.logStart];
    if (!first || first.revision > revision + 1) return undefined;
    const skip = revision + 1 - first.revision;
    const out = new Array<Change>(n - skip);
    for (let i = skip; i < n; i++) out[i - skip] = this.log[(this.logStart + i) % n];
    return out;
  }

  private ownedItem(owner: Owner, serviceId: string): Registration {
    checkServiceId(serviceId);
    const reg = this.registrations.get(serviceId);
    if (!reg) throw new UnknownServiceError(serviceId);
    if (reg.owner.serial !== owner.serial) throw new PermissionError(`service ${serviceId} is registered by '${reg.item.owner}' (serial ${reg.owner.serial}); '${owner.name}' (serial ${owner.serial}) cannot change it`);
    return reg;
  }

  private replaceAttributes(reg: Registration, attributes: Entry[]): ServiceItem {
    if (attributes.length > LIMITS.attributes) throw new InvalidArgumentError(`the item would have ${attributes.length} entries; the limit is ${LIMITS.attributes}`);
    const next: ServiceItem = { ...reg.item, attributes };
    const size = itemBytes(next);
    if (size > LIMITS.itemBytes) throw new InvalidArgumentError(`the item would be ${size} bytes; the limit is ${LIMITS.itemBytes}`);
    checkNames(attributes, reg.item.owner);
    this.charge(reg.owner, size - reg.bytes, 0);
    reg.bytes = size;
    const before = reg.item;
    this.index.remove(reg);
    this.index.intern(next);
    reg.item = next;
    this.index.add(reg);
    this.emit(next.serviceId, before, next, 'MODIFIED');
    return next;
  }

  /** Appends entries to a registration's attributes. */
  addAttributes(owner: Owner, serviceId: string, entries: unknown): ServiceItem {
    const reg = this.ownedItem(owner, serviceId);
    const add = checkEntries(entries, 'attributes');
    return this.replaceAttributes(reg, [...reg.item.attributes, ...add]);
  }

  /** Replaces a registration's attributes. */
  setAttributes(owner: Owner, serviceId: string, entries: unknown): ServiceItem {
    const reg = this.ownedItem(owner, serviceId);
    return this.replaceAttributes(reg, checkEntries(entries, 'attributes'));
  }

  /**
   * Jini's modifyAttributes: every entry matching templates[i] takes the fields set in
   * changes[i]; a change with an empty type deletes the matching entries.
   */
  modifyAttributes(owner: Owner, serviceId: string, templates: unknown, changes: unknown): ServiceItem {
    const reg = this.ownedItem(owner, serviceId);
    const tpl = checkEntries(templates, 'templates');
    const rawChanges = Array.isArray(changes) ? changes : [];
    if (rawChanges.length !== tpl.length) {
      throw new InvalidArgumentError(`templates has ${tpl.length} entries but changes has ${rawChanges.length}; they must pair up`);
    }
    const chg: (Entry | null)[] = rawChanges.map((c, i) => {
      const e = c as Partial<Entry> | null;
      if (!e || (!e.type && (!e.fields || Object.keys(e.fields).length === 0))) return null;
      const [checked] = checkEntries([{ type: e.type || tpl[i].type, fields: e.fields ?? {} }], `changes[${i}]`);
      if (checked.type !== tpl[i].type) throw new InvalidArgumentError(`changes[${i}].type '${checked.type}' differs from templates[${i}].type '${tpl[i].type}'`);
      return checked;
    });
    const out: Entry[] = [];
    for (const entry of reg.item.attributes) {
      let current: Entry | null = entry;
      for (let i = 0; i < tpl.length && current; i++) {
        if (!entryMatches(tpl[i], entry)) continue;
        const c = chg[i];
        current = c === null ? null : { type: current.type, fields: { ...current.fields, ...c.fields } };
      }
      if (current) out.push(current);
    }
    return this.replaceAttributes(reg, out);
  }

  /** Stops the expiry timer and completes the change stream. */
  close(): void {
    this.schedule.stop();
    this.subject.complete();
  }
}

// A node is known by its credential's name: nobody may put another name on an item.
function checkNames(attributes: readonly Entry[], name: string): void {
  for (const e of attributes) {
    if (e.type === NAME_ENTRY && e.fields.name !== undefined && e.fields.name !== name) {
      throw new PermissionError(`${NAME_ENTRY} '${e.fields.name}' is not the registering credential's name '${name}'`);
    }
  }
}
