import { expect } from 'chai';
import {
  InvalidArgumentError, PermissionError, Registrar, UnknownLeaseError, UnknownServiceError, VirtualClock, LIMITS,
  type Change, type Entry, type ServiceItem, type Owner,
} from '../src/index.js';

// A test owner: a credential name that is its own serial.
const own = (name: string): Owner => ({ name, serial: name });

function agentItem(name: string, role = 'web-server', extra: Partial<ServiceItem> = {}): Partial<ServiceItem> {
  return {
    serviceTypes: ['lama.agent.v1.Agent'],
    endpoint: '127.0.0.1:7000',
    attributes: [{ type: 'lama.Name', fields: { name } }, { type: 'lama.Role', fields: { role } }],
    ...extra,
  };
}

function setup(maxLeaseMs = 10_000): { clock: VirtualClock; reg: Registrar; changes: Change[] } {
  const clock = new VirtualClock(1_000_000);
  const reg = new Registrar({ clock, maxLeaseMs });
  const changes: Change[] = [];
  reg.changes.subscribe((c) => changes.push(c));
  return { clock, reg, changes };
}

describe('Registrar (virtual time)', () => {
  describe('grant', () => {
    it('grants what was asked when under the maximum, the maximum when over, and the maximum for 0', () => {
      const { reg } = setup(10_000);
      expect(reg.register(own('n1'), agentItem('n1'), 3000).lease.durationMs).to.equal(3000);
      expect(reg.register(own('n2'), agentItem('n2'), 60_000).lease.durationMs).to.equal(10_000);
      expect(reg.register(own('n3'), agentItem('n3'), 0).lease.durationMs).to.equal(10_000);
    });

    it('refuses a negative or fractional duration and changes nothing', () => {
      const { reg, changes } = setup();
      expect(() => reg.register(own('n1'), agentItem('n1'), -5)).to.throw(InvalidArgumentError, /lease duration -5/);
      expect(() => reg.register(own('n1'), agentItem('n1'), 1.5)).to.throw(InvalidArgumentError);
      expect(reg.size).to.equal(0);
      expect(changes).to.have.length(0);
    });

    it('assigns a canonical 128-bit ID when the item has none, and keeps a given one', () => {
      const { reg } = setup();
      const a = reg.register(own('n1'), agentItem('n1'), 1000);
      expect(a.serviceId).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      const id = '0b0e5a2c-1111-4222-8333-444455556666';
      expect(reg.register(own('n2'), agentItem('n2', 'x', { serviceId: id }), 1000).serviceId).to.equal(id);
      expect(reg.get(id)?.owner).to.equal('n2');
    });
  });

  describe('renew, expiry, cancel', () => {
    it('expires exactly at the end of the lease, not before, with reason EXPIRED', () => {
      const { clock, reg, changes } = setup();
      const { serviceId } = reg.register(own('n1'), agentItem('n1'), 3000);
      clock.advance(2999);
      expect(reg.get(serviceId)).to.not.equal(undefined);
      clock.advance(1);
      expect(reg.get(serviceId)).to.equal(undefined);
      const last = changes.at(-1) as Change;
      expect(last.reason).to.equal('EXPIRED');
      expect(last.before?.serviceId).to.equal(serviceId);
      expect(last.after).to.equal(undefined);
      expect(last.at).to.equal(1_000_000 + 3000);
    });

    it('a renewal counts from the time of renewal', () => {
      const { clock, reg } = setup();
      const { serviceId, lease } = reg.register(own('n1'), agentItem('n1'), 3000);
      clock.advance(2000);
      expect(reg.renew(own('n1'), lease.leaseId, 3000)).to.equal(3000);
      clock.advance(2999);
      expect(reg.get(serviceId)).to.not.equal(undefined);
      expect(reg.leaseRemaining(serviceId)).to.equal(1);
      clock.advance(1);
      expect(reg.get(serviceId)).to.equal(undefined);
    });

    it('renewing an expired lease is UNKNOWN_LEASE', () => {
      const { clock, reg } = setup();
      const { lease } = reg.register(own('n1'), agentItem('n1'), 1000);
      clock.advance(1000);
      expect(() => reg.renew(own('n1'), lease.leaseId, 1000)).to.throw(UnknownLeaseError, /UNKNOWN_LEASE/);
    });

    it('cancel removes at once with reason CANCELLED and the lease is gone', () => {
      const { reg, changes } = setup();
      const { serviceId, lease } = reg.register(own('n1'), agentItem('n1'), 5000);
      reg.cancel(own('n1'), lease.leaseId);
      expect(reg.get(serviceId)).to.equal(undefined);
      expect(changes.at(-1)?.reason).to.equal('CANCELLED');
      expect(() => reg.cancel(own('n1'), lease.leaseId)).to.throw(UnknownLeaseError);
    });

    it('holds many leases on a single timer and expires each on time', () => {
      const { clock, reg, changes } = setup(100_000);
      for (let i = 0; i < 1000; i++) reg.register(own(`n${i}`), agentItem(`n${i}`), 1000 + i * 10);
      expect(clock.pending()).to.equal(1);
      clock.advance(1000 + 499 * 10);
      expect(reg.size).to.equal(500);
      const expired = changes.filter((c) => c.reason === 'EXPIRED');
      expect(expired).to.have.length(500);
      expired.forEach((c, i) => expect(c.at).to.equal(1_000_000 + 1000 + i * 10));
    });
  });

  describe('ownership', () => {
    it('binds the item to the registering credential: others cannot replace, renew, cancel or change it', () => {
      const { reg } = setup();
      const { serviceId, lease } = reg.register(own('n1'), agentItem('n1'), 5000);
      expect(() => reg.register(own('n2'), agentItem('n2', 'x', { serviceId }), 5000)).to.throw(PermissionError, /registered by 'n1'/);
      expect(() => reg.renew(own('n2'), lease.leaseId, 5000)).to.throw(PermissionError);
      expect(() => reg.cancel(own('n2'), lease.leaseId)).to.throw(PermissionError);
      expect(() => reg.addAttributes(own('n2'), serviceId, [{ type: 'x', fields: {} }])).to.throw(PermissionError);
      expect(reg.get(serviceId)?.attributes).to.have.length(2);
    });
  });

  describe('re-registration', () => {
    it('replaces the item, issues a new lease, forgets the old one, and reports REPLACED', () => {
      const { reg, changes } = setup();
      const first = reg.register(own('n1'), agentItem('n1', 'web-server'), 5000);
      const second = reg.register(own('n1'), agentItem('n1', 'dispatcher', { serviceId: first.serviceId }), 5000);
      expect(second.serviceId).to.equal(first.serviceId);
      expect(second.lease.leaseId).to.not.equal(first.lease.leaseId);
      expect(() => reg.renew(own('n1'), first.lease.leaseId, 1000)).to.throw(UnknownLeaseError);
      expect(reg.size).to.equal(1);
      const c = changes.at(-1) as Change;
      expect(c.reason).to.equal('REPLACED');
      expect(c.before?.attributes[1].fields.role).to.equal('web-server');
      expect(c.after?.attributes[1].fields.role).to.equal('dispatcher');
      expect(reg.lookup({ attributes: [{ type: 'lama.Role', fields: { role: 'web-server' } }] }).total).to.equal(0);
    });
  });

  describe('lookup', () => {
    it('returns at most maxMatches and the total count', () => {
      const { reg } = setup();
      for (let i = 0; i < 10; i++) reg.register(own(`n${i}`), agentItem(`n${i}`, i < 7 ? 'web-server' : 'dispatcher'), 5000);
      const web = { attributes: [{ type: 'lama.Role', fields: { role: 'web-server' } }] };
      expect(reg.lookup(web, 3).items).to.have.length(3);
      expect(reg.lookup(web, 3).total).to.equal(7);
      expect(reg.lookup(web).items).to.have.length(7);
      expect(reg.lookup({}).total).to.equal(10);
      expect(reg.lookup({ attributes: [{ type: 'lama.Name', fields: { name: 'n8' } }] }).items[0].attributes[1].fields.role).to.equal('dispatcher');
      expect(reg.lookup({ attributes: [{ type: 'lama.Name', fields: { name: 'nope' } }] }).total).to.equal(0);
      expect(() => reg.lookup({}, -1)).to.throw(InvalidArgumentError);
    });

    it('the index agrees with a full scan after modifications', () => {
      const { reg } = setup();
      const ids = [];
      for (let i = 0; i < 50; i++) ids.push(reg.register(own(`n${i}`), agentItem(`n${i}`, `r${i % 5}`), 5000).serviceId);
      for (let i = 0; i < 50; i += 3) reg.setAttributes(own(`n${i}`), ids[i], [{ type: 'lama.Role', fields: { role: 'moved' } }]);
      const all = reg.lookup({}).items;
      for (const role of ['r0', 'r1', 'r2', 'r3', 'r4', 'moved']) {
        const t = { attributes: [{ type: 'lama.Role', fields: { role } }] };
        const scan = all.filter((it) => it.attributes.some((e) => e.type === 'lama.Role' && e.fields.role === role)).length;
        expect(reg.lookup(t).total, role).to.equal(scan);
      }
    });
  });

  describe('attributes', () => {
    it('add appends, set replaces, modify changes matching entries and deletes with an empty change', () => {
      const { reg, changes } = setup();
      const { serviceId } = reg.register(own('n1'), agentItem('n1'), 5000);
      reg.addAttributes(own('n1'), serviceId, [{ type: 'lama.Role', fields: { role: 'dispatcher' } }]);
      expect(reg.get(serviceId)?.attributes).to.have.length(3);
      reg.modifyAttributes(own('n1'), serviceId, [{ type: 'lama.Role', fields: { role: 'dispatcher' } }], [{ type: 'lama.Role', fields: { weight: '3' } }]);
      expect(reg.get(serviceId)?.attributes[2].fields).to.deep.equal({ role: 'dispatcher', weight: '3' });
      reg.modifyAttributes(own('n1'), serviceId, [{ type: 'lama.Role', fields: { role: 'web-server' } }], [{ type: '', fields: {} } as Entry]);
      expect(reg.get(serviceId)?.attributes.map((e) => e.fields.role ?? e.fields.name)).to.deep.equal(['n1', 'dispatcher']);
      reg.setAttributes(own('n1'), serviceId, []);
      expect(reg.get(serviceId)?.attributes).to.deep.equal([]);
      expect(changes.slice(1).every((c) => c.reason === 'MODIFIED')).to.equal(true);
    });

    it('rejects mismatched modify lists and unknown IDs, changing nothing', () => {
      const { reg } = setup();
      const { serviceId } = reg.register(own('n1'), agentItem('n1'), 5000);
      const before = reg.get(serviceId);
      expect(() => reg.modifyAttributes(own('n1'), serviceId, [{ type: 'lama.Role', fields: {} }], [])).to.throw(InvalidArgumentError, /pair up/);
      expect(() => reg.addAttributes(own('n1'), 'ffffffff-ffff-4fff-8fff-ffffffffffff', [])).to.throw(UnknownServiceError);
      expect(() => reg.addAttributes(own('n1'), 'not-an-id', [])).to.throw(InvalidArgumentError, /canonical UUID/);
      expect(reg.get(serviceId)).to.equal(before);
    });
  });

  describe('bad input', () => {
    const cases: [string, unknown, RegExp][] = [
      ['no item', undefined, /item is missing/],
      ['bad service ID', agentItem('n', 'x', { serviceId: 'abc' }), /canonical UUID/],
      ['bad endpoint', agentItem('n', 'x', { endpoint: 'no port' }), /HOST:PORT/],
      ['port out of range', agentItem('n', 'x', { endpoint: 'h:70000' }), /HOST:PORT/],
      ['bad entry type', agentItem('n', 'x', { attributes: [{ type: 'bad type', fields: {} }] }), /type 'bad type'/],
      ['too many entries', agentItem('n', 'x', { attributes: Array.from({ length: LIMITS.attributes + 1 }, () => ({ type: 'a', fields: {} })) }), /limit is 64/],
      ['oversized value', agentItem('n', 'x', { attributes: [{ type: 'a', fields: { v: 'x'.repeat(LIMITS.fieldValueBytes + 1) } }] }), /limit is 1024/],
      ['non-string field', agentItem('n', 'x', { attributes: [{ type: 'a', fields: { v: 3 as unknown as string } }] }), /not a string/],
      ['oversized item', agentItem('n', 'x', { attributes: Array.from({ length: 20 }, () => ({ type: 'a', fields: { v: 'x'.repeat(1000) } })) }), /bytes; the limit is 16384/],
    ];
    for (const [name, raw, message] of cases) {
      it(`${name}: precise error, nothing registered`, () => {
        const { reg, changes } = setup();
        expect(() => reg.register(own('n'), raw, 1000)).to.throw(InvalidArgumentError, message);
        expect(reg.size).to.equal(0);
        expect(changes).to.have.length(0);
      });
    }
  });

  describe('events', () => {
    it('revisions increase by one per change and the log replays them', () => {
      const { clock, reg, changes } = setup();
      const a = reg.register(own('a'), agentItem('a'), 1000);
      reg.register(own('b'), agentItem('b'), 5000);
      reg.addAttributes(own('a'), a.serviceId, [{ type: 'x', fields: {} }]);
      clock.advance(1000);
      expect(changes.map((c) => c.revision)).to.deep.equal([1, 2, 3, 4]);
      expect(changes.map((c) => c.reason)).to.deep.equal([undefined, undefined, 'MODIFIED', 'EXPIRED']);
      expect(reg.changesSince(2)?.map((c) => c.revision)).to.deep.equal([3, 4]);
      expect(reg.changesSince(4)).to.deep.equal([]);
      expect(reg.changesSince(9)).to.equal(undefined);
    });

    it('a log that no longer reaches back says so', () => {
      const clock = new VirtualClock(0);
      const reg = new Registrar({ clock, eventLogSize: 3 });
      for (let i = 0; i < 5; i++) reg.register(own(`n${i}`), agentItem(`n${i}`), 1000);
      expect(reg.changesSince(1)).to.equal(undefined);
      expect(reg.changesSince(2)?.map((c) => c.revision)).to.deep.equal([3, 4, 5]);
    });
  });
});
