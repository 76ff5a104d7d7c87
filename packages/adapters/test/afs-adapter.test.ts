import { chmodSync, existsSync, mkdirSync, readlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { VirtualClock } from '@lama/lookup';
import { treeDigest } from '@lama/testkit';
import { adapterConformance } from '../src/conformance/index.js';
import { ADAPTER_ERRORS, AdapterSupervisor, InvalidOptionsError, loadAdapterFactory, ParamNotAllowedError, SetWhileRunningError, type AdapterLogger } from '../src/index.js';
import { afsMapperAdapter } from '../src/builtin/index.js';
import { AfsFixture } from './afs-fixture.js';

const quiet: AdapterLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

describe('afs-mapper adapter', function () {
  this.timeout(20_000);

  const conformance = new AfsFixture();
  after(() => conformance.remove());
  adapterConformance('afs-mapper', () => {
    conformance.file('shared/www/index.html');
    conformance.file('shared/www/img/logo.png');
    const mapping = join(conformance.root, 'mapping.json');
    writeFileSync(mapping, JSON.stringify([{ shared: 'www', local: join(conformance.local, 'www'), policy: 'mkdir' }]));
    return {
      factory: afsMapperAdapter,
      options: { mapping, shared: conformance.shared, allowedRoots: [conformance.local], sharedRoots: [conformance.shared] },
      validParams: { scriptTimeoutMs: '2000' },
      invalidParams: { scriptTimeoutMs: 'soon' },
    };
  });

  describe('verbs', () => {
    let f: AfsFixture;
    let sup: AdapterSupervisor | undefined;
    const lines: string[] = [];
    const log: AdapterLogger = { ...quiet, info: (m) => lines.push(m), warn: (m) => lines.push(`warn: ${m}`) };
    beforeEach(() => { f = new AfsFixture(); lines.length = 0; });
    afterEach(async () => { await sup?.close(); sup = undefined; f.remove(); });

    const mappingFile = (name: string, local: string): string => {
      const p = join(f.root, name);
      writeFileSync(p, JSON.stringify([
        { shared: 'www', local: join(f.local, local, 'www'), policy: 'mklink' },
        { shared: 'log', local: join(f.local, local, 'log'), policy: 'mktree', script: '../post.sh' },
      ]));
      return p;
    };
    const make = async (options: Record<string, unknown>, clock = new VirtualClock()): Promise<AdapterSupervisor> => {
      sup = await AdapterSupervisor.create('files', afsMapperAdapter, { allowedRoots: [f.local], sharedRoots: [f.shared], shared: f.shared, ...options }, { log, stateDir: f.state }, { clock, startRetries: 0, backoffMs: 10 });
      return sup;
    };

    beforeEach(() => {
      f.file('shared/www/index.html');
      f.dir('shared/log');
      f.file('shared/post.sh', '#!/bin/sh\necho "configured $LAMA_SITE on $LAMA_NODE"\n');
      chmodSync(join(f.shared, 'post.sh'), 0o755);
    });

    it('is the built-in "afs-mapper" module', async () => {
      expect(await loadAdapterFactory('afs-mapper')).to.equal(afsMapperAdapter);
    });

    it('Start maps, Status counts, Set of the mapping is refused while running, Stop cleans to the exact earlier tree', async () => {
      const clock = new VirtualClock();
      const before = treeDigest(f.local);
      const a = await make({ mapping: mappingFile('a.json', 'a'), site: 'showboat', node: 'node-3' }, clock);
      await a.start();
      expect(readlinkSync(join(f.local, 'a/www'))).to.equal(join(f.shared, 'www'));
      const v = await a.view();
      expect(v.metrics).to.deep.equal({ links: 1, directories: 2, scripts_run: 1, conflicts: 0, last_mapping_ms: clock.now(), kept: 0, mapped: 1 });
      expect(lines).to.include(`script ${join(f.shared, 'post.sh')}: configured showboat on node-3`);
      for (const key of ['mapping', 'site', 'shared']) {
        const err = await a.set({ [key]: key === 'site' ? 'other' : join(f.shared, 'x') }).then(() => undefined, (e: unknown) => e);
        expect(err, key).to.be.instanceOf(SetWhileRunningError);
        expect((err as Error).message).to.contain(`'${key}' can be set only while stopped`);
      }
      expect(ADAPTER_ERRORS.ERR_SET_WHILE_RUNNING.status).to.equal('FAILED_PRECONDITION');
      await a.stop();
      expect(treeDigest(f.local)).to.equal(before);
      expect(lines.some((l) => l.startsWith('cleaned ') && l.includes('1 links and 2 directories removed, 0 kept'))).to.equal(true);
    });

    it('what a cleaning keeps, and why, stays in Status once stopped', async () => {
      const a = await make({ mapping: mappingFile('a.json', 'a') });
      await a.start();
      // Someone replaces the mapper's link with a directory of their own: cleaning must keep it.
      const www = join(f.local, 'a', 'www');
      unlinkSync(www);
      mkdirSync(www);
      await a.stop();
      const v = await a.view();
      expect(v.state).to.equal('STOPPED');
      expect(v.metrics.kept).to.equal(2);
      expect(v.metrics.mapped).to.equal(0);
      expect(v.message).to.contain(`${JSON.stringify(www)} (no longer a link`);
      expect(v.message).to.contain(`${JSON.stringify(join(f.local, 'a'))} (holds 1 entry the mapper did not make`);
      expect(existsSync(www)).to.equal(true);
    });

    it('Set mapping, site and shared while stopped; a shared root outside sharedRoots is refused; the next Start maps the new mapping', async () => {
      const a = await make({ mapping: mappingFile('a.json', 'a') });
      await a.start();
      await a.stop();
      const err = await a.set({ shared: '/etc' }).then(() => undefined, (e: unknown) => e);
      expect(err).to.be.instanceOf(ParamNotAllowedError);
      await a.set({ mapping: mappingFile('b.json', 'b'), site: 'mayflower', shared: f.shared });
      expect((await a.view()).params).to.deep.include({ mapping: join(f.root, 'b.json'), site: 'mayflower', shared: f.shared });
      await a.start();
      expect(existsSync(join(f.local, 'a'))).to.equal(false);
      expect(readlinkSync(join(f.local, 'b/www'))).to.equal(join(f.shared, 'www'));
    });

    it('a Start with conflicts fails, names them, and changes nothing', async () => {
      f.file('local/c/www', 'a file the operator put here');
      const before = treeDigest(f.local);
      const a = await make({ mapping: mappingFile('c.json', 'c') });
      const err = await a.start().then(() => undefined, (e: unknown) => e);
      expect((err as Error).message).to.match(/mapping refused, nothing changed: 1 conflict\(s\): ".*\/c\/www": a file where a directory must go/);
      expect(a.state).to.equal('FATAL');
      expect(treeDigest(f.local)).to.equal(before);
      expect(lines.some((l) => l.startsWith('warn: conflict at'))).to.equal(true);
    });

    it("a Start past the supervisor's deadline is cancelled by the Stop that follows: its script killed, its mapping rolled back", async () => {
      f.file('shared/slow.sh', '#!/bin/sh\necho waiting\nsleep 30\n');
      chmodSync(join(f.shared, 'slow.sh'), 0o755);
      const mapping = join(f.root, 'slow.json');
      writeFileSync(mapping, JSON.stringify([{ shared: 'www', local: join(f.local, 'slow/www'), policy: 'mkdir', script: '../slow.sh' }]));
      const before = treeDigest(f.local);
      sup = await AdapterSupervisor.create('files', afsMapperAdapter, { allowedRoots: [f.local], sharedRoots: [f.shared], shared: f.shared, mapping, scriptTimeoutMs: 60_000 }, { log, stateDir: f.state }, { startRetries: 0, startTimeoutMs: 1000 });
      const t = Date.now();
      const err = await sup.start().then(() => undefined, (e: unknown) => e);
      expect((err as Error).message).to.match(/did not finish within 1000 ms/);
      expect(Date.now() - t).to.be.below(10_000);
      expect(treeDigest(f.local)).to.equal(before);
      expect(lines.some((l) => l.includes('slow.sh killed: the mapping was cancelled'))).to.equal(true);
      expect(existsSync(join(f.state, 'afs-mapper.journal'))).to.equal(false);
    });

    it('options: the roots are required and shared must lie within sharedRoots', () => {
      expect(() => afsMapperAdapter.options({ sharedRoots: ['/srv'] })).to.throw(InvalidOptionsError, /'allowedRoots' must be a non-empty list/);
      expect(() => afsMapperAdapter.options({ allowedRoots: ['/srv'], sharedRoots: ['/afs'], shared: '/etc' })).to.throw(InvalidOptionsError, /'shared' must lie within sharedRoots/);
    });
  });
});
