import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { VirtualClock } from '@lama/lookup';
import { AlertManager, WebhookSender, type Alert, type AlertManagerOptions, type Departure } from '../src/index.js';

const dep = (node: string, reason: string | undefined, poolSize: number): Departure => ({
  node, serviceId: `id-${node}`, roles: ['streaming-server'], endpoint: '127.0.0.1:1', reason, poolSize, lastStatus: { cpu: 0.5 },
});

/**
 * An alert manager on virtual time (settle 800 ms unless OPTIONS say otherwise) and the alerts it
 * raises; `expire(pool, nodes, gapsMs)` lets NODES expire in turn, the pool shrinking from POOL by
 * one each, the clock moving gapsMs[i] after the i-th.
 */
function setup(options: Omit<AlertManagerOptions, 'clock'> = {}) {
  const clock = new VirtualClock(Date.UTC(2026, 10, 23));
  const m = new AlertManager({ clock, partitionWindowMs: 10_000, partitionShare: 0.3, partitionMinNodes: 3, partitionHoldMs: 60_000, settleMs: 800, ...options });
  const seen: Alert[] = [];
  m.alerts.subscribe((a) => seen.push(a));
  const expire = (pool: number, nodes: string[], gapsMs: number[] = []): void => {
    nodes.forEach((node, i) => {
      m.departed(dep(node, 'EXPIRED', pool - i));
      clock.advance(gapsMs[i] ?? 0);
    });
  };
  return { clock, m, seen, expire };
}

