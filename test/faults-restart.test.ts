import { join } from 'node:path';
import { expect } from 'chai';
import { GrandClient, type Alert } from '@lama/grand-agent';
import { loadCredential, type Credential } from '@lama/lookup';
import { freePort, sleep } from '@lama/testkit';
import { LamaProcess, ROOT, startLama, type LogLine } from './helpers/lama-process.js';
import { TestPool } from './helpers/pool.js';
import { dispatcherMembers } from './helpers/dispatcher-members.js';

// This file's own loopback group and port.
const MDNS = ['--mdns-interface', '127.0.0.1', '--mdns-group', '239.255.76.120', '--mdns-port', '16120'];
const LEASE_MS = 2000;
const FIXTURE = join(ROOT, 'test', 'fixtures', 'load-adapter.mjs');
const NODES = ['node-1', 'node-2', 'node-3'];
const member = (n: string): string => `127.0.0.1:${18200 + NODES.indexOf(n)}`;
const SERVICE = {
  name: 'stream', role: 'load-server', metric: 'svc.load', adapter: 'svc', capacityPerNode: 100,
  minNodes: 1, maxNodes: 3, periodMs: 300, cooldownAddMs: 500, cooldownReleaseMs: 60_000, leadTimeMs: 0,
  predictor: { kind: 'threshold' }, dispatcher: { node: 'disp', adapter: 'svc', drainMs: 200 },
};

/**
 * Restarts (issue 17 item 2): the grand agent killed with SIGKILL and started again rebuilds
 * its view from the lookup service and the agents (who serves, the dispatcher's members) and
 * takes no second action for what the first one did.
 */
describe('faults: grand agent kill -9 and restart (system: the grand agent, a dispatcher and three agents as processes on loopback)', function () {
  this.timeout(120_000);
  const pool = new TestPool();
  const procs: LamaProcess[] = [];
  const agents: Record<string, LamaProcess> = {};
  let grandArgs: string[];
  let grand: LamaProcess;
  let api: GrandClient;
  let controller: Credential;

  const startGrand = async (): Promise<void> => {
    grand = startLama(grandArgs);
    procs.push(grand);
    const endpoint = String((await grand.waitForLog((l) => l.msg === 'grand agent running')).endpoint);
    api?.close();
    api = new GrandClient(endpoint, controller);
  };
  const members = (): Promise<string> => dispatcherMembers(api, controller, 'disp', 'svc');
  const added = (since: number) => (l: LogLine) => /^add \S+: done$/.test(String(l.msg)) && Number(l.time) >= since;

  before(async () => {
    controller = loadCredential(pool.issue('console', 'controller'));
    // A fixed port: the restarted grand agent (and its embedded lookup service) is where it was.
    grandArgs = ['grand', '--credential', pool.issue('grand', 'lookup,controller'), '--listen', `127.0.0.1:${await freePort()}`, '--announce-interval-ms', '500',
      '--monitor-interval-ms', '300', '--alert-settle-ms', '300', '--node-lease-ms', String(LEASE_MS), '--service', JSON.stringify(SERVICE), ...MDNS];
    await startGrand();
    const adapter = (roles: string[], autostart: boolean) => JSON.stringify({ name: 'svc', module: FIXTURE, autostart, options: { roles } });
    for (const n of ['disp', ...NODES]) {
      const args = ['agent', '--name', n, '--credential', pool.issue(n, 'agent'), '--listen', '127.0.0.1:0', '--lease-ms', String(LEASE_MS), '--metrics-interval-ms', '300', ...MDNS];
      if (n === 'disp') args.push('--adapter', adapter(['dispatcher'], true));
      else args.push('--adapter', adapter(['load-server'], false), '--attribute', JSON.stringify({ type: 'lama.Endpoint', fields: { adapter: 'svc', endpoint: member(n) } }));
      agents[n] = startLama(args);
      procs.push(agents[n]);
    }
    for (const p of Object.values(agents)) await p.waitForLog((l) => l.msg === 'registered');
  });

  after(async () => {
    api?.close();
    await Promise.all(procs.map((p) => p.stop('SIGKILL')));
    pool.remove();
  });

  it('rebuilds its view from the lookup service and the agents, re-reads the dispatcher members, and takes no second action', async () => {
    const first = await grand.waitForLog(added(0), 20_000);
    const serving = String(first.node);
    expect(await members()).to.equal(member(serving));

    await grand.stop('SIGKILL');
    const killedAt = Date.now();
    await startGrand();
    // The agents lose their registrations with the embedded lookup service and register again.
    for (const p of Object.values(agents)) await p.waitForLog((l) => l.msg === 'registered' && Number(l.time) >= killedAt, 15_000);
    for (const n of ['disp', ...NODES]) await grand.waitForLog((l) => l.msg === 'node joined' && l.node === n, 10_000);
    // Several allocator periods and more than a lease: time enough for a duplicate add or a spurious alert.
    await sleep(LEASE_MS + 1500);
    const p = await api.pool();
    console.log(`    after the restart: serving ${JSON.stringify(p.services[0].serving)}, N = ${p.services[0].n}, ${p.nodes.length} nodes`);
    expect(p.services[0].serving).to.deep.equal([serving]);
    expect(p.services[0].n).to.equal(1);
    expect(await members()).to.equal(member(serving));
    expect(await api.decisions({ actionsOnly: true })).to.deep.equal([]);
    expect(await api.alerts()).to.deep.equal([]);

    // And it acts on what it rebuilt: the serving node dies, one alert and one replacement.
    const diedAt = Date.now();
    await agents[serving].stop('SIGKILL');
    const replaced = await grand.waitForLog(added(diedAt), LEASE_MS + 10_000);
    await sleep(1000);
    const alerts: Alert[] = await api.alerts();
    expect(alerts.map((a) => [a.kind, a.node])).to.deep.equal([['lease-expired', serving]]);
    const actions = await api.decisions({ actionsOnly: true });
    expect(actions.map((d) => [d.action, d.node])).to.deep.equal([['add', String(replaced.node)]]);
    expect(await members()).to.equal(member(String(replaced.node)));
  });
});
