import { expect } from 'chai';
import { RegistrationSlots } from '../src/join/registration-slots.js';

describe('RegistrationSlots (registration attempts in flight per process)', () => {
  it('admits at most its size at once, then each waiter in arrival order as slots come back; a slot given back twice counts once', async () => {
    const slots = new RegistrationSlots(2);
    const order: number[] = [];
    const a = await slots.acquire();
    const b = await slots.acquire();
    const waiters = [3, 4, 5].map((n) => slots.acquire().then((release) => { order.push(n); return release; }));
    await new Promise((r) => setImmediate(r));
    expect(order).to.deep.equal([]);
    a();
    a();
    await new Promise((r) => setImmediate(r));
    expect(order).to.deep.equal([3]);
    b();
    await new Promise((r) => setImmediate(r));
    expect(order).to.deep.equal([3, 4]);
    (await waiters[0])();
    await new Promise((r) => setImmediate(r));
    expect(order).to.deep.equal([3, 4, 5]);
    (await waiters[1])();
    (await waiters[2])();
    // All back: two fit again at once, not more.
    const c = await slots.acquire();
    await slots.acquire();
    let third = false;
    void slots.acquire().then(() => { third = true; });
    await new Promise((r) => setImmediate(r));
    expect(third).to.equal(false);
    c();
    await new Promise((r) => setImmediate(r));
    expect(third).to.equal(true);
  });
});
