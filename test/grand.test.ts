import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { expect } from 'chai';
import { AgentClient } from '@lama/agent';
import { GrandClient, type Alert, type DecisionJson } from '@lama/grand-agent';
import { loadCredential, type Credential } from '@lama/lookup';
import { LamaProcess, startLama, ROOT, lamaSync, type LogLine } from './helpers/lama-process.js';
import { TestPool } from './helpers/pool.js';
import { sleep } from '@lama/testkit';

// This file's own loopback group and port.
const MDNS = ['--mdns-interface', '127.0.0.1', '--mdns-group', '239.255.76.141', '--mdns-port', '15741'];
const LEASE_MS = 2000;
const FIXTURE = join(ROOT, 'test', 'fixtures', 'load-adapter.mjs');
const NODES = ['node-1', 'node-2', 'node-3'];
const member = (n: string): string => `127.0.0.1:${18100 + NODES.indexOf(n)}`;
const SERVICE = {
  name: 'stream', role: 'load-server', metric: 'svc.load', adapter: 'svc', capacityPerNode: 100,
  minNodes: 1, maxNodes: 3, periodMs: 300, cooldownAddMs: 500, cooldownReleaseMs: 1500, leadTimeMs: 0,
  predictor: { kind: 'threshold' }, serverParams: { RelayFrom: '127.0.0.1:18000/live' },
  dispatcher: { node: 'disp', adapter: 'svc', drainMs: 200 },
};


/**
 * The grand agent against real agents: `lama grand` (its embedded lookup service) and four
 * `lama agent` processes whose adapter reports a load the test Sets; one of them holds the
 * dispatcher's member list. Alerts, decisions and the pool are read through the Grand API.
 */
