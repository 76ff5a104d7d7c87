import { expect } from 'chai';
import type { RemotePool } from '@lama/grand-agent';
import { formatPool, leaseLeft } from '../src/cli/format-pool.js';

describe('lama pool (text)', () => {
  it('shows each node\'s lease time left on the grand agent\'s clock, and - before a renewal is known', () => {
    expect(leaseLeft(17_250, 10_000, 10_000)).to.equal('7.3s/10s');
    expect(leaseLeft(0, 0, 10_000)).to.equal('-');
    // A lease the grand agent has seen expire is 0 left, never negative.
    expect(leaseLeft(9_000, 3_000, 10_000)).to.equal('0.0s/3s');
    const node = {
      node: 'node-1', endpoint: '127.0.0.1:1', roles: ['stream'], lastStatusMs: 0, cpuUtilization: 0.25, rxBitsPerSec: 0, txBitsPerSec: 0,
      adapters: { radio: 'RUNNING' }, loads: {}, serving: '', pending: '', samples: 0, lifecycle: 'FREE', leaseExpiresMs: 102_500, leaseMs: 3000,
    };
    const pool = { grand: 'grand', atMs: 100_000, lookups: [], services: [], nodes: [node, { ...node, node: 'node-2', leaseExpiresMs: 0, leaseMs: 0 }] } as unknown as RemotePool;
    const lines = formatPool(pool).split('\n');
    const header = lines.find((l) => l.startsWith('NODE'))!;
    const at = header.indexOf('LEASE');
    expect(at).to.be.greaterThan(0);
    expect(lines.find((l) => l.startsWith('node-1'))!.slice(at)).to.match(/^2\.5s\/3s /);
    expect(lines.find((l) => l.startsWith('node-2'))!.slice(at)).to.match(/^- /);
  });
});