describe('AlertManager (virtual time)', () => {
  it('raises exactly one lease-expired alert per expired node, with node, roles, last status and time', () => {
    const { m, seen, clock } = setup();
    const at = clock.now();
    m.departed(dep('node-1', 'EXPIRED', 10));
    // It waits out the settle window (800 ms) in case more expiries make a partition.
    clock.advance(799);
    expect(seen).to.have.length(0);
    // Allocation waits too: the next expiries might make this a partition.
    expect(m.holdReason).to.match(/^settling: node-1 expired less than 800 ms ago/);
    clock.advance(1);
    expect(seen).to.have.length(1);
    expect(m.holdReason).to.equal(undefined);
    expect(seen[0]).to.include({ kind: 'lease-expired', node: 'node-1', at: new Date(at).toISOString(), raisedAt: new Date(at + 800).toISOString() });
    expect(seen[0].roles).to.deep.equal(['streaming-server']);
    expect(seen[0].lastStatus).to.deep.equal({ cpu: 0.5 });
    expect(m.list()).to.deep.equal(seen);
  });

  it('raises nothing for a cancelled lease or an unknown reason', () => {
    const { m, seen, clock } = setup();
    m.departed(dep('node-1', 'CANCELLED', 10));
    m.departed(dep('node-2', undefined, 9));
    clock.advance(5000);
    expect(seen).to.deep.equal([]);
  });

  it('expiries spread over time are separate failures', () => {
    const { m, seen, clock, expire } = setup();
    expire(10, ['node-0', 'node-1', 'node-2', 'node-3', 'node-4'], Array(5).fill(11_000));
    clock.advance(1000);
    expect(seen.map((a) => a.kind)).to.deep.equal(Array(5).fill('lease-expired'));
    expect(m.holdReason).to.equal(undefined);
  });

  it('expiries within the settle window that make a partition raise only the partition alert', () => {
    const { seen, expire } = setup();
    expire(10, ['node-1', 'node-2', 'node-3'], [300, 300, 5000]);
    expect(seen.map((a) => a.kind)).to.deep.equal(['partition']);
    expect(seen[0].nodes).to.deep.equal(['node-1', 'node-2', 'node-3']);
  });

  it('many expiries within one window raise one partition alert, hold allocation, and fold later expiries in', () => {
    const { m, seen, expire } = setup();
    expire(10, ['node-1', 'node-2', 'node-3'], [1000, 1000]);
    // The first two settled before the third came: they were failures of their own.
    expect(seen.map((a) => a.kind)).to.deep.equal(['lease-expired', 'lease-expired', 'partition']);
    expect(seen[2].nodes).to.deep.equal(['node-1', 'node-2', 'node-3']);
    expect(m.holdReason).to.match(/partition: 3 nodes/);
    m.departed(dep('node-4', 'EXPIRED', 7));
    expect(seen).to.have.length(3);
    expect(m.holdReason).to.match(/partition: 4 nodes/);
  });

  it('a partition clears when half its nodes are back, or after the hold without new expiries', () => {
    const { m, seen, clock, expire } = setup();
    expire(10, ['a', 'b', 'c', 'd']);
    m.arrived('a');
    expect(m.holdReason).to.not.equal(undefined);
    m.arrived('b');
    expect(m.holdReason).to.equal(undefined);
    expect(seen.at(-1)).to.include({ kind: 'partition-cleared' });
    expire(10, ['e', 'f', 'g']);
    expect(seen.at(-1)?.kind).to.equal('partition');
    clock.advance(59_999);
    expect(m.holdReason).to.not.equal(undefined);
    clock.advance(1);
    expect(m.holdReason).to.equal(undefined);
    expect(seen.at(-1)?.message).to.match(/no further expiries for 60 s/);
  });

  it('the settle window covers the renewal spread: 3 of 5 cut at once, leases renewed at different phases, make one partition alert', () => {
    // Leases of 3 s renewed every 1 s: nodes cut off at the same moment expire up to 1 s apart.
    const run = (nodeLeaseMs: number | undefined) => {
      const { m, seen, expire } = setup({ settleMs: 300, ...(nodeLeaseMs !== undefined && { nodeLeaseMs }) });
      expire(4, ['n1', 'n2', 'n3'], [450, 500, 5000]);
      return { m, seen };
    };
    // Without the lease, a 300 ms window starts the partition with two separate lease-expired alerts (the old behaviour).
    expect(run(undefined).seen.map((a) => a.kind)).to.deep.equal(['lease-expired', 'lease-expired', 'partition']);
    const { m, seen } = run(3000);
    expect(m.settleWindowMs).to.equal(1300);
    expect(seen.map((a) => a.kind)).to.deep.equal(['partition']);
    expect(seen[0].nodes).to.deep.equal(['n1', 'n2', 'n3']);
    expect(m.holdReason).to.match(/^partition: 3 nodes/);
  });

  it('a node cut off alone that came back is not part of the next partition; one that expires twice counts once', () => {
    const { m, seen, clock } = setup({ settleMs: 300, nodeLeaseMs: 3000 });
    m.departed(dep('n1', 'EXPIRED', 5));
    clock.advance(3000);
    m.arrived('n1');
    clock.advance(1000);
    // Within the 10 s window: n1 again and n2 are two nodes, not a partition of three.
    m.departed(dep('n1', 'EXPIRED', 5));
    m.departed(dep('n2', 'EXPIRED', 4));
    clock.advance(2000);
    expect(seen.map((a) => [a.kind, a.node])).to.deep.equal([['lease-expired', 'n1'], ['lease-expired', 'n1'], ['lease-expired', 'n2']]);
    m.arrived('n1');
    m.arrived('n2');
    clock.advance(3000);
    // n1, n2 are back; three others cut together are the partition, and only they are in it.
    for (const n of ['n3', 'n4', 'n5']) m.departed(dep(n, 'EXPIRED', 5));
    expect(seen.at(-1)).to.include({ kind: 'partition' });
    expect(seen.at(-1)?.nodes).to.deep.equal(['n3', 'n4', 'n5']);
  });

  it('a single expiry with the lease known is one lease-expired alert a renewal interval plus settleMs later', () => {
    const { m, seen, clock } = setup({ settleMs: 300, nodeLeaseMs: 3000 });
    m.departed(dep('n1', 'EXPIRED', 5));
    clock.advance(1299);
    expect(seen).to.deep.equal([]);
    expect(m.holdReason).to.match(/^settling: n1 expired less than 1300 ms ago/);
    clock.advance(1);
    expect(seen.map((a) => [a.kind, a.node])).to.deep.equal([['lease-expired', 'n1']]);
    clock.advance(60_000);
    expect(seen).to.have.length(1);
  });

  it('a node that died during a deployment is one lease-expired alert (saying what it was doing), not also a deployment-failed one', () => {
    const { m, seen, clock } = setup();
    const t0 = clock.now();
    const node = (name: string, state: string, reason?: string) => ({ node: name, state, startedAt: t0, ...(reason && { reason }) });
    clock.advance(1000);
    m.departed({ ...dep('dead', 'EXPIRED', 4), lifecycle: 'DEPLOYING (news@1)' });
    clock.advance(2000);
    const ended = clock.now();
    // Only the dead node failed: its lease-expired alert is the one alert.
    expect(m.deploymentFailed({ id: 'd-1', site: 'news', version: 1, nodes: [node('ok', 'complete'), { ...node('dead', 'failed', 'the node left the pool'), endedAt: ended }] })).to.equal(undefined);
    expect(seen.map((a) => [a.kind, a.node, a.message])).to.deep.equal([['lease-expired', 'dead', 'node dead stopped renewing its lease: it is presumed failed (it was DEPLOYING (news@1))']]);
    // Another node failed too: one deployment-failed alert names it, and only it.
    const a = m.deploymentFailed({ id: 'd-2', site: 'news', version: 1, nodes: [{ ...node('bad', 'failed', 'map: no'), endedAt: ended }, { ...node('dead', 'failed', 'the node left the pool'), endedAt: ended }] });
    expect(a?.nodes).to.deep.equal(['bad']);
    expect(a?.message).to.equal('deployment d-2 of news@1: 2 of 2 nodes did not complete: bad failed (map: no); and dead, whose lease expired during it (alerted as such)');
    // A node that expired before its deployment started (a later retry that failed) is alerted.
    expect(m.deploymentFailed({ id: 'd-3', site: 'news', version: 1, nodes: [{ node: 'dead', state: 'failed', reason: 'x', startedAt: ended, endedAt: ended + 1 }] })?.nodes).to.deep.equal(['dead']);
  });
});

