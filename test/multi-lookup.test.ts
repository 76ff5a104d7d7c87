import { expect } from 'chai';
import { RegistrarClient, loadCredential } from '@lama/lookup';
import { LamaProcess, startLama, lamaSync } from './helpers/lama-process.js';
import { TestPool } from './helpers/pool.js';
import { sleep } from '@lama/testkit';

// This file's own loopback group and port, so it cannot hear other tests' lookup services.
const MDNS = ['--mdns-interface', '127.0.0.1', '--mdns-group', '239.255.76.71', '--mdns-port', '15710'];

interface LsRow { name: string; serviceId: string; roles: string[]; endpoint: string; leaseExpires: string; lookups: string[] }

describe('several lookup services and lama ls (system: real processes, multicast on loopback)', function () {
  this.timeout(60_000);
  const pool = new TestPool();
  const procs: LamaProcess[] = [];
  let controller: string;

  const start = (args: string[]): LamaProcess => {
    const p = startLama(args);
    procs.push(p);
    return p;
  };
  const startLookup = async (name: string, listen = '127.0.0.1:0'): Promise<{ proc: LamaProcess; endpoint: string }> => {
    const proc = start(['lookup', '--credential', pool.issue(name, 'lookup'), '--listen', listen, '--group', 'web', '--announce-interval-ms', '1000', ...MDNS]);
    const line = await proc.waitForLog((l) => l.msg === 'lookup service listening');
    return { proc, endpoint: String(line.endpoint) };
  };
  const ls = (...extra: string[]): LsRow[] => {
    const r = lamaSync(['ls', '--credential', controller, '--json', '--wait-ms', '800', ...MDNS, ...extra]);
    if (r.status !== 0) throw new Error(`lama ls failed: ${r.stderr}`);
    return JSON.parse(r.stdout) as LsRow[];
  };

  before(() => {
    controller = pool.issue('console', 'controller');
  });
  after(async () => {
    await Promise.all(procs.map((p) => p.stop('SIGKILL')));
    pool.remove();
  });

  it('agents register with both lookup services; kill -9 one and nothing is lost; a restarted one holds everything again within one renewal interval', async () => {
    const lusA = await startLookup('lus-a');
    const lusB = await startLookup('lus-b');
    const leaseMs = 3000;
    const agents = ['node-1', 'node-2', 'node-3'].map((n, i) => start([
      'join', '--credential', pool.issue(n, 'agent'), '--role', i === 0 ? 'dispatcher' : 'web-server', '--endpoint', `127.0.0.1:${8100 + i}`,
      '--group', 'web', '--lease-ms', String(leaseMs), ...MDNS,
    ]));
    for (const a of agents) {
      await a.waitForLog((l) => l.msg === 'registered' && l.lookup === 'lus-a');
      await a.waitForLog((l) => l.msg === 'registered' && l.lookup === 'lus-b');
    }
    const rows = ls();
    expect(rows.map((r) => r.name)).to.deep.equal(['node-1', 'node-2', 'node-3']);
    for (const r of rows) {
      expect(r.lookups.sort()).to.deep.equal(['lus-a', 'lus-b']);
      expect(Date.parse(r.leaseExpires)).to.be.greaterThan(Date.now());
      expect(r.serviceId).to.match(/^[0-9a-f-]{36}$/);
    }
    expect(ls('--role', 'dispatcher').map((r) => [r.name, r.roles, r.endpoint])).to.deep.equal([['node-1', ['dispatcher'], '127.0.0.1:8100']]);

    // kill -9 lookup service A: lookups through B lose nothing, past several lease periods.
    await lusA.proc.stop('SIGKILL');
    await sleep(leaseMs + 500);
    const afterKill = ls();
    expect(afterKill.map((r) => r.name)).to.deep.equal(['node-1', 'node-2', 'node-3']);
    expect(afterKill.every((r) => r.lookups.join() === 'lus-b')).to.equal(true);

    // Restart A empty on the same address: every live registration is back within one renewal interval (lease / 3).
    const restarted = await startLookup('lus-a', lusA.endpoint);
    const t = Date.now();
    const client = new RegistrarClient({ endpoint: restarted.endpoint, credential: loadCredential(controller) });
    try {
      for (;;) {
        const { total } = await client.lookup({ serviceTypes: ['lama.Service'] });
        if (total === 3) break;
        if (Date.now() - t > 5000) throw new Error(`restarted lookup service holds ${total} of 3 after 5 s`);
        await sleep(20);
      }
    } finally {
      client.close();
    }
    const recoveryMs = Date.now() - t;
    expect(recoveryMs).to.be.below(leaseMs / 3);
    expect(lusB.endpoint).to.not.equal(restarted.endpoint);
  });

  it('lama ls fails with a clear message when no lookup service answers', () => {
    const r = lamaSync(['ls', '--credential', controller, '--wait-ms', '300', '--mdns-interface', '127.0.0.1', '--mdns-group', '239.255.76.72', '--mdns-port', '15711']);
    expect(r.status).to.equal(1);
    expect(r.stderr).to.match(/no lookup service found within 300 ms \(multicast 239.255.76.72:15711 on 127.0.0.1/);
  });

  it('lama ls and lama join work with a unicast locator and no multicast', async () => {
    const lus = await startLookup('lus-u');
    const agent = start(['join', '--credential', pool.issue('uni-1', 'agent'), '--no-multicast', '--lookup', lus.endpoint, '--lease-ms', '3000']);
    await agent.waitForLog((l) => l.msg === 'registered' && l.lookup === 'lus-u');
    const r = lamaSync(['ls', '--credential', controller, '--json', '--no-multicast', '--lookup', lus.endpoint]);
    expect(r.status, r.stderr).to.equal(0);
    expect((JSON.parse(r.stdout) as LsRow[]).find((x) => x.name === 'uni-1')?.lookups).to.deep.equal(['lus-u']);
  });
});
