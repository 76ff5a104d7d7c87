import { expect } from 'chai';
import { newServiceId } from '../src/index.js';
import { newUuid } from '../src/registry/item.js';

describe('newUuid', () => {
  it('makes distinct lowercase version-4 UUIDs, across many refills of its entropy buffer', () => {
    const v4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const id = i % 2 ? newUuid() : newServiceId();
      expect(id).to.match(v4);
      seen.add(id);
    }
    expect(seen.size).to.equal(20_000);
    // Every hex digit shows up in every free position (no stuck nibble from the formatting).
    const ids = [...seen];
    for (let pos = 0; pos < 36; pos++) {
      if ([8, 13, 14, 18, 19, 23].includes(pos)) continue;
      expect(new Set(ids.map((id) => id[pos])).size, `position ${pos}`).to.equal(16);
    }
  });
});
