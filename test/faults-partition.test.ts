import { join } from 'node:path';
import { expect } from 'chai';
import type { Alert, DecisionJson } from '@lama/grand-agent';
import { sleep } from '@lama/testkit';
import { ROOT, type LogLine } from './helpers/lama-process.js';
import { NetnsLab, type LabHost, type NsProcess } from './helpers/netns.js';
import { TestPool } from './helpers/pool.js';

// This file's own group and port (inside the lab's namespaces) and its own subnet.
const MDNS = { group: '239.255.76.120', port: 16120 };
// Leases of 3 s are renewed every second: nodes cut off together expire up to 1 s apart,
// wider than the 300 ms settle margin below, so only the renewal spread keeps them one partition.
const LEASE_MS = 3000;
const SETTLE_MS = 300;
const FIXTURE = join(ROOT, 'test', 'fixtures', 'load-adapter.mjs');
const SERVICE = {
  name: 'web', role: 'load-server', metric: 'svc.load', adapter: 'svc', capacityPerNode: 100, minNodes: 1, maxNodes: 5,
  periodMs: 300, cooldownAddMs: 500, cooldownReleaseMs: 60_000, leadTimeMs: 0, predictor: { kind: 'threshold' },
};
const NODES = ['n2', 'n3', 'n4', 'n5', 'n6'];

interface PoolJson {
  nodes: { node: string }[];
  services: { n: number; serving: string[]; holdReason: string }[];
}


/**
 * Partitions, not deaths (issue 17 item 1): agents in namespaces of their own whose link goes
 * down and comes back, their processes running all along.
 */
