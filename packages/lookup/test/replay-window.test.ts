import { expect } from 'chai';
import { ReplayWindow } from '../src/credentials/replay-window.js';

describe('ReplayWindow', () => {
  it('remembers a value for its whole window and forgets it after', () => {
    const w = new ReplayWindow(1000, 10);
    expect(w.add('a', 0)).to.equal(true);
    expect(w.has('a', 1000)).to.equal(true);
    expect(w.has('a', 1001)).to.equal(false);
  });

  it('keeps a value whose timestamp is ahead of the clock until its own window ends', () => {
    const w = new ReplayWindow(1000, 10);
    w.add('ahead', 0, 500);
    expect(w.has('ahead', 1500)).to.equal(true);
  });

  it('when full of live values refuses new ones instead of forgetting live ones', () => {
    const w = new ReplayWindow(1000, 3);
    for (const k of ['a', 'b', 'c']) expect(w.add(k, 0)).to.equal(true);
    expect(w.add('d', 500)).to.equal(false);
    expect(['a', 'b', 'c'].every((k) => w.has(k, 500))).to.equal(true);
    expect(w.add('d', 1001)).to.equal(true);
    expect(w.size).to.equal(1);
  });
});
