import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { until } from '@lama/testkit';
import { AdapterLoadError, AdapterSupervisor, InvalidOptionsError, loadAdapterFactory, ParamNotSettableError, type AdapterLogger } from '../src/index.js';
import { processAdapter } from '../src/builtin/index.js';
import { adapterConformance } from '../src/conformance/index.js';

// dist/test -> the package's test/fixtures (fixtures are not compiled).
const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test', 'fixtures');
const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const node = process.execPath;
const idle = ['-e', 'setInterval(() => {}, 1000)'];

describe('adapter loader', () => {
  it('finds built-ins by name and by @lama/adapters/ name', async () => {
    expect(await loadAdapterFactory('process')).to.equal(processAdapter);
    expect(await loadAdapterFactory('@lama/adapters/process')).to.equal(processAdapter);
  });

  it('loads an adapter module by path, relative to the config folder', async () => {
    const f = await loadAdapterFactory('./echo-adapter.mjs', fixtures);
    expect(f.type).to.equal('echo');
  });

  it('explains a module that is not an adapter, and one that does not exist', async () => {
    const notAdapter = await loadAdapterFactory('./not-an-adapter.mjs', fixtures).then(() => undefined, (e: Error) => e);
    expect(notAdapter).to.be.instanceOf(AdapterLoadError);
    expect(notAdapter?.message).to.match(/does not export an adapter/);
    const missing = await loadAdapterFactory('./nope.mjs', fixtures).then(() => undefined, (e: Error) => e);
    expect(missing?.message).to.match(/cannot load adapter module '.\/nope.mjs'/);
    const pkg = await loadAdapterFactory('lama-no-such-package', fixtures).then(() => undefined, (e: Error) => e);
    expect(pkg?.message).to.match(/cannot load adapter module 'lama-no-such-package'/);
  });
});

adapterConformance('process (built-in)', () => ({
  factory: processAdapter,
  options: { command: node, args: idle, roles: ['worker'], startMs: 100, settable: ['args', 'startMs'] },
  validParams: { args: JSON.stringify(['-e', 'setInterval(() => {}, 500)']), startMs: '50' },
  invalidParams: { startMs: 'soon' },
}));

