import { expect } from 'chai';
import { Registrar, VirtualClock, WatchSession, type ServiceItem, type WatchEvent , type Owner } from '../src/index.js';

// A test owner: a credential name that is its own serial.
const own = (name: string): Owner => ({ name, serial: name });

function item(name: string, role: string): Partial<ServiceItem> {
  return { serviceTypes: ['lama.agent.v1.Agent'], attributes: [{ type: 'lama.Name', fields: { name } }, { type: 'lama.Role', fields: { role } }] };
}
const web = { attributes: [{ type: 'lama.Role', fields: { role: 'web-server' } }] };

function collect(reg: Registrar, options: ConstructorParameters<typeof WatchSession>[2], accept: () => boolean = () => true): { events: WatchEvent[]; session: WatchSession } {
  const events: WatchEvent[] = [];
  const session = new WatchSession(reg, { write: (e) => { events.push(e); return accept(); } }, options);
  session.start();
  return { events, session };
}

describe('WatchSession (virtual time)', () => {
  it('sends a snapshot, SYNCED, then transitions with contiguous sequence numbers', () => {
    const clock = new VirtualClock(0);
    const reg = new Registrar({ clock });
    const a = reg.register(own('a'), item('a', 'web-server'), 1000);
    reg.register(own('b'), item('b', 'dispatcher'), 5000);
    const { events } = collect(reg, { template: web });
    const c = reg.register(own('c'), item('c', 'web-server'), 5000);
    reg.setAttributes(own('c'), c.serviceId, [{ type: 'lama.Role', fields: { role: 'web-server' } }, { type: 'lama.Zone', fields: { z: '1' } }]);
    reg.setAttributes(own('c'), c.serviceId, [{ type: 'lama.Role', fields: { role: 'dispatcher' } }]);
    clock.advance(1000);
    expect(events.map((e) => e.kind + (e.transition ? ':' + e.transition : '') + (e.reason ? ':' + e.reason : ''))).to.deep.equal([
      'SNAPSHOT_ITEM', 'SYNCED',
      'TRANSITION:NOMATCH_MATCH', 'TRANSITION:MATCH_MATCH', 'TRANSITION:MATCH_NOMATCH:MODIFIED',
      'TRANSITION:MATCH_NOMATCH:EXPIRED',
    ]);
    expect(events.map((e) => e.sequence)).to.deep.equal([1, 2, 3, 4, 5, 6]);
    expect(events[0].serviceId).to.equal(a.serviceId);
    expect(events[0].leaseRemainingMs).to.equal(1000);
    expect(events[5].serviceId).to.equal(a.serviceId);
    // A removal carries the item as it last matched.
    expect(events[5].item?.attributes[0].fields.name).to.equal('a');
    const revs = events.filter((e) => e.kind === 'TRANSITION').map((e) => e.revision);
    expect(revs).to.deep.equal([...revs].sort((x, y) => x - y));
  });

  it('sends LEASE_RENEWED with the granted duration for a matching item only when asked, in the same numbering', () => {
    const clock = new VirtualClock(0);
    const reg = new Registrar({ clock });
    const a = reg.register(own('a'), item('a', 'web-server'), 1000);
    const b = reg.register(own('b'), item('b', 'dispatcher'), 1000);
    const asked = collect(reg, { template: web, leaseRenewals: true });
    const plain = collect(reg, { template: web });
    clock.advance(600);
    expect(reg.renew(own('a'), a.lease.leaseId, 900)).to.equal(900);
    reg.renew(own('b'), b.lease.leaseId, 900);
    expect(asked.events.map((e) => e.kind)).to.deep.equal(['SNAPSHOT_ITEM', 'SYNCED', 'LEASE_RENEWED']);
    expect(asked.events[2]).to.include({ serviceId: a.serviceId, leaseRemainingMs: 900, sequence: 3, revision: reg.revision });
    expect(plain.events.map((e) => e.kind)).to.deep.equal(['SNAPSHOT_ITEM', 'SYNCED']);
    asked.session.close();
    reg.renew(own('a'), a.lease.leaseId, 900);
    expect(asked.events).to.have.length(3);
  });

  it('reports only the transitions asked for', () => {
    const reg = new Registrar({ clock: new VirtualClock(0) });
    const { events } = collect(reg, { template: {}, transitions: ['MATCH_NOMATCH'] });
    const a = reg.register(own('a'), item('a', 'x'), 1000);
    reg.cancel(own('a'), a.lease.leaseId);
    expect(events.filter((e) => e.kind === 'TRANSITION').map((e) => `${e.transition}:${e.reason}`)).to.deep.equal(['MATCH_NOMATCH:CANCELLED']);
  });

  it('re-registration that stops matching is a removal with reason REPLACED', () => {
    const reg = new Registrar({ clock: new VirtualClock(0) });
    const a = reg.register(own('a'), item('a', 'web-server'), 1000);
    const { events } = collect(reg, { template: web });
    reg.register(own('a'), { ...item('a', 'dispatcher'), serviceId: a.serviceId }, 1000);
    expect(events.at(-1)).to.include({ transition: 'MATCH_NOMATCH', reason: 'REPLACED' });
  });

  it('resumes from a revision without a snapshot, or snapshots when it cannot', () => {
    const reg = new Registrar({ clock: new VirtualClock(0), eventLogSize: 2 });
    reg.register(own('a'), item('a', 'web-server'), 1000);
    const rev = reg.revision;
    reg.register(own('b'), item('b', 'web-server'), 1000);
    const resumed = collect(reg, { template: web, resume: { registrarId: reg.registrarId, revision: rev } }).events;
    expect(resumed.map((e) => e.kind)).to.deep.equal(['TRANSITION', 'SYNCED']);
    expect(resumed[0].item?.attributes[0].fields.name).to.equal('b');
    reg.register(own('c'), item('c', 'web-server'), 1000);
    reg.register(own('d'), item('d', 'web-server'), 1000);
    const tooOld = collect(reg, { template: web, resume: { registrarId: reg.registrarId, revision: rev } }).events;
    expect(tooOld.map((e) => e.kind)).to.deep.equal(['SNAPSHOT_ITEM', 'SNAPSHOT_ITEM', 'SNAPSHOT_ITEM', 'SNAPSHOT_ITEM', 'SYNCED']);
    const otherRegistrar = collect(reg, { template: web, resume: { registrarId: 'someone-else', revision: reg.revision } }).events;
    expect(otherRegistrar.filter((e) => e.kind === 'SNAPSHOT_ITEM')).to.have.length(4);
  });

  it('a watcher that falls behind gets RESYNC and a fresh snapshot, never a silent gap', () => {
    const reg = new Registrar({ clock: new VirtualClock(0) });
    let open = true;
    const { events, session } = collect(reg, { template: {}, maxBuffered: 5 }, () => open);
    open = false;
    for (let i = 0; i < 20; i++) reg.register(own(`n${i}`), item(`n${i}`, 'x'), 1000);
    // SYNCED was written while open; after blocking, 1 event hit the full buffer and 5 more were accepted.
    expect(events.filter((e) => e.kind === 'TRANSITION')).to.have.length(6);
    open = true;
    session.drained();
    const kinds = events.map((e) => e.kind);
    const resync = kinds.indexOf('RESYNC');
    expect(resync).to.be.greaterThan(0);
    expect(kinds.slice(resync + 1).filter((k) => k === 'SNAPSHOT_ITEM')).to.have.length(20);
    expect(kinds.at(-1)).to.equal('SYNCED');
    expect(events.map((e) => e.sequence)).to.deep.equal(events.map((_e, i) => i + 1));
    reg.register(own('late'), item('late', 'x'), 1000);
    expect(events.at(-1)?.transition).to.equal('NOMATCH_MATCH');
    session.close();
    reg.register(own('z'), item('z', 'x'), 1000);
    expect(events.at(-1)?.item?.owner).to.equal('late');
  });
});
