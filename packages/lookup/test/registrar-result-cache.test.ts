import { expect } from 'chai';
import { Registrar, VirtualClock, type Owner, type ServiceItem } from '../src/index.js';

// A test owner: a credential name that is its own serial.
const own = (name: string): Owner => ({ name, serial: name });
import { encodeLookupResponse } from '../src/wire/fast-encode.js';

const item = (name: string, role: string): Partial<ServiceItem> => ({
  serviceTypes: ['lama.agent.v1.Agent'],
  endpoint: '127.0.0.1:7000',
  attributes: [{ type: 'lama.Name', fields: { name } }, { type: 'lama.Role', fields: { role } }],
});

describe('Registrar result cache (exact templates)', () => {
  const byRole = (role: string) => ({ attributes: [{ type: 'lama.Role', fields: { role } }] });

  it('answers an exact template with one frozen list until a change, with leases read fresh', () => {
    const clock = new VirtualClock(1_000_000);
    const reg = new Registrar({ clock, maxLeaseMs: 10_000 });
    reg.register(own('a'), item('a', 'web'), 10_000);
    reg.register(own('b'), item('b', 'web'), 10_000);
    const first = reg.lookupWithLeases(byRole('web'));
    expect(Object.isFrozen(first.items)).to.equal(true);
    clock.advance(1000);
    const second = reg.lookupWithLeases(byRole('web'));
    expect(second.items).to.equal(first.items);
    expect(second.leaseRemainingMs).to.deep.equal([9000, 9000]);
    // A renewal changes no item: the list stays; its lease is read anew.
    const lease = reg.register(own('c'), item('c', 'db'), 10_000).lease.leaseId;
    reg.renew(own('c'), lease, 10_000);
    const third = reg.lookupWithLeases(byRole('web'));
    expect(third.items).to.not.equal(first.items);
    expect(third.items.map((i) => i.attributes[0].fields.name)).to.deep.equal(['a', 'b']);
    reg.register(own('d'), item('d', 'web'), 10_000);
    expect(reg.lookupWithLeases(byRole('web')).total).to.equal(3);
    // The bytes of a reused list are the bytes of a fresh equal one.
    const cached = reg.lookupWithLeases(byRole('web'));
    expect(encodeLookupResponse(cached)!.equals(encodeLookupResponse({ ...cached, items: [...cached.items] })!)).to.equal(true);
    expect(encodeLookupResponse(cached)!.equals(encodeLookupResponse(cached)!)).to.equal(true);
    reg.close();
  });

  it('lookup() and maxMatches still answer as before', () => {
    const reg = new Registrar({ clock: new VirtualClock(0), maxLeaseMs: 10_000 });
    for (const n of ['a', 'b', 'c']) reg.register(own(n), item(n, 'web'), 10_000);
    const limited = reg.lookupWithLeases(byRole('web'), 2);
    expect(limited.items).to.have.length(2);
    expect(limited.total).to.equal(3);
    const plain = reg.lookup(byRole('web'));
    expect(Object.isFrozen(plain.items)).to.equal(false);
    expect(plain.total).to.equal(3);
    reg.close();
  });
});