describe('process adapter with the real supervisor', function () {
  this.timeout(30_000);
  const sups: AdapterSupervisor[] = [];
  afterEach(async () => {
    for (const s of sups.splice(0)) await s.close();
  });
  const make = async (options: Record<string, unknown>, opts = {}, log: AdapterLogger = quiet) => {
    const s = await AdapterSupervisor.create('p', processAdapter, options, { log, stateDir: '/tmp' }, { backoffMs: 100, startRetries: 2, ...opts });
    sups.push(s);
    return s;
  };

  it('restarts a child that crashes, and reports its pid and memory', async () => {
    const s = await make({ command: node, args: idle, startMs: 100 });
    await s.start();
    const v1 = await s.view();
    expect(v1.metrics.pid).to.be.a('number');
    expect(v1.metrics.rss_bytes).to.be.greaterThan(1_000_000);
    process.kill(v1.metrics.pid, 'SIGKILL');
    for (let i = 0; i < 100 && !((await s.view()).restarts === 1 && s.state === 'RUNNING'); i++) await new Promise((r) => setTimeout(r, 50));
    const v2 = await s.view();
    expect(v2.state).to.equal('RUNNING');
    expect(v2.restarts).to.equal(1);
    expect(v2.metrics.pid).to.not.equal(v1.metrics.pid);
  });

  it('a command that exits at once fails to start and ends FATAL; its output goes to the log only', async () => {
    const logged: Record<string, unknown>[] = [];
    const log = { ...quiet, warn: (_m: string, data?: Record<string, unknown>) => { if (data) logged.push(data); } };
    // startMs is long so that the command surely exits within it, however loaded the machine.
    const s = await make({ command: node, args: ['-e', 'console.error("config broken"); process.exit(3)'], startMs: 3000 }, {}, log);
    const err = await s.start().then(() => undefined, (e: Error) => e);
    expect(s.state).to.equal('FATAL');
    expect(err?.message).to.match(/exited during start \(code 3\); its output is in the agent's log$/);
    expect(err?.message).to.not.contain('config broken');
    expect((await s.view()).message).to.not.contain('config broken');
    expect(logged.map((d) => d.output)).to.include('config broken');
  });

  it('a child that ignores SIGTERM is killed after stopTimeoutMs', async () => {
    // The child says when its handler is in place: on a loaded machine node may take longer
    // than startMs to get there, and a SIGTERM before that kills it at once.
    const ready = join(tmpdir(), `lama-sigterm-${process.pid}-${Date.now()}`);
    const s = await make({ command: node, args: ['-e', `process.on("SIGTERM", () => {}); require("fs").writeFileSync(${JSON.stringify(ready)}, ""); setInterval(() => {}, 1000)`], startMs: 200, stopTimeoutMs: 300 });
    await s.start();
    await until('the child to install its SIGTERM handler', () => existsSync(ready), 10_000);
    rmSync(ready);
    const pid = (await s.view()).metrics.pid;
    const t = Date.now();
    await s.stop();
    expect(Date.now() - t).to.be.within(250, 3000);
    expect(() => process.kill(pid, 0)).to.throw();
  });

  it('set args that fail to start rolls back to the old ones and keeps running', async () => {
    // startMs is long so that the failing command surely exits within it, however loaded the machine.
    const s = await make({ command: node, args: idle, startMs: 2000, settable: ['args'] });
    await s.start();
    const err = await s.set({ args: JSON.stringify(['-e', 'process.exit(1)']) }).then(() => undefined, (e: Error) => e);
    expect(err?.message).to.match(/exited during start/);
    const v = await s.view();
    expect(s.state).to.equal('RUNNING');
    expect(v.params.args).to.equal(JSON.stringify(idle));
  });

  it('refuses options without a command, naming the key', async () => {
    const err = await make({ args: [] }).then(() => undefined, (e: Error) => e);
    expect(err?.message).to.match(/'command' is required/);
  });
});

// The hostile controller: it holds a valid controller credential (or a replayed one) and
// tries to make the node run something else, or to read something through error messages.
describe('process adapter against a hostile controller', function () {
  this.timeout(30_000);
  const sups: AdapterSupervisor[] = [];
  const marker = join(tmpdir(), `lama-process-attack-${process.pid}`);
  afterEach(async () => {
    for (const s of sups.splice(0)) await s.close();
    rmSync(marker, { force: true });
  });
  const make = async (options: Record<string, unknown>, log: AdapterLogger = quiet) => {
    const s = await AdapterSupervisor.create('worker', processAdapter, options, { log, stateDir: '/tmp' }, { backoffMs: 100, startRetries: 0 });
    sups.push(s);
    return s;
  };
  const cmdline = (pid: number): string[] => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').slice(0, -1);
  const refusal = (p: Promise<unknown>): Promise<Error | undefined> => p.then(() => undefined, (e: Error) => e);

  it('by default only startMs is settable: Set args or env is refused, typed, and the running child is untouched', async () => {
    const s = await make({ command: node, args: idle, startMs: 100 });
    await s.start();
    const before = await s.view();
    const pid = before.metrics.pid;
    const attacks: Record<string, string>[] = [
      { args: JSON.stringify(['-e', `require("fs").writeFileSync(${JSON.stringify(marker)}, "owned")`]) },
      { env: `NODE_OPTIONS=--require=${marker}` },
      // A harmless key beside a forbidden one does not sneak through: nothing is applied.
      { startMs: '50', args: '["-e","0"]' },
    ];
    for (const raw of attacks) {
      const err = await refusal(s.set(raw));
      expect(err, JSON.stringify(raw)).to.be.instanceOf(ParamNotSettableError);
      expect((err as ParamNotSettableError).code).to.equal('ERR_PARAM_NOT_SETTABLE');
      expect(err?.message).to.match(/^adapter 'worker': parameter '(args|env)' is not settable: the operator's config does not allow it \(settable: startMs\)$/);
    }
    const after = await s.view();
    expect(after.params).to.deep.equal(before.params);
    expect(after.params).to.deep.equal({ args: JSON.stringify(idle), env: '[]', startMs: '100' });
    expect(after.metrics.pid).to.equal(pid);
    expect(cmdline(pid)).to.deep.equal([node, ...idle]);
    expect(s.state).to.equal('RUNNING');
    expect(existsSync(marker)).to.equal(false);
    // What is settable still is.
    await s.set({ startMs: '150' });
    expect((await s.view()).params.startMs).to.equal('150');
  });

  it('the operator opens args and env with settable; a running child restarts with both', async () => {
    const s = await make({ command: node, args: idle, startMs: 100, settable: ['args', 'env'] });
    await s.start();
    const err = await refusal(s.set({ startMs: '1' }));
    expect(err?.message).to.match(/parameter 'startMs' is not settable: the operator's config does not allow it \(settable: args, env\)/);
    await s.set({ env: 'LAMA_TEST_MARK=on', args: '["-e","setInterval(() => {}, 999)"]' });
    const pid = (await s.view()).metrics.pid;
    expect(cmdline(pid)).to.deep.equal([node, '-e', 'setInterval(() => {}, 999)']);
    expect(readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0')).to.include('LAMA_TEST_MARK=on');
  });

  it('settable names only the adapter\'s parameters', () => {
    for (const settable of [['command'], 'args', [42]]) {
      expect(() => processAdapter.options({ command: node, settable }), JSON.stringify(settable))
        .to.throw(InvalidOptionsError, /^process options: 'settable' must be a list of parameter names \(args, env, startMs\)$/);
    }
    expect(processAdapter.settableFor(processAdapter.options({ command: node }))).to.deep.equal(['startMs']);
  });

  it('error messages are bounded and never carry the child\'s output, even with args it chose', async () => {
    const secret = 'SECRET-FROM-CHILD';
    const logged: string[] = [];
    const log = { ...quiet, warn: (_m: string, data?: Record<string, unknown>) => { logged.push(String(data?.output ?? '')); } };
    const s = await make({ command: node, args: idle, startMs: 1500, settable: ['args'] }, log);
    await s.start();
    const pid = (await s.view()).metrics.pid;
    // As if it made the child print a file it may read, with control characters to forge log lines.
    const printer = `process.stdout.write("x".repeat(5000) + "${secret}\\n\\u001b[2J"); process.exit(7)`;
    const err = await refusal(s.set({ args: JSON.stringify(['-e', printer]) }));
    expect(err?.message).to.not.contain(secret);
    expect(err?.message).to.not.match(/[\u0000-\u001f\u007f]/);
    expect(err?.message.length).to.be.at.most(260);
    expect(err?.message).to.match(/exited during start \(code 7\); its output is in the agent's log/);
    expect(logged.join('')).to.contain(secret);
    // The previous args are back.
    expect((await s.view()).params.args).to.equal(JSON.stringify(idle));
    expect(s.state).to.equal('RUNNING');
    expect((await s.view()).metrics.pid).to.not.equal(pid);
  });

  it('a command name that is long or odd is still bounded and one line', async () => {
    const s = await make({ command: `/nonexistent/${'a'.repeat(400)}\nforged`, startMs: 100 });
    const err = await refusal(s.start());
    expect(err?.message).to.match(/cannot run \/nonexistent\/a+/);
    expect(err?.message).to.not.match(/[\u0000-\u001f]/);
    expect(err?.message.length).to.be.at.most(260);
    expect((await s.view()).message.length).to.be.at.most(260);
  });
});