describe('faults: partitions (system: the grand agent and five agents in network namespaces, links set down and up)', function () {
  this.timeout(120_000);
  const pool = new TestPool();
  let lab: NetnsLab;
  let grand: NsProcess;
  let endpoint: string;
  const agents = new Map<string, NsProcess>();
  const hostOf = (n: string): LabHost => lab.host(Number(n.slice(1)));
  const console_ = pool.issue('console', 'controller');

  /** Runs `lama SUBCOMMAND --json` against the grand agent from host 1. */
  const query = async <T>(sub: string, ...args: string[]): Promise<T> => {
    const r = await lab.host(1).runLama([sub, '--grand', endpoint, '--credential', console_, '--json', ...args, ...lab.host(1).mdnsFlags(MDNS)]);
    if (r.status !== 0) throw new Error(`lama ${sub} exited ${r.status ?? r.signal}: ${r.stderr}`);
    return JSON.parse(r.stdout) as T;
  };
  const alerts = () => query<Alert[]>('alerts');
  const poolView = () => query<PoolJson>('pool');
  /** Polls the pool view until CHECK holds (bounded). */
  const poolUntil = async (what: string, check: (p: PoolJson) => boolean, ms = 20_000): Promise<PoolJson> => {
    const end = Date.now() + ms;
    for (;;) {
      const p = await poolView();
      if (check(p)) return p;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(p)}`);
      await sleep(300);
    }
  };
  const grandLines = (match: (l: LogLine) => boolean): LogLine[] => grand.logs.filter(match);

  before(async () => {
    lab = NetnsLab.create(6, { prefix: 'lm17a', subnet: '10.117.0' });
    const h1 = lab.host(1);
    grand = h1.lama(['grand', '--credential', pool.issue('grand', 'lookup,controller'), '--listen', `${h1.address}:0`, '--announce-interval-ms', '500',
      '--monitor-interval-ms', '300', '--partition-window-ms', '10000', '--partition-min-nodes', '3', '--partition-share', '0.3', '--partition-hold-ms', '60000',
      '--alert-settle-ms', String(SETTLE_MS), '--node-lease-ms', String(LEASE_MS), '--service', JSON.stringify(SERVICE), ...h1.mdnsFlags(MDNS)]);
    endpoint = String((await grand.waitForLog((l) => l.msg === 'grand agent running')).endpoint);
    for (const n of NODES) {
      // Started a third of a renewal interval apart, so their leases renew at different phases.
      if (agents.size) await sleep(LEASE_MS / 9);
      const h = hostOf(n);
      agents.set(n, h.lama(['agent', '--name', n, '--credential', pool.issue(n, 'agent'), '--listen', `${h.address}:0`, '--lease-ms', String(LEASE_MS),
        '--metrics-interval-ms', '300', '--adapter', JSON.stringify({ name: 'svc', module: FIXTURE, options: { roles: ['load-server'] } }), ...h.mdnsFlags(MDNS)]));
    }
    for (const a of agents.values()) await a.waitForLog((l) => l.msg === 'registered', 20_000);
    await grand.waitForLog((l) => /^add \S+: done$/.test(String(l.msg)), 20_000);
  });

  after(async () => {
    try {
      await lab?.cleanup();
    } finally {
      pool.remove();
    }
    expect(lab?.existing() ?? []).to.deep.equal([]);
  });

  it('one node cut off for twice its lease: exactly one lease-expired alert, then it re-registers by itself and is counted again', async () => {
    const serving = (await poolView()).services[0].serving;
    const victim = NODES.find((n) => !serving.includes(n)) as string;
    hostOf(victim).link(false);
    const cutAt = Date.now();
    const alert = await grand.waitForLog((l) => String(l.msg).startsWith('ALERT lease-expired') && l.node === victim, LEASE_MS * 2);
    console.log(`    lease-expired alert ${Number(alert.time) - cutAt} ms after the cut (lease ${LEASE_MS} ms)`);
    // Its lease is gone and the pool goes on without it (4 nodes): a failure, not a partition.
    expect((await poolView()).nodes.map((x) => x.node)).to.not.include(victim);
    await sleep(Math.max(0, cutAt + 2 * LEASE_MS - Date.now()));
    hostOf(victim).link(true);
    const backAt = Date.now();
    const again = await agents.get(victim)!.waitForLog((l) => l.msg === 'registered' && Number(l.time) >= cutAt, 15_000);
    expect(Number(again.time)).to.be.greaterThanOrEqual(backAt - 50);
    await poolUntil(`${victim} counted again`, (p) => p.nodes.some((x) => x.node === victim));
    console.log(`    ${victim} re-registered and counted ${Date.now() - backAt} ms after its link came back`);
    const all = await alerts();
    expect(all.map((a) => [a.kind, a.node])).to.deep.equal([['lease-expired', victim]]);
  });

  it('3 of 5 cut off at once, leases renewed at different phases: one partition alert, no lease-expired alerts, allocation held, recovery when they return', async () => {
    const before = (await alerts()).length;
    const serving = (await poolView()).services[0].serving;
    // The serving node and two others: with the serving node gone, N = 0 < minNodes, yet nothing may be added.
    const victims = [...serving.slice(0, 1), ...NODES.filter((n) => !serving.includes(n)).slice(0, 2)].sort();
    const cutAt = Date.now();
    for (const n of victims) hostOf(n).link(false);
    const raised = await grand.waitForLog((l) => String(l.msg).startsWith('ALERT partition:'), LEASE_MS + 5000);
    console.log(`    partition alert ${Number(raised.time) - cutAt} ms after the cut`);
    await sleep(LEASE_MS / 3 + SETTLE_MS + 500);
    const expiries = grandLines((l) => l.msg === 'node lease expired' && victims.includes(String(l.node)) && Number(l.time) >= cutAt).map((l) => Number(l.time));
    expect(expiries).to.have.length(3);
    console.log(`    the three expiries spread over ${Math.max(...expiries) - Math.min(...expiries)} ms (settle margin ${SETTLE_MS} ms, window ${LEASE_MS / 3 + SETTLE_MS} ms)`);
    const during = (await alerts()).slice(before);
    expect(during.map((a) => a.kind)).to.deep.equal(['partition']);
    expect([...(during[0].nodes ?? [])].sort()).to.deep.equal(victims);
    // Allocation holds: holds naming the partition, and no add or release while it lasts.
    const p = await poolView();
    expect(p.services[0].holdReason).to.match(/^partition: 3 nodes expired together/);
    const decisions = (await query<DecisionJson[]>('decisions', '--all')).filter((d) => Date.parse(d.at) >= cutAt);
    expect(decisions.filter((d) => d.action === 'hold' && /partition/.test(String(d.inputs.holdReason ?? ''))).length).to.be.greaterThan(2);
    expect(decisions.filter((d) => d.action !== 'hold')).to.deep.equal([]);

    // The links return: the nodes re-register by themselves, the partition clears, all five are counted.
    for (const n of victims) hostOf(n).link(true);
    await grand.waitForLog((l) => String(l.msg).startsWith('ALERT partition-cleared:'), 20_000);
    const back = await poolUntil('all five nodes back, one serving', (x) => NODES.every((n) => x.nodes.some((y) => y.node === n)) && x.services[0].n >= 1 && !x.services[0].holdReason);
    expect(back.services[0].n).to.be.greaterThanOrEqual(1);
    const after = (await alerts()).slice(before);
    expect(after.map((a) => a.kind)).to.deep.equal(['partition', 'partition-cleared']);
  });
});
