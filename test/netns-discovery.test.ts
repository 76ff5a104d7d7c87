import { expect } from 'chai';
import { NetnsLab, type LabHost, type NsProcess } from './helpers/netns.js';
import { TestPool } from './helpers/pool.js';

const LEASE_MS = 2000;

/** The fields of a `lama ls --json` row this test reads (packages/grand-agent's LsEntry is not exported). */
interface LsEntry {
  name: string;
  roles: string[];
  endpoint: string;
  lookups: string[];
}

/** `lama ls --json` by multicast from a host; throws with lama's stderr when it fails. */
async function ls(host: LabHost, credential: string): Promise<LsEntry[]> {
  const r = await host.runLama(['ls', '--credential', credential, '--json', '--wait-ms', '2000', ...host.mdnsFlags()]);
  if (r.status !== 0) throw new Error(`lama ls in ${host.ns} exited ${r.status ?? r.signal}: ${r.stderr}`);
  return JSON.parse(r.stdout) as LsEntry[];
}

describe('discovery across network namespaces (system: ip netns, veth, a bridge, multicast between hosts)', function () {
  this.timeout(120_000);
  const pool = new TestPool();
  const otherPool = new TestPool();
  let lab: NetnsLab;
  let lookup: NsProcess;
  let lookupEndpoint: string;
  // Hosts: 1 runs the lookup service, 2-4 the joiners, 5 the outsider and lama ls.
  const joinerHosts = [2, 3, 4];
  const joiners = new Map<string, NsProcess>();

  before(async () => {
    lab = NetnsLab.create(5);
    const h1 = lab.host(1);
    lookup = h1.lama(['lookup', '--credential', pool.issue('lus-1', 'lookup'), '--listen', `${h1.address}:0`, '--announce-interval-ms', '1000', ...h1.mdnsFlags()]);
    const listening = await lookup.waitForLog((l) => l.msg === 'lookup service listening');
    lookupEndpoint = String(listening.endpoint);
    expect(listening.multicast).to.equal(`239.255.76.99:15999 on ${h1.address} ttl 255`);
  });

  after(async () => {
    try {
      await lab?.cleanup();
    } finally {
      pool.remove();
      otherPool.remove();
    }
    expect(lab?.existing() ?? []).to.deep.equal([]);
  });

  it('puts every host on its own namespace and address, with no route out', async () => {
    expect(lookupEndpoint).to.match(new RegExp(`^${lab.subnet.replace(/\./g, '\\.')}\\.1:\\d+$`));
    const routes = await lab.host(2).run('ip', ['-4', 'route', 'show', 'default']);
    expect(routes.stdout.trim()).to.equal('');
    expect(lab.existing()).to.have.length(6);
  });

  it('joiners in three other namespaces discover the lookup service by multicast and register with it', async () => {
    for (const i of joinerHosts) {
      const h = lab.host(i);
      const name = `node-${i}`;
      joiners.set(name, h.lama(['join', '--credential', pool.issue(name, 'agent'), '--role', 'web-server', '--endpoint', `${h.address}:7001`,
        '--lease-ms', String(LEASE_MS), ...h.mdnsFlags()]));
    }
    for (const [name, j] of joiners) {
      const found = await j.waitForLog((l) => l.msg === 'lookup service discovered');
      expect(found, name).to.include({ lookup: 'lus-1', endpoint: lookupEndpoint, source: 'multicast' });
      const registered = await j.waitForLog((l) => l.msg === 'registered');
      expect(registered, name).to.include({ lookup: 'lus-1', endpoint: lookupEndpoint });
    }
  });

  it('lama ls in a fifth namespace finds the lookup service by multicast and lists every joiner', async () => {
    const rows = await ls(lab.host(5), pool.issue('console', 'controller'));
    expect(rows.map((r) => r.name)).to.deep.equal([...joiners.keys()].sort());
    for (const r of rows) {
      expect(r.lookups).to.deep.equal(['lus-1']);
      expect(r.roles).to.deep.equal(['web-server']);
      expect(r.endpoint).to.equal(`${lab.subnet}.${r.name.slice('node-'.length)}:7001`);
    }
  });

  it('a node with another pool\'s credential hears the announcements but discovers nothing (a malicious node cannot join)', async () => {
    const h5 = lab.host(5);
    const outsider = h5.lama(['join', '--credential', otherPool.issue('mallory', 'agent'), '--lease-ms', String(LEASE_MS), '--log-level', 'debug', ...h5.mdnsFlags()]);
    // The announcements reach it and are refused: the silence below is not a broken network.
    const refused = await outsider.waitForLog((l) => l.msg === 'discovery packet rejected', 5000);
    expect(refused.reason).to.equal('credential');
    expect(String(refused.err)).to.match(/another pool/);
    // And its own signed queries reach the lookup service, which refuses them without an answer.
    const rejected = await lookup.waitForLog((l) => l.msg === 'discovery packet rejected' && String(l.from).startsWith(`${h5.address}:`), 5000);
    expect(rejected.reason).to.equal('credential');
    await new Promise((r) => setTimeout(r, 3000));
    expect(outsider.logs.filter((l) => l.msg === 'lookup service discovered' || l.msg === 'registered')).to.deep.equal([]);
    expect(outsider.running).to.equal(true);
    await outsider.stop();

    const r = await h5.runLama(['ls', '--credential', otherPool.issue('mallory-console', 'controller'), '--json', '--wait-ms', '2000', ...h5.mdnsFlags()]);
    expect(r.status).to.equal(1);
    expect(r.stderr).to.match(/no lookup service found within 2000 ms/);
  });

  it('a joiner killed with SIGKILL disappears from lama ls once its lease ends', async () => {
    const victim = joiners.get('node-3') as NsProcess;
    await victim.stop('SIGKILL');
    const killedAt = Date.now();
    const removed = await lookup.waitForLog((l) => l.msg === 'item removed' && l.owner === 'node-3', LEASE_MS + 5000);
    expect(removed.reason).to.equal('EXPIRED');
    // Promptly: the last renewal was before the kill, so the lease ends within LEASE_MS of it (plus the expiry sweep).
    expect(Date.now() - killedAt).to.be.below(LEASE_MS + 3000);
    const rows = await ls(lab.host(5), pool.issue('console-2', 'controller'));
    expect(rows.map((r) => r.name)).to.deep.equal(['node-2', 'node-4']);
  });
});
