import { expect } from 'chai';
import { Registrar, VirtualClock, WatchSession, type ServiceItem, type WatchEvent , type Owner } from '../src/index.js';

// A test owner: a credential name that is its own serial.
const own = (name: string): Owner => ({ name, serial: name });

function item(name: string, role: string): Partial<ServiceItem> {
  return { serviceTypes: ['lama.agent.v1.Agent'], attributes: [{ type: 'lama.Name', fields: { name } }, { type: 'lama.Role', fields: { role } }] };
}

// The events a sink receives keep the keys, key order and values they had when WatchSession
// built them with an object spread ({...e, sequence, registrarId, revision, leaseRemainingMs}).
describe('WatchSession event objects', () => {
  it('have the same keys in the same order as before, for every kind', () => {
    const clock = new VirtualClock(0);
    const reg = new Registrar({ clock });
    const a = reg.register(own('a'), item('a', 'web'), 1000);
    const aItem = reg.get(a.serviceId);
    const events: WatchEvent[] = [];
    let accept = true;
    const session = new WatchSession(reg, { write: (e) => { events.push(e); return accept; } }, { template: { attributes: [{ type: 'lama.Role', fields: { role: 'web' } }] }, maxBuffered: 1 });
    session.start();
    const b = reg.register(own('b'), item('b', 'web'), 5000);
    clock.advance(1000);
    accept = false;
    reg.register(own('c'), item('c', 'web'), 5000);
    reg.register(own('d'), item('d', 'web'), 5000);
    reg.register(own('e'), item('e', 'web'), 5000);
    accept = true;
    session.drained();
    const keys = (kind: string): string[][] => events.filter((e) => e.kind === kind).map((e) => Object.keys(e));
    for (const k of keys('SNAPSHOT_ITEM')) expect(k).to.deep.equal(['kind', 'serviceId', 'item', 'leaseRemainingMs', 'sequence', 'registrarId', 'revision']);
    for (const k of [...keys('SYNCED'), ...keys('RESYNC')]) expect(k).to.deep.equal(['kind', 'sequence', 'registrarId', 'revision', 'leaseRemainingMs']);
    for (const k of keys('TRANSITION')) expect(k).to.deep.equal(['kind', 'transition', 'serviceId', 'item', 'reason', 'revision', 'leaseRemainingMs', 'sequence', 'registrarId']);
    expect(keys('RESYNC')).to.have.length(1);
    const first = events[0];
    expect(first).to.deep.equal({ kind: 'SNAPSHOT_ITEM', serviceId: a.serviceId, item: aItem, leaseRemainingMs: 1000, sequence: 1, registrarId: reg.registrarId, revision: 1 });
    expect(events[1]).to.deep.equal({ kind: 'SYNCED', sequence: 2, registrarId: reg.registrarId, revision: 1, leaseRemainingMs: 0 });
    expect(events[2]).to.deep.equal({
      kind: 'TRANSITION', transition: 'NOMATCH_MATCH', serviceId: b.serviceId, item: events[2].item, reason: undefined, revision: 2, leaseRemainingMs: 5000, sequence: 3, registrarId: reg.registrarId,
    });
    expect(events[3]).to.include({ kind: 'TRANSITION', transition: 'MATCH_NOMATCH', reason: 'EXPIRED', leaseRemainingMs: 0, revision: 3 });
    session.close();
    reg.close();
  });
});
