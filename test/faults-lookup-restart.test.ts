import { expect } from 'chai';
import { GrandClient } from '@lama/grand-agent';
import { loadCredential, RegistrarClient, type Credential } from '@lama/lookup';
import { sleep } from '@lama/testkit';
import { ItemLoad } from './helpers/item-load.js';
import { LamaProcess, startLama, startLookup } from './helpers/lama-process.js';
import { TestPool } from './helpers/pool.js';

// This file's own loopback group and port.
const MDNS = ['--mdns-interface', '127.0.0.1', '--mdns-group', '239.255.76.120', '--mdns-port', '16121'];
const ITEMS = 10_000;
// The load's leases outlast registering all 10,000 on a busy machine; renewed every 4 s, the
// "one renewal interval" within which every holder notices the restart.
const ITEM_LEASE_MS = 30_000;
const RENEW_EVERY_MS = 4000;
const AGENT_LEASE_MS = 2000;
const AGENTS = ['node-1', 'node-2'];

/**
 * Restarts (issue 17 item 2): a lookup service killed with SIGKILL and started again while it
 * holds 10,000 items; every holder registers again within one renewal interval, and the grand
 * agent's lookup cache converges without an alert (a lookup service that lost its items is not
 * a pool whose leases expired).
 */
describe('faults: lookup service kill -9 and restart under 10,000 items (system: lama lookup, the grand agent, two agents on loopback, an in-process load)', function () {
  this.timeout(120_000);
  const pool = new TestPool();
  const procs: LamaProcess[] = [];
  let lookupArgs: string[];
  let lookupCredential: string;
  let lookup: LamaProcess;
  let endpoint: string;
  let load: ItemLoad | undefined;
  let api: GrandClient;
  let controller: Credential;
  let registerMs = 0;

  before(async () => {
    controller = loadCredential(pool.issue('console', 'controller'));
    lookupCredential = pool.issue('lus', 'lookup');
    lookupArgs = ['--max-items-per-owner', String(ITEMS + 100), '--max-bytes-per-owner', String(64 * 1024 * 1024), '--announce-interval-ms', '500', ...MDNS];
    ({ proc: lookup, endpoint } = await startLookup(lookupCredential, lookupArgs));
    procs.push(lookup);
    const grand = startLama(['grand', '--credential', pool.issue('grand', 'controller'), '--no-embedded-lookup', '--lookup', endpoint, '--listen', '127.0.0.1:0',
      '--monitor-interval-ms', '500', '--alert-settle-ms', '300', '--node-lease-ms', String(AGENT_LEASE_MS), ...MDNS]);
    procs.push(grand);
    api = new GrandClient(String((await grand.waitForLog((l) => l.msg === 'grand agent running')).endpoint), controller);
    for (const n of AGENTS) {
      const a = startLama(['agent', '--name', n, '--credential', pool.issue(n, 'agent'), '--listen', '127.0.0.1:0', '--lease-ms', String(AGENT_LEASE_MS), '--lookup', endpoint, ...MDNS]);
      procs.push(a);
      await a.waitForLog((l) => l.msg === 'registered');
    }
    const t0 = Date.now();
    load = new ItemLoad({ endpoint, credential: loadCredential(pool.issue('loader', 'agent')), count: ITEMS, leaseMs: ITEM_LEASE_MS, renewEveryMs: RENEW_EVERY_MS, serviceType: 'test.Load' });
    await load.start();
    registerMs = Date.now() - t0;
    console.log(`    ${ITEMS} items registered in ${registerMs} ms`);
  });

  after(async () => {
    api?.close();
    await load?.stop();
    await Promise.all(procs.map((p) => p.stop('SIGKILL')));
    pool.remove();
  });

  it('every item is back within one renewal interval, and the grand agent converges with no alert', async () => {
    expect((await api.pool()).nodes.map((n) => n.node).sort()).to.deep.equal(AGENTS);
    await lookup.stop('SIGKILL');
    lookup = startLama(['lookup', '--credential', lookupCredential, '--listen', endpoint, ...lookupArgs]);
    procs.push(lookup);
    const relistened = await lookup.waitForLog((l) => l.msg === 'lookup service listening');
    console.log(`    lookup at ${endpoint}, restarted at ${String(relistened.endpoint)}`);
    const listening = Date.now();
    const count = new RegistrarClient({ endpoint, credential: controller });
    let back = 0;
    try {
      const end = listening + RENEW_EVERY_MS + registerMs + 10_000;
      while (Date.now() < end) {
        back = (await count.lookup({ serviceTypes: ['test.Load'] }, 1)).total;
        if (back === ITEMS) break;
        await sleep(200);
      }
    } finally {
      count.close();
    }
    const recoveryMs = Date.now() - listening;
    console.log(`    all ${back} items back ${recoveryMs} ms after the restarted lookup service listened (renewal interval ${RENEW_EVERY_MS} ms), ${load!.reRegistered} re-registrations`);
    expect(back).to.equal(ITEMS);
    // Every holder learns of the loss at its next renewal (one interval) and registers again; the
    // registrar takes as long to take 10,000 registrations back as it took the first time.
    expect(recoveryMs).to.be.lessThan(RENEW_EVERY_MS + registerMs + 1000);
    // The agents register again and the grand agent's cache holds them again.
    const end = Date.now() + 15_000;
    let nodes: string[] = [];
    while (Date.now() < end) {
      nodes = (await api.pool()).nodes.map((n) => n.node).sort();
      if (nodes.length === AGENTS.length) break;
      await sleep(200);
    }
    expect(nodes).to.deep.equal(AGENTS);
    await sleep(AGENT_LEASE_MS);
    expect(await api.alerts()).to.deep.equal([]);
  });
});