describe('lama grand (system: the grand agent, a dispatcher and three agents as processes on loopback)', function () {
  this.timeout(120_000);
  const pool = new TestPool();
  const procs: LamaProcess[] = [];
  const agents: Record<string, LamaProcess> = {};
  let grand: LamaProcess;
  let controller: Credential;
  let controllerFile: string;
  let endpoint: string;
  let api: GrandClient;
  let hook: Server;
  const posted: Alert[] = [];
  let hookCalls = 0;

  const lama = (...args: string[]) => lamaSync([...args, ...MDNS]);
  const agentClient = async (node: string): Promise<AgentClient> => {
    const p = await api.pool();
    const ep = p.nodes.find((n) => n.node === node)?.endpoint;
    if (!ep) throw new Error(`${node} is not in the grand agent's pool`);
    return new AgentClient(ep, controller, 5000);
  };
  const onNode = async <T>(node: string, fn: (c: AgentClient) => Promise<T>): Promise<T> => {
    const c = await agentClient(node);
    try {
      return await fn(c);
    } finally {
      c.close();
    }
  };
  const svc = (node: string) => onNode(node, async (c) => (await c.status()).adapters.find((a) => a.name === 'svc')!);
  const serving = async (): Promise<string[]> => (await api.pool()).services[0].serving;
  // Log lines since `since` only: waitForLog also sees the lines already printed.
  const done = (action: string, since = 0) => (l: LogLine) => l.msg === `${action} ${String(l.node)}: done` && Number(l.time) >= since;

  before(async () => {
    // A webhook that refuses the first POST: delivery must be retried.
    hook = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => { body += c.toString(); });
      req.on('end', () => {
        hookCalls++;
        if (hookCalls === 1) {
          res.statusCode = 503;
          res.end();
          return;
        }
        posted.push(JSON.parse(body) as Alert);
        res.end('ok');
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    controllerFile = pool.issue('console', 'controller');
    controller = loadCredential(controllerFile);
    grand = startLama([
      'grand', '--credential', pool.issue('grand', 'lookup,controller'), '--listen', '127.0.0.1:0', '--announce-interval-ms', '1000',
      '--monitor-interval-ms', '300', '--webhook', `http://127.0.0.1:${(hook.address() as AddressInfo).port}/alerts`,
      '--service', JSON.stringify(SERVICE), ...MDNS,
    ]);
    procs.push(grand);
    endpoint = String((await grand.waitForLog((l) => l.msg === 'grand agent running')).endpoint);
    api = new GrandClient(endpoint, controller);
    const adapter = (roles: string[], autostart: boolean) => JSON.stringify({ name: 'svc', module: FIXTURE, autostart, options: { roles } });
    for (const n of ['disp', ...NODES]) {
      const args = ['agent', '--name', n, '--credential', pool.issue(n, 'agent'), '--listen', '127.0.0.1:0', '--lease-ms', String(LEASE_MS),
        '--metrics-interval-ms', '300', ...MDNS];
      if (n === 'disp') args.push('--adapter', adapter(['dispatcher'], true));
      else args.push('--adapter', adapter(['load-server'], false), '--attribute', JSON.stringify({ type: 'lama.Endpoint', fields: { adapter: 'svc', endpoint: member(n) } }));
      const p = startLama(args);
      procs.push(p);
      agents[n] = p;
    }
    for (const p of Object.values(agents)) await p.waitForLog((l) => l.msg === 'registered');
  });

  after(async () => {
    api?.close();
    await Promise.all(procs.map((p) => p.stop('SIGKILL')));
    await new Promise<void>((r) => hook.close(() => r()));
    pool.remove();
  });

  it('registers itself: lama ls lists the grand agent beside the agents, at the address of its lookup service', () => {
    const r = lama('ls', '--credential', controllerFile, '--json');
    expect(r.status, r.stderr).to.equal(0);
    const rows = JSON.parse(r.stdout) as { name: string; serviceTypes: string[]; endpoint: string }[];
    expect(rows.map((x) => x.name).sort()).to.deep.equal(['disp', 'grand', 'node-1', 'node-2', 'node-3']);
    expect(rows.find((x) => x.name === 'grand')).to.deep.include({ serviceTypes: ['lama.grand.v1.Grand'], endpoint });
  });

  it('minNodes: one idle node gets its server parameters Set, is Started, then joins the dispatcher', async () => {
    const first = await grand.waitForLog(done('add'), 20_000);
    const node = String(first.node);
    const s = await svc(node);
    expect(s.state).to.equal('RUNNING');
    expect(s.params.RelayFrom).to.equal('127.0.0.1:18000/live');
    expect((await svc('disp')).params.members).to.equal(member(node));
    expect(await serving()).to.deep.equal([node]);
  });

  it('allocation round trip: load above 90 % of N·C adds a node; load under 80 % of (N−1)·C releases one (drained, then stopped)', async () => {
    const [a] = await serving();
    const since = Date.now();
    await onNode(a, (c) => c.set('svc', { load: '95' }));
    const added = await grand.waitForLog(done('add', since), 15_000);
    const b = String(added.node);
    expect(b).to.not.equal(a);
    expect((await svc('disp')).params.members?.split(',').sort()).to.deep.equal([member(a), member(b)].sort());
    expect((await svc(b)).state).to.equal('RUNNING');

    // b first: statuses come as soon as the load moves, so the allocator may decide between the two Sets.
    await onNode(b, (c) => c.set('svc', { load: '10' }));
    await onNode(a, (c) => c.set('svc', { load: '10' }));
    const released = await grand.waitForLog(done('release', since), 15_000);
    const gone = String(released.node);
    const kept = gone === a ? b : a;
    expect((await svc('disp')).params.members).to.equal(member(kept));
    expect((await svc(gone)).state).to.equal('STOPPED');

    const decisions = JSON.parse(lama('decisions', '--credential', controllerFile, '--json').stdout) as DecisionJson[];
    const add = decisions.find((d) => d.action === 'add' && d.node === b);
    const release = decisions.find((d) => d.action === 'release' && d.node === gone);
    console.log(`    add:     ${add?.reason} (sum ${add?.inputs.sum}, N ${add?.inputs.n}, upper bound ${add?.inputs.upperBound})`);
    console.log(`    release: ${release?.reason} (sum ${release?.inputs.sum}, lower bound ${release?.inputs.lowerBound})`);
    expect(add).to.deep.include({ service: 'stream', outcome: 'done' });
    // The measured lead time (Set, Start, dispatcher; no site to deploy here).
    expect(add?.tookSeconds).to.be.a('number').within(0, 30);
    expect(add?.inputs).to.include({ sum: 95, n: 1, capacity: 100, upper: 0.9, upperBound: 90 });
    expect(release).to.deep.include({ service: 'stream', outcome: 'done' });
    expect(release?.inputs).to.include({ sum: 20, n: 2, lowerBound: 80 });
    expect(decisions.every((d) => d.action !== 'hold')).to.equal(true);
    const text = lama('decisions', '--credential', controllerFile);
    expect(text.stdout).to.match(/stream add node-\d \| sum 95 .* N 1 .* bounds \[[-0], 90\] \| sum 95 > 0\.9 × 100 = 90 \| done/);
  });

  it('SIGTERM: a node that leaves cleanly (lease cancelled) raises no alert', async () => {
    const idle = (await api.pool()).nodes.find((n) => NODES.includes(n.node) && !n.serving)!.node;
    await agents[idle].stop('SIGTERM');
    await grand.waitForLog((l) => l.msg === 'node left' && l.node === idle && l.reason === 'CANCELLED', 5000);
    await sleep(LEASE_MS + 1000);
    expect((await api.alerts()).filter((a) => a.node === idle)).to.deep.equal([]);
  });

  it('kill -9 a serving node: exactly one lease-expired alert within lease + 1 s (log, API, stream, webhook), and it is replaced', async () => {
    const [victim] = await serving();
    const streamed: Alert[] = [];
    const sub = api.watchAlerts().subscribe({ next: (a) => streamed.push(a), error: () => undefined });
    await sleep(200);
    const killedAt = Date.now();
    await agents[victim].stop('SIGKILL');
    const logged = await grand.waitForLog((l) => String(l.msg).startsWith('ALERT lease-expired') && l.node === victim, LEASE_MS + 5000);
    // When the grand agent logged (raised) it, not the lease's end it names in `at`.
    const alertAt = Number(logged.time);
    console.log(`    alert raised ${alertAt - killedAt} ms after kill -9 (lease ${LEASE_MS} ms; the lease ended ${Date.parse(String(logged.at)) - killedAt} ms after)`);
    expect(alertAt - killedAt).to.be.at.most(LEASE_MS + 1000);
    const replaced = await grand.waitForLog(done('add', killedAt), 10_000);
    expect(replaced.node).to.not.equal(victim);
    expect(await serving()).to.deep.equal([String(replaced.node)]);
    expect((await svc('disp')).params.members).to.equal(member(String(replaced.node)));

    await sleep(LEASE_MS + 1000);
    sub.unsubscribe();
    const listed = JSON.parse(lama('alerts', '--credential', controllerFile, '--json').stdout) as Alert[];
    const mine = listed.filter((a) => a.node === victim);
    expect(mine).to.have.length(1);
    expect(mine[0]).to.deep.include({ kind: 'lease-expired', node: victim, roles: ['load-server'] });
    expect(mine[0].lastStatus).to.have.property('adapters');
    expect(listed.filter((a) => a.kind === 'lease-expired')).to.have.length(1);
    expect(streamed.map((a) => [a.kind, a.node])).to.deep.equal([['lease-expired', victim]]);
    // The first POST was refused with 503; the retry (after 1 s) delivered it.
    for (let i = 0; i < 40 && posted.length === 0; i++) await sleep(100);
    expect(hookCalls).to.equal(2);
    expect(posted.map((a) => [a.kind, a.node])).to.deep.equal([['lease-expired', victim]]);
    const decisions = JSON.parse(lama('decisions', '--credential', controllerFile, '--json').stdout) as DecisionJson[];
    expect(decisions.at(-1)).to.deep.include({ action: 'add', node: replaced.node });
    expect(decisions.at(-1)?.reason).to.match(/replaces failed node|below minNodes/);
  });

  it('the Grand API refuses a caller without role controller or monitor', async () => {
    const c = new GrandClient(endpoint, loadCredential(pool.issue('intruder', 'agent')));
    try {
      const err = (await c.alerts().then(() => undefined, (e: Error) => e)) as Error & { details?: string };
      expect(err?.details).to.match(/role 'controller' or 'monitor' required; credential 'intruder' has agent/);
    } finally {
      c.close();
    }
  });
});
