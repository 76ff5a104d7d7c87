import { expect } from 'chai';
import { Registrar, VirtualClock, type Change } from '../src/index.js';

describe('Registrar change log (ring)', () => {
  it('changesSince equals the tail of every change, for log sizes 0 to 7, across many wraparounds', () => {
    for (const size of [0, 1, 2, 3, 7]) {
      const reg = new Registrar({ clock: new VirtualClock(0), eventLogSize: size });
      const all: Change[] = [];
      reg.changes.subscribe((c) => all.push(c));
      for (let i = 0; i < 40; i++) {
        const { lease } = reg.register('o', { attributes: [{ type: 'lama.Name', fields: { name: `n${i}` } }] }, 1000);
        if (i % 3 === 0) reg.cancel('o', lease.leaseId);
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
