import { expect } from 'chai';
import { Registrar, VirtualClock, type Change , type Owner } from '../src/index.js';

// A test owner: a credential name that is its own serial.
const own = (name: string): Owner => ({ name, serial: name });

describe('Registrar change log (ring)', () => {
  it('changesSince equals the tail of every change, for log sizes 0 to 7, across many wraparounds', () => {
    for (const size of [0, 1, 2, 3, 7]) {
      const reg = new Registrar({ clock: new VirtualClock(0), eventLogSize: size });
      const all: Change[] = [];
      reg.changes.subscribe((c) => all.push(c));
      for (let i = 0; i < 40; i++) {
        const { lease } = reg.register(own(`n${i}`), { attributes: [{ type: 'lama.Name', fields: { name: `n${i}` } }] }, 1000);
        if (i % 3 === 0) reg.cancel(own(`n${i}`), lease.leaseId);
        for (let r = 0; r <= reg.revision + 1; r++) {
          const got = reg.changesSince(r);
          const want = r > reg.revision ? undefined : r === reg.revision ? [] : reg.revision - r <= size ? all.slice(r) : undefined;
          expect(got, `size ${size} revision ${reg.revision} since ${r}`).to.deep.equal(want);
        }
      }
      reg.close();
    }
  });
});
