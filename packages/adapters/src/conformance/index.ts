import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { AdapterFactory, AdapterLogger } from '../sdk/adapter.js';
import { AdapterError, InvalidOptionsError, InvalidParamError, UnknownParamError } from '../sdk/errors.js';
import { checkSpecs } from '../sdk/params.js';
import { AdapterSupervisor } from '../supervisor/adapter-supervisor.js';

/** What an adapter author hands the conformance suite. */
export interface ConformanceSetup {
  factory: AdapterFactory;
  /** Options that make a working instance on this machine (loopback ports, temp dirs). */
  options: unknown;
  /** Valid KEY=VALUE text for Set, applied while RUNNING and read back through params(). */
  validParams: Record<string, string>;
  /** One invalid value for a declared key, e.g. { port: 'abc' }. */
  invalidParams: Record<string, string>;
  /** Options that must be refused (an unknown key at least). Default: { ...options, noSuchOption: 1 } when options is an object. */
  invalidOptions?: unknown;
  /** Removes what setup made (temp dirs, processes). */
  cleanup?: () => Promise<void> | void;
}

const quiet: AdapterLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * The adapter conformance suite: any adapter runs it under mocha, e.g.
 *   adapterConformance('my adapter', async () => ({ factory, options, validParams, invalidParams }));
 * It checks the definition, options validation, the life cycle (start, stop, idempotence,
 * restart) under the agent's supervisor, Status, and all-or-nothing Set.
 */
export function adapterConformance(title: string, setup: () => Promise<ConformanceSetup> | ConformanceSetup, timeoutMs = 60_000): void {
  describe(`adapter conformance: ${title}`, function () {
    this.timeout(timeoutMs);
    let s: ConformanceSetup;
    let sup: AdapterSupervisor | undefined;
    let stateDir: string;

    before(async () => {
      s = await setup();
      stateDir = mkdtempSync(join(tmpdir(), `lama-conformance-${s.factory.type}-`));
    });
    after(async () => {
      await sup?.close();
      await s?.cleanup?.();
      rmSync(stateDir, { recursive: true, force: true });
    });

    const supervise = async (): Promise<AdapterSupervisor> => {
      sup ??= await AdapterSupervisor.create('under-test', s.factory, s.options, { log: quiet, stateDir }, { backoffMs: 50, startRetries: 1 });
      return sup;
    };

    it('declares a type, a description, roles and well-formed parameters', () => {
      expect(s.factory.kind).to.equal('lama-adapter');
      expect(s.factory.type).to.match(/^[a-z][a-z0-9-]*$/);
      expect(s.factory.description).to.be.a('string').and.not.equal('');
      const roles = s.factory.rolesFor(s.factory.options(s.options) as never);
      expect(roles).to.be.an('array');
      for (const r of roles) expect(r).to.match(/^[a-z][a-z0-9-]*$/);
      expect(() => checkSpecs(s.factory.type, s.factory.params)).to.not.throw();
      for (const key of Object.keys(s.validParams)) expect(s.factory.params, `validParams key ${key}`).to.have.property(key);
    });

    it('refuses invalid options with a clear error', () => {
      const bad = s.invalidOptions ?? (typeof s.options === 'object' && s.options !== null ? { ...s.options, noSuchOption: 1 } : 42);
      expect(() => s.factory.options(bad)).to.throw(InvalidOptionsError);
    });

    it('starts (RUNNING), reports finite metrics, and a second start is a no-op', async () => {
      const a = await supervise();
      await a.start();
      expect(a.state).to.equal('RUNNING');
      await a.start();
      expect(a.state).to.equal('RUNNING');
      const v = await a.view();
      expect(v.message, 'status error').to.equal('');
      for (const [k, n] of Object.entries(v.metrics)) expect(Number.isFinite(n), `metric ${k}`).to.equal(true);
      expect(v.paramSpecs.map((p) => p.name)).to.deep.equal(Object.keys(s.factory.params));
    });

    it('applies valid parameters while running and reads them back', async () => {
      const a = await supervise();
      await a.set(s.validParams);
      const v = await a.view();
      expect(a.state).to.equal('RUNNING');
      for (const [k, text] of Object.entries(s.validParams)) {
        const spec = s.factory.params[k];
        const expected = spec.type === 'list' && !text.startsWith('[') ? JSON.stringify(text === '' ? [] : text.split(',')) : text;
        expect(v.params[k], k).to.equal(expected);
      }
    });

    it('refuses an invalid value and an unknown key, naming the key, and changes nothing', async () => {
      const a = await supervise();
      const before = (await a.view()).params;
      const [badKey] = Object.keys(s.invalidParams);
      let err: unknown;
      try { await a.set({ ...s.validParams, ...s.invalidParams }); } catch (e) { err = e; }
      expect(err).to.be.instanceOf(InvalidParamError);
      expect((err as Error).message).to.contain(`'${badKey}'`);
      err = undefined;
      try { await a.set({ ...s.validParams, noSuchParam: 'x' }); } catch (e) { err = e; }
      expect(err).to.be.instanceOf(UnknownParamError);
      expect((err as Error).message).to.contain("'noSuchParam'");
      expect((await a.view()).params).to.deep.equal(before);
      expect(a.state).to.equal('RUNNING');
    });

    it('stops (STOPPED), a second stop is a no-op, and it starts again', async () => {
      const a = await supervise();
      await a.stop();
      expect(a.state).to.equal('STOPPED');
      await a.stop();
      expect(a.state).to.equal('STOPPED');
      await a.start();
      expect(a.state).to.equal('RUNNING');
      await a.stop();
      expect(a.state).to.equal('STOPPED');
    });

    it('reports adapter failures as AdapterError, never as a crash', async () => {
      const a = await supervise();
      const err = await a.set({ noSuchParam: '1' }).then(() => undefined, (e: unknown) => e);
      expect(err).to.be.instanceOf(AdapterError);
    });
  });
}
