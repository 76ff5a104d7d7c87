import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { LamaProcess, startLama, lamaSync, type LogLine } from './helpers/lama-process.js';
import { TestPool } from './helpers/pool.js';

// This file's own loopback group and port.
const MDNS = ['--mdns-interface', '127.0.0.1', '--mdns-group', '239.255.76.73', '--mdns-port', '15730'];
const workerOptions = { command: process.execPath, args: ['-e', 'setInterval(() => {}, 1000)'], roles: ['worker'], startMs: 100 };
// node-1 and node-2 let a controller Set args; node-3 keeps the default (startMs only).
const worker = JSON.stringify({ name: 'worker', module: 'process', options: { ...workerOptions, settable: ['args', 'startMs'] } });
const lockedWorker = JSON.stringify({ name: 'worker', module: 'process', options: workerOptions });

interface Run { status: number | null; stdout: string; stderr: string }

describe('lama agent (system: a lookup service and three agents as processes on loopback)', function () {
  this.timeout(90_000);
  const pool = new TestPool();
  const procs: LamaProcess[] = [];
  let lookup: LamaProcess;
  const agents: Record<string, LamaProcess> = {};
  let controller: string;
  let monitor: string;

  const lama = (...args: string[]): Run => lamaSync([...args, ...MDNS]);
  const removedLog = (owner: string) => (l: LogLine) => l.msg === 'item removed' && l.owner === owner;

  before(async () => {
    controller = pool.issue('console', 'controller');
    monitor = pool.issue('watcher', 'monitor');
    lookup = startLama(['lookup', '--credential', pool.issue('lus', 'lookup'), '--listen', '127.0.0.1:0', '--announce-interval-ms', '1000', ...MDNS]);
    procs.push(lookup);
    await lookup.waitForLog((l) => l.msg === 'lookup service listening');
    for (const n of ['node-1', 'node-2', 'node-3']) {
      const p = startLama(['agent', '--name', n, '--credential', pool.issue(n, 'agent'), '--listen', '127.0.0.1:0', '--lease-ms', '2000',
        '--capacity', 'networkMbps=100', '--metrics-interval-ms', '500', '--adapter', n === 'node-3' ? lockedWorker : worker, ...MDNS]);
      procs.push(p);
      agents[n] = p;
    }
    for (const p of Object.values(agents)) await p.waitForLog((l) => l.msg === 'registered');
  });

  after(async () => {
    await Promise.all(procs.map((p) => p.stop('SIGKILL')));
    pool.remove();
  });

  it('every agent joined with its item: type, endpoint, roles from its adapters, capacity', () => {
    const r = lama('ls', '--credential', controller, '--json');
    expect(r.status, r.stderr).to.equal(0);
    const rows = JSON.parse(r.stdout) as { name: string; roles: string[]; endpoint: string; serviceTypes: string[]; attributes: { type: string; fields: Record<string, string> }[] }[];
    expect(rows.map((x) => x.name)).to.deep.equal(['node-1', 'node-2', 'node-3']);
    for (const row of rows) {
      expect(row.serviceTypes).to.deep.equal(['lama.agent.v1.Agent']);
      expect(row.roles).to.deep.equal(['worker']);
      expect(row.endpoint).to.match(/^127\.0\.0\.1:\d+$/);
      expect(row.attributes.find((a) => a.type === 'lama.Capacity')?.fields).to.deep.equal({ networkMbps: '100' });
      expect(row.attributes.find((a) => a.type === 'lama.Adapter')?.fields).to.include({ name: 'worker', type: 'process', state: 'STOPPED' });
    }
  });

  it('Status reports L(t) and the adapters', () => {
    const r = lama('status', 'node-1', '--credential', controller, '--json');
    expect(r.status, r.stderr).to.equal(0);
    const s = JSON.parse(r.stdout) as { node: string; cpuCount: number; cpuUtilization: number; memory: { totalBytes: number }; disks: { path: string }[]; loadAverage: number[]; interfaces: unknown[]; adapters: { name: string; state: string; paramSpecs: { name: string }[] }[]; capacity: Record<string, number> };
    expect(s.node).to.equal('node-1');
    expect(s.cpuCount).to.be.greaterThan(0);
    expect(s.cpuUtilization).to.be.within(0, 1);
    expect(s.memory.totalBytes).to.be.greaterThan(0);
    expect(s.disks.map((d) => d.path)).to.deep.equal(['/']);
    expect(s.loadAverage).to.have.length(3);
    expect(s.interfaces.length).to.be.greaterThan(0);
    expect(s.capacity).to.deep.equal({ networkMbps: 100 });
    expect(s.adapters.map((a) => [a.name, a.state])).to.deep.equal([['worker', 'STOPPED']]);
    expect(s.adapters[0].paramSpecs.map((p) => p.name)).to.deep.equal(['args', 'env', 'startMs']);
    const text = lama('status', 'node-1', '--credential', controller);
    expect(text.stdout).to.match(/^node node-1 {2}up/);
    expect(text.stdout).to.match(/worker\s+STOPPED\s+worker/);
  });

  it('Start, Set and Stop drive the adapter; the item follows its state', async () => {
    const started = lama('start', 'node-1', 'worker', '--credential', controller, '--json');
    expect(started.status, started.stderr).to.equal(0);
    const view = JSON.parse(started.stdout) as { state: string; metrics: Record<string, number> };
    expect(view.state).to.equal('RUNNING');
    expect(view.metrics.pid).to.be.a('number');
    await agents['node-1'].waitForLog((l) => l.msg === 'adapter state' && l.state === 'RUNNING');
    await new Promise((r) => setTimeout(r, 400));
    const ls = JSON.parse(lama('ls', '--credential', controller, '--json').stdout) as { name: string; attributes: { type: string; fields: Record<string, string> }[] }[];
    expect(ls.find((x) => x.name === 'node-1')?.attributes.find((a) => a.type === 'lama.Adapter')?.fields.state).to.equal('RUNNING');

    const set = lama('set', 'node-1', 'worker', 'startMs=150', 'args=["-e","setInterval(() => {}, 2000)"]', '--credential', controller, '--json');
    expect(set.status, set.stderr).to.equal(0);
    const params = (JSON.parse(set.stdout) as { params: Record<string, string> }).params;
    expect(params).to.deep.equal({ startMs: '150', args: '["-e","setInterval(() => {}, 2000)"]', env: '[]' });
    const stopped = lama('stop', 'node-1', 'worker', '--credential', controller);
    expect(stopped.status, stopped.stderr).to.equal(0);
    expect(stopped.stdout).to.match(/worker\s+STOPPED/);
  });

  it('bad parameters, unknown keys and unknown adapters get a clear error and change nothing', () => {
    const bad: [string[], RegExp][] = [
      [['set', 'node-1', 'worker', 'startMs=soon'], /parameter 'startMs': 'soon' is not an integer \(INVALID_ARGUMENT\)/],
      [['set', 'node-1', 'worker', 'startMs=100', 'colour=blue'], /adapter 'worker' has no parameter 'colour' \(parameters: args, env, startMs\) \(INVALID_ARGUMENT\)/],
      [['set', 'node-3', 'worker', 'args=["-e","process.exit(0)"]'], /adapter 'worker': parameter 'args' is not settable: the operator's config does not allow it \(settable: startMs\) \(PERMISSION_DENIED\)/],
      [['start', 'node-1', 'nginx'], /node 'node-1' has no adapter 'nginx' \(adapters: worker\) \(NOT_FOUND\)/],
      [['status', 'node-9'], /node 'node-9' is not registered in the pool/],
    ];
    for (const [args, message] of bad) {
      const r = lama(...args, '--credential', controller);
      expect(r.status, args.join(' ')).to.equal(1);
      expect(r.stderr).to.match(message);
    }
    const s = JSON.parse(lama('status', 'node-1', '--credential', controller, '--json').stdout) as { adapters: { params: Record<string, string> }[] };
    expect(s.adapters[0].params.startMs).to.equal('150');
    const s3 = JSON.parse(lama('status', 'node-3', '--credential', controller, '--json').stdout) as { adapters: { params: Record<string, string> }[] };
    expect(s3.adapters[0].params.args).to.equal('["-e","setInterval(() => {}, 1000)"]');
  });

  it('refuses a caller without role controller; a monitor may read status only', () => {
    const agentCred = pool.issue('node-x', 'agent');
    const r = lama('start', 'node-2', 'worker', '--credential', agentCred);
    expect(r.status).to.equal(1);
    expect(r.stderr).to.match(/role 'controller' required; credential 'node-x' has agent \(PERMISSION_DENIED\)/);
    const status = lama('status', 'node-2', '--credential', agentCred);
    expect(status.stderr).to.match(/role 'controller' or 'monitor' required/);
    expect(lama('status', 'node-2', '--credential', monitor).status).to.equal(0);
    const monitorStart = lama('start', 'node-2', 'worker', '--credential', monitor);
    expect(monitorStart.stderr).to.match(/role 'controller' required; credential 'watcher' has monitor/);
  });

  it('kill -9 an agent: its item goes at lease end with reason EXPIRED; SIGTERM another: it goes at once with CANCELLED', async () => {
    const t = Date.now();
    await agents['node-2'].stop('SIGKILL');
    const expired = await lookup.waitForLog(removedLog('node-2'), 10_000);
    expect(expired.reason).to.equal('EXPIRED');
    expect(Number(expired.time) - t).to.be.within(500, 4000);
    const stateDir = String((await agents['node-3'].waitForLog((l) => l.msg === 'agent running')).stateDir);
    expect(existsSync(stateDir), stateDir).to.equal(true);
    const t3 = Date.now();
    expect(await agents['node-3'].stop('SIGTERM')).to.equal(0);
    // The state directory it made for itself (no --state-dir) goes with it.
    expect(existsSync(stateDir), stateDir).to.equal(false);
    const cancelled = await lookup.waitForLog(removedLog('node-3'), 10_000);
    expect(cancelled.reason).to.equal('CANCELLED');
    expect(Number(cancelled.time) - t3).to.be.below(1500);
    const names = (JSON.parse(lama('ls', '--credential', controller, '--json').stdout) as { name: string }[]).map((x) => x.name);
    expect(names).to.deep.equal(['node-1']);
  });

  it('an adapter that throws, hangs and leaks errors never takes the agent down', async () => {
    const chaos = JSON.stringify({ name: 'chaos', module: join(process.cwd(), 'test', 'fixtures', 'misbehaving-adapter.mjs') });
    const p = startLama(['agent', '--name', 'node-chaos', '--credential', pool.issue('node-chaos', 'agent'), '--listen', '127.0.0.1:0', '--lease-ms', '2000', '--adapter', chaos, ...MDNS]);
    procs.push(p);
    await p.waitForLog((l) => l.msg === 'registered');
    const start = lama('start', 'node-chaos', 'chaos', '--credential', controller);
    expect(start.status).to.equal(1);
    expect(start.stderr).to.match(/adapter 'chaos' start failed: start always fails \(FAILED_PRECONDITION\)/);
    const set = lama('set', 'node-chaos', 'chaos', 'mode=throw', '--credential', controller);
    expect(set.stderr).to.match(/set failed on purpose/);
    await p.waitForLog((l) => l.msg === 'unhandled rejection (ignored)');
    await p.waitForLog((l) => l.msg === 'uncaught exception (ignored)');
    const status = JSON.parse(lama('status', 'node-chaos', '--credential', controller, '--json').stdout) as { adapters: { state: string; message: string }[] };
    expect(status.adapters[0].state).to.equal('FATAL');
    expect(status.adapters[0].message).to.match(/start always fails/);
    expect(p.child.exitCode).to.equal(null);
    expect(await p.stop('SIGTERM')).to.equal(0);
  });

  it('a config file with bad keys is refused, naming each key', () => {
    const file = join(pool.dir, 'bad-agent.yaml');
    writeFileSync(file, 'name: node-7\ncredential: x.cred\nleaseMs: soon\nadapters:\n  - name: Web\n    module: process\ncolour: blue\n');
    const r = lamaSync(['agent', '--config', file]);
    expect(r.status).to.equal(1);
    expect(r.stderr).to.match(/bad-agent.yaml: leaseMs: Invalid input: expected number, received string; adapters\[0\].name: lowercase letters, digits and "-"; unknown key 'colour'/);
    const notYaml = join(pool.dir, 'broken.yaml');
    writeFileSync(notYaml, 'name: [unclosed\n');
    expect(lamaSync(['agent', '--config', notYaml]).stderr).to.match(/is not valid YAML/);
  });

  it('the example config is valid', () => {
    const r = lamaSync(['agent', '--config', join(process.cwd(), 'examples', 'agent.yaml'), '--credential', '/nonexistent.cred']);
    expect(r.status).to.equal(1);
    // It gets past validation and stops at the missing credential.
    expect(r.stderr).to.match(/cannot read credential \/nonexistent.cred/);
  });
});
