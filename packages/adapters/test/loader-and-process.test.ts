import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { AdapterLoadError, AdapterSupervisor, loadAdapterFactory, processAdapter } from '../src/index.js';
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
  options: { command: node, args: idle, roles: ['worker'], startMs: 100 },
  validParams: { args: JSON.stringify(['-e', 'setInterval(() => {}, 500)']), startMs: '50' },
  invalidParams: { startMs: 'soon' },
}));

describe('process adapter with the real supervisor', function () {
  this.timeout(30_000);
  const sups: AdapterSupervisor[] = [];
  afterEach(async () => {
    for (const s of sups.splice(0)) await s.close();
  });
  const make = async (options: Record<string, unknown>, opts = {}) => {
    const s = await AdapterSupervisor.create('p', processAdapter, options, { log: quiet, stateDir: '/tmp' }, { backoffMs: 100, startRetries: 2, ...opts });
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

  it('a command that exits at once fails to start and ends FATAL with its output', async () => {
    // startMs is long so that the command surely exits within it, however loaded the machine.
    const s = await make({ command: node, args: ['-e', 'console.error("config broken"); process.exit(3)'], startMs: 3000 });
    const err = await s.start().then(() => undefined, (e: Error) => e);
    expect(s.state).to.equal('FATAL');
    expect(err?.message).to.match(/exited during start \(code 3\): config broken/);
  });

  it('a child that ignores SIGTERM is killed after stopTimeoutMs', async () => {
    const s = await make({ command: node, args: ['-e', 'process.on("SIGTERM", () => {}); setInterval(() => {}, 1000)'], startMs: 200, stopTimeoutMs: 300 });
    await s.start();
    const pid = (await s.view()).metrics.pid;
    const t = Date.now();
    await s.stop();
    expect(Date.now() - t).to.be.within(250, 3000);
    expect(() => process.kill(pid, 0)).to.throw();
  });

  it('set args that fail to start rolls back to the old ones and keeps running', async () => {
    // startMs is long so that the failing command surely exits within it, however loaded the machine.
    const s = await make({ command: node, args: idle, startMs: 2000 });
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
