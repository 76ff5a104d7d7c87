import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { killApacheByPidFile } from './helpers/apache-leftovers.js';
import { freePort } from '@lama/testkit';
import { getLoopback, tallyRequests } from './helpers/http-tally.js';
import { LamaProcess, startLama, lamaSync } from './helpers/lama-process.js';
import { TestPool } from './helpers/pool.js';

// This file's own loopback group and port.
const MDNS = ['--mdns-interface', '127.0.0.1', '--mdns-group', '239.255.76.81', '--mdns-port', '15781'];
const NODES = ['web-1', 'web-2', 'disp'] as const;
type Node = (typeof NODES)[number];
const ROUNDS = 200;

interface Run { status: number | null; stdout: string; stderr: string }
interface AdapterJson { name: string; state: string; roles: string[]; metrics: Record<string, number>; params: Record<string, string> }

/**
 * The paper's dispatcher, end to end: Apache in the dispatcher role balances two Apache web
 * servers; every one of them is an adapter of a real `lama agent`, driven with `lama start`
 * and `lama set` through the lookup service, on loopback only.
 */
describe('apache dispatcher (system: a lookup service, three agents, three apache2 on loopback)', function () {
  this.timeout(120_000);
  const pool = new TestPool();
  const scratch = mkdtempSync(join(tmpdir(), 'lama-dispatcher-'));
  const procs: LamaProcess[] = [];
  const stateDirs: Record<string, string> = {};
  const port: Record<Node, number> = { 'web-1': 0, 'web-2': 0, disp: 0 };
  let controller: string;

  const lama = (...args: string[]): Run => lamaSync([...args, '--credential', controller, ...MDNS]);
  const member = (n: Node, weight?: number): string => `127.0.0.1:${port[n]}${weight === undefined ? '' : `=${weight}`}`;
  const adapter = (node: Node): AdapterJson => {
    const r = lama('status', node, '--json');
    expect(r.status, r.stderr).to.equal(0);
    return (JSON.parse(r.stdout) as { adapters: AdapterJson[] }).adapters[0];
  };
  const setMembers = (value: string): AdapterJson => {
    const r = lama('set', 'disp', 'web', `members=${value}`, '--json');
    expect(r.status, r.stderr).to.equal(0);
    return JSON.parse(r.stdout) as AdapterJson;
  };
  // Each web server's page names it; the dispatcher's answers are counted by that name.
  const tally = (): Promise<Record<string, number>> => tallyRequests(port.disp, ROUNDS, (body) => body.trim(), 60_000);
  const dispConf = (): string => readFileSync(join(stateDirs.disp, 'web', 'httpd', 'httpd.conf'), 'utf8');

  before(async () => {
    for (const n of NODES) port[n] = await freePort();
    controller = pool.issue('console', 'controller');
    const lookup = startLama(['lookup', '--credential', pool.issue('lus', 'lookup'), '--listen', '127.0.0.1:0', '--announce-interval-ms', '1000', ...MDNS]);
    procs.push(lookup);
    await lookup.waitForLog((l) => l.msg === 'lookup service listening');
    // The workers run as www-data: the served folders must be reachable for them.
    chmodSync(scratch, 0o755);
    for (const n of NODES) {
      // The agent's state folder stays private (0700): only root's httpd parent uses it.
      stateDirs[n] = mkdtempSync(join(tmpdir(), `lama-dispatcher-${n}-`));
      const options: Record<string, unknown> = { listen: `127.0.0.1:${port[n]}`, serverName: `${n}.lama.test` };
      if (n === 'disp') {
        options.role = 'dispatcher';
      } else {
        const www = join(scratch, n);
        mkdirSync(www, { mode: 0o755 });
        writeFileSync(join(www, 'index.html'), `${n}\n`, { mode: 0o644 });
        Object.assign(options, { role: 'web-server', documentRoot: www, allowedRoots: [scratch] });
      }
      const p = startLama(['agent', '--name', n, '--credential', pool.issue(n, 'agent'), '--listen', '127.0.0.1:0', '--lease-ms', '2000',
        '--state-dir', stateDirs[n], '--adapter', JSON.stringify({ name: 'web', module: 'apache', options }), ...MDNS]);
      procs.push(p);
    }
    for (const p of procs.slice(1)) await p.waitForLog((l) => l.msg === 'registered');
  });

  after(async () => {
    // SIGTERM lets each agent stop its httpd; whatever is left after that is killed by pid file.
    await Promise.all(procs.map((p) => p.stop('SIGTERM', 8000)));
    const left = NODES.map((n) => stateDirs[n] && killApacheByPidFile(join(stateDirs[n], 'web', 'httpd', 'run', 'httpd.pid'))).filter(Boolean);
    if (left.length) console.log(`    dispatcher test: killed leftover httpd ${left.join(', ')}`);
    for (const d of [scratch, ...Object.values(stateDirs)]) rmSync(d, { recursive: true, force: true });
    pool.remove();
  });

  it('lama start brings up two web servers and a dispatcher; the pool lists their roles', async () => {
    for (const n of NODES) {
      const r = lama('start', n, 'web', '--json');
      expect(r.status, `${n}: ${r.stderr}`).to.equal(0);
      expect((JSON.parse(r.stdout) as AdapterJson).state).to.equal('RUNNING');
    }
    expect((await getLoopback(port['web-1'])).body).to.equal('web-1\n');
    expect((await getLoopback(port['web-2'])).body).to.equal('web-2\n');
    // No members yet: the dispatcher has nobody to send a request to.
    expect((await getLoopback(port.disp)).status).to.equal(503);
    const ls = JSON.parse(lama('ls', '--json').stdout) as { name: string; roles: string[] }[];
    expect(ls.map((x) => [x.name, x.roles])).to.deep.equal([['disp', ['dispatcher']], ['web-1', ['web-server']], ['web-2', ['web-server']]]);
  });

  it('lama set members=A,B: the dispatcher splits requests evenly between both', async () => {
    const view = setMembers(`${member('web-1')},${member('web-2')}`);
    expect(view.params.members).to.equal(JSON.stringify([member('web-1'), member('web-2')]));
    const counts = await tally();
    console.log(`    equal weights, ${ROUNDS} requests: ${JSON.stringify(counts)}`);
    expect(counts['web-1'] + counts['web-2']).to.equal(ROUNDS);
    expect(counts['web-1'] / ROUNDS).to.be.within(0.5 - 0.15, 0.5 + 0.15);
    expect(counts['web-2'] / ROUNDS).to.be.within(0.5 - 0.15, 0.5 + 0.15);
  });

  it('lama set members=A=3,B=1: the split follows the weights, and the dispatcher\'s own counters agree', async () => {
    setMembers(`${member('web-1', 3)},${member('web-2', 1)}`);
    const counts = await tally();
    const metrics = adapter('disp').metrics;
    const elected = { 'web-1': metrics[`member:${member('web-1')}:elected`], 'web-2': metrics[`member:${member('web-2')}:elected`] };
    console.log(`    weights 3:1, ${ROUNDS} requests: ${JSON.stringify(counts)}; dispatcher's elected counters: ${JSON.stringify(elected)}`);
    expect(counts['web-1'] + counts['web-2']).to.equal(ROUNDS);
    expect(counts['web-1'] / ROUNDS).to.be.within(0.75 - 0.15, 0.75 + 0.15);
    expect(counts['web-2'] / ROUNDS).to.be.within(0.25 - 0.15, 0.25 + 0.15);
    expect(elected).to.deep.equal(counts);
  });

  it('weight 0 drains a member: it gets no new requests', async () => {
    const view = setMembers(`${member('web-1', 3)},${member('web-2', 0)}`);
    expect(view.params.members).to.equal(JSON.stringify([member('web-1', 3), member('web-2', 0)]));
    expect(dispConf()).to.contain(`BalancerMember "http://${member('web-2')}" loadfactor=1 status=+N`);
    const counts = await tally();
    console.log(`    web-2 drained, ${ROUNDS} requests: ${JSON.stringify(counts)}`);
    expect(counts).to.deep.equal({ 'web-1': ROUNDS });
    const m = adapter('disp').metrics;
    expect(m[`member:${member('web-2')}:elected`]).to.equal(0);
    // Drained, not gone: web-2 itself still serves.
    expect((await getLoopback(port['web-2'])).body).to.equal('web-2\n');
  });

  it('bad members (injection, names, bad HOST:PORT, duplicates) are refused and change nothing', async () => {
    const before = adapter('disp').params;
    const conf = dispConf();
    const bad: [string, RegExp][] = [
      ['evil"\nInclude /etc/passwd', /parameter 'members': contains a control character \(newline, tab, NUL\.\.\.\) \(INVALID_ARGUMENT\)/],
      [`${member('web-1')}" loadfactor=100`, /parameter 'members': item .* does not match IP:PORT\[=WEIGHT\].*\(INVALID_ARGUMENT\)/],
      ['no-such-host.invalid:80', /parameter 'members': item 'no-such-host.invalid:80' does not match IP:PORT\[=WEIGHT\].*\(INVALID_ARGUMENT\)/],
      ['127.0.0.1:99999', /parameter 'members': item '127.0.0.1:99999' does not match.*\(INVALID_ARGUMENT\)/],
      [`${member('web-1')}=101`, /parameter 'members': .* does not match.*\(INVALID_ARGUMENT\)/],
      // A duplicate is found by the adapter itself, past the parameter parser.
      [`${member('web-1', 1)},${member('web-1', 2)}`, /parameter 'members': 127\.0\.0\.1:\d+ is listed twice/],
    ];
    for (const [value, message] of bad) {
      const r = lama('set', 'disp', 'web', `members=${value}`);
      expect(r.status, value).to.equal(1);
      expect(r.stderr, value).to.match(message);
    }
    const key = lama('set', 'disp', 'web', `members=${member('web-2')}`, 'Include=/etc/passwd');
    expect(key.stderr).to.match(/adapter 'web' has no parameter 'Include' .*\(INVALID_ARGUMENT\)/);
    expect(adapter('disp').params).to.deep.equal(before);
    expect(dispConf()).to.equal(conf);
    expect(dispConf()).to.not.match(/Include|passwd|evil/);
    const after = await tallyRequests(port.disp, 20, (body) => body.trim());
    expect(after).to.deep.equal({ 'web-1': 20 });
    expect(adapter('disp').state).to.equal('RUNNING');
  });
});
