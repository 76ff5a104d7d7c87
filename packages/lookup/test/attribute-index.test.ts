import { expect } from 'chai';
import { Registrar, VirtualClock, matches, type Entry, type ServiceItem, type ServiceTemplate , type Owner } from '../src/index.js';
import { seededRandom } from '@lama/testkit';

// A test owner: a credential name that is its own serial.
const own = (name: string): Owner => ({ name, serial: name });

// Model check of the registrar's index: after every random change, every item holds exactly
// what was registered (interning swaps strings, never content) and each lookup returns
// exactly what a full scan with matches() over the model returns.

const rng = seededRandom;

const SERVICE_TYPES = ['lama.agent.v1.Agent', 'x.Other', 'y.Third'];
const ENTRY_TYPES = ['x.Name', 'lama.Role', 'lama.Zone'];
const FIELDS = ['name', 'role', 'zone', 'extra'];
const VALUES = ['a', 'b', 'c', '', 'web-server', 'ü'];

describe('AttributeIndex (model check against a full scan)', () => {
  it('every lookup equals a scan with matches() through registrations, replacements, attribute changes, cancels and expiries', () => {
    const r = rng(7);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
    const entry = (): Entry => {
      const fields: Record<string, string> = {};
      const n = Math.floor(r() * 3);
      for (let i = 0; i < n; i++) fields[pick(FIELDS)] = pick(VALUES);
      return { type: pick(ENTRY_TYPES), fields };
    };
    // Items often hold several entries of one type (several roles), which the index must count right.
    const attributes = (): Entry[] => Array.from({ length: Math.floor(r() * 5) }, entry);
    const template = (): ServiceTemplate => {
      const t: ServiceTemplate = {};
      if (r() < 0.3) t.serviceTypes = Array.from({ length: 1 + Math.floor(r() * 2) }, () => pick(SERVICE_TYPES));
      if (r() < 0.8) t.attributes = Array.from({ length: 1 + Math.floor(r() * 2) }, entry);
      return t;
    };
    const clock = new VirtualClock(0);
    const reg = new Registrar({ clock, maxLeaseMs: 10_000 });
    const ids = Array.from({ length: 40 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const leases = new Map<string, string>();
    // The model: a deep copy of what each live item must hold, and when its lease ends.
    const model = new Map<string, { item: ServiceItem; expiresAt: number }>();
    const copy = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
    const setModel = (id: string, attrs: Entry[]): void => {
      const m = model.get(id)!;
      m.item = { ...m.item, attributes: copy(attrs) };
    };
    const check = (): void => {
      for (const id of ids) expect(reg.get(id), id).to.deep.equal(model.get(id)?.item);
      const all = [...model.values()].map((m) => m.item);
      expect(reg.size).to.equal(all.length);
      for (let q = 0; q < 20; q++) {
        const t = template();
        const want = all.filter((i) => matches(t, i)).map((i) => i.serviceId).sort();
        const got = reg.lookup(t);
        expect(got.items.map((i) => i.serviceId).sort(), JSON.stringify(t)).to.deep.equal(want);
        expect(got.total).to.equal(want.length);
        const limited = reg.lookup(t, 2);
        expect(limited.total).to.equal(want.length);
        expect(limited.items.length).to.equal(Math.min(2, want.length));
        // What a Lookup call answers: the same items, each with its remaining lease.
        const leased = reg.lookupWithLeases(t, q % 3);
        expect(leased.total).to.equal(want.length);
        expect(leased.items.length).to.equal(q % 3 === 0 ? want.length : Math.min(q % 3, want.length));
        expect(leased.leaseRemainingMs).to.deep.equal(leased.items.map((i) => model.get(i.serviceId)!.expiresAt - clock.now()));
        for (const i of leased.items) expect(want).to.include(i.serviceId);
      }
    };
    for (let step = 0; step < 1500; step++) {
      const id = pick(ids);
      const current = reg.get(id);
      const op = r();
      if (!current || op < 0.25) {
        const item = { serviceId: id, serviceTypes: SERVICE_TYPES.filter(() => r() < 0.4), endpoint: '', attributes: attributes(), owner: 'owner' };
        const ms = 1000 + Math.floor(r() * 9000);
        model.set(id, { item: copy(item), expiresAt: clock.now() + ms });
        leases.set(id, reg.register(own('owner'), item, ms).lease.leaseId);
      } else if (op < 0.4) {
        const add = attributes();
        setModel(id, [...model.get(id)!.item.attributes, ...add]);
        reg.addAttributes(own('owner'), id, add);
      } else if (op < 0.55) {
        const set = attributes();
        setModel(id, set);
        reg.setAttributes(own('owner'), id, set);
      } else if (op < 0.7) {
        const type = pick(ENTRY_TYPES);
        const change = r() < 0.5 ? { type: '' as const, fields: {} } : { type, fields: { [pick(FIELDS)]: pick(VALUES) } };
        const out: Entry[] = [];
        for (const e of model.get(id)!.item.attributes) {
          if (e.type !== type) out.push(e);
          else if (change.type) out.push({ type, fields: { ...e.fields, ...change.fields } });
        }
        setModel(id, out);
        reg.modifyAttributes(own('owner'), id, [{ type, fields: {} }], [change]);
      } else if (op < 0.8) {
        model.delete(id);
        reg.cancel(own('owner'), leases.get(id)!);
      } else if (op < 0.9) {
        const ms = 1000 + Math.floor(r() * 9000);
        model.get(id)!.expiresAt = clock.now() + ms;
        reg.renew(own('owner'), leases.get(id)!, ms);
      } else {
        clock.advance(Math.floor(r() * 1500));
        for (const [k, m] of model) if (m.expiresAt <= clock.now()) model.delete(k);
      }
      if (step % 5 === 0) check();
    }
    check();
    reg.close();
  });
});
