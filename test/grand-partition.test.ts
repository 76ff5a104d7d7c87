import { join } from 'node:path';
import { expect } from 'chai';
import { GrandClient, type Alert, type DecisionJson } from '@lama/grand-agent';
import { loadCredential } from '@lama/lookup';
import { LamaProcess, startLama, ROOT, type LogLine } from './helpers/lama-process.js';
import { TestPool } from './helpers/pool.js';

// This file's own loopback group and port.
const MDNS = ['--mdns-interface', '127.0.0.1', '--mdns-group', '239.255.76.143', '--mdns-port', '15743'];
const LEASE_MS = 2000;
const FIXTURE = join(ROOT, 'test', 'fixtures', 'load-adapter.mjs');
const SERVICE = {
  name: 'web', role: 'load-server', metric: 'svc.load', adapter: 'svc', capacityPerNode: 100, minNodes: 1, maxNodes: 5,
  periodMs: 300, cooldownAddMs: 500, cooldownReleaseMs: 60_000, leadTimeMs: 0, predictor: { kind: 'threshold' },
};

/**
 * Eureka's lesson with real processes: when most of the pool's leases expire together, the
 * grand agent raises one partition alert instead of one per node, and holds allocation
 * (not even minNodes is restored) until half of those nodes are back.
 */
describe('lama grand partition (system: the grand agent and five agents as processes on loopback)', function () {
  this.timeout(120_000);
  const pool = new TestPool();
  const procs: LamaProcess[] = [];
  const agents: Record<string, LamaProcess> = {};
  let grand: LamaProcess;
  let api: GrandClient;

  const startAgent = (n: string): LamaProcess => {
    const p = startLama(['agent', '--name', n, '--credential', pool.issue(n, 'agent'), '--listen', '127.0.0.1:0', '--lease-ms', String(LEASE_MS),
      '--metrics-interval-ms', '300', '--adapter', JSON.stringify({ name: 'svc', module: FIXTURE, options: { roles: ['load-server'] } }), ...MDNS]);
    procs.push(p);
    agents[n] = p;
    return p;
  };
  const addDone = (since: number) => (l: LogLine) => /^add \S+: done$/.test(String(l.msg)) && Number(l.time) >= since;

  before(async () => {
    grand = startLama(['grand', '--credential', pool.issue('grand', 'lookup,controller'), '--listen', '127.0.0.1:0', '--announce-interval-ms', '1000',
      '--monitor-interval-ms', '300', '--partition-window-ms', '10000', '--partition-min-nodes', '3', '--partition-share', '0.3', '--partition-hold-ms', '60000',
      // Leases of 2 s are renewed about every 667 ms: simultaneous deaths expire within that of each other.
      '--alert-settle-ms', '900',
      '--service', JSON.stringify(SERVICE), ...MDNS]);
    procs.push(grand);
    const endpoint = String((await grand.waitForLog((l) => l.msg === 'grand agent running')).endpoint);
    api = new GrandClient(endpoint, loadCredential(pool.issue('console', 'controller')));
    for (const n of ['n1', 'n2', 'n3', 'n4', 'n5']) startAgent(n);
    for (const p of Object.values(agents)) await p.waitForLog((l) => l.msg === 'registered');
  });

  after(async () => {
    api?.close();
    await Promise.all(procs.map((p) => p.stop('SIGKILL')));
    pool.remove();
  });

  it('3 of 5 leases expiring together: one partition alert, no lease-expired alerts, allocation held until half are back', async () => {
    const first = await grand.waitForLog(addDone(0), 20_000);
    const serving = String(first.node);
    // The serving node and two idle ones die at once.
    const victims = [serving, ...['n1', 'n2', 'n3', 'n4', 'n5'].filter((n) => n !== serving).slice(0, 2)].sort();
    const killedAt = Date.now();
    await Promise.all(victims.map((n) => agents[n].stop('SIGKILL')));
    const raised = await grand.waitForLog((l) => String(l.msg).startsWith('ALERT partition:'), LEASE_MS + 5000);
    console.log(`    partition alert ${Number(raised.time) - killedAt} ms after the kills: ${String(raised.msg)}`);
    await new Promise((r) => setTimeout(r, 2000));
    let alerts: Alert[] = await api.alerts();
    expect(alerts.map((a) => a.kind)).to.deep.equal(['partition']);
    expect([...(alerts[0].nodes ?? [])].sort()).to.deep.equal(victims);
    // N = 0 is below minNodes, yet nothing is added while the partition holds.
    const held = (await api.decisions({ actionsOnly: false, sinceMs: killedAt })).filter((d: DecisionJson) => d.action === 'hold' && /partition/.test(String(d.inputs.holdReason ?? '')));
    expect(held.length).to.be.greaterThan(3);
    expect((await api.decisions({ actionsOnly: true, sinceMs: killedAt }))).to.deep.equal([]);
    expect((await api.pool()).services[0].holdReason).to.match(/^partition: 3 nodes expired together/);

    // Two of the three come back: the partition clears and allocation resumes (minNodes first).
    const back = Date.now();
    for (const n of victims.slice(0, 2)) startAgent(n);
    await grand.waitForLog((l) => String(l.msg).startsWith('ALERT partition-cleared:'), 20_000);
    const resumed = await grand.waitForLog(addDone(back), 20_000);
    expect(resumed.node).to.be.a('string');
    alerts = await api.alerts();
    expect(alerts.map((a) => a.kind)).to.deep.equal(['partition', 'partition-cleared']);
    expect(alerts[1].message).to.match(/2 of 3 nodes are back/);
  });
});