describe('WebhookSender (real HTTP on loopback)', () => {
  let server: Server;
  let url: string;
  const received: unknown[] = [];
  let failFirst = 0;
  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => { body += c.toString(); });
      req.on('end', () => {
        if (failFirst-- > 0) {
          res.writeHead(503).end();
          return;
        }
        received.push(JSON.parse(body));
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  const alert: Alert = { id: 7, kind: 'lease-expired', at: '2026-11-23T00:00:00.000Z', raisedAt: '2026-11-23T00:00:00.800Z', message: 'm', node: 'node-1' };

  it('POSTs the alert as JSON, retrying with backoff until the hook accepts it', async () => {
    failFirst = 2;
    const w = new WebhookSender({ url, backoffMs: 10 });
    expect(await w.send(alert)).to.equal(true);
    expect(w.results).to.deep.equal([{ id: 7, ok: true, attempts: 3 }]);
    expect(received.at(-1)).to.deep.equal(alert);
  });

  it('gives up after its attempts and says why', async () => {
    failFirst = 100;
    const w = new WebhookSender({ url, backoffMs: 5, attempts: 3 });
    expect(await w.send(alert)).to.equal(false);
    expect(w.results[0]).to.include({ ok: false, attempts: 3, error: 'HTTP 503' });
    failFirst = 0;
  });

  it('refuses a URL that is not http(s)', () => {
    expect(() => new WebhookSender({ url: 'ftp://example.invalid/x' })).to.throw(/must be http or https/);
  });
});
