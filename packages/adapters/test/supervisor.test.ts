import { expect } from 'chai';
import { VirtualClock } from '@lama/lookup';
import {
  AdapterSupervisor, AdapterTimeoutError, InvalidOptionsError, defineAdapter, objectOptions, type AdapterContext, type AdapterState,
} from '../src/index.js';

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** A scripted adapter: each call does what the test set up (resolve, throw, hang). */
interface Script {
  start: (() => Promise<void>)[];
  stop?: () => Promise<void>;
  status?: () => Promise<Record<string, number>>;
  ctx?: AdapterContext;
  starts: number;
  value: number;
}

function scripted(script: Script) {
  return defineAdapter<Record<string, unknown>>({
    type: 'scripted',
    description: 'test adapter whose behaviour the test scripts',
    roles: ['tester'],
    params: { value: { type: 'integer', description: 'a number', min: 0 } },
    options: (raw) => objectOptions('scripted', raw, []),
    create(_o, ctx) {
      script.ctx = ctx;
      return {
        start: () => { const f = script.start[Math.min(script.starts++, script.start.length - 1)]; return f(); },
        stop: () => (script.stop ? script.stop() : Promise.resolve()),
        status: () => (script.status ? script.status() : Promise.resolve({ value: script.value })),
        set: async (v) => {
          if ((v.value as number) === 13) throw new Error('unlucky');
          script.value = v.value as number;
        },
        params: () => ({ value: script.value }),
      };
    },
  });
}

const ok = () => Promise.resolve();
const fail = (m: string) => () => Promise.reject(new Error(m));
const hang = () => new Promise<void>(() => undefined);

async function setup(script: Script, opts = {}) {
  const clock = new VirtualClock(0);
  const states: AdapterState[] = [];
  const sup = await AdapterSupervisor.create('t', scripted(script), {}, { log: quiet, stateDir: '/tmp' }, { clock, backoffMs: 1000, startRetries: 3, startTimeoutMs: 5000, stopTimeoutMs: 5000, callTimeoutMs: 1000, stableMs: 10_000, ...opts });
  sup.on('state', (_n, s) => states.push(s));
  return { clock, sup, states };
}

/** Advances virtual time in small steps, letting promise callbacks run in between. */
async function step(clock: VirtualClock, ms: number, by = 50): Promise<void> {
  for (let t = 0; t < ms; t += by) {
    clock.advance(by);
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  }
}

describe('AdapterSupervisor (virtual time)', () => {
  it('starts and stops through STARTING / RUNNING / STOPPING / STOPPED', async () => {
    const { sup, states } = await setup({ start: [ok], starts: 0, value: 1 });
    await sup.start();
    await sup.stop();
    expect(states).to.deep.equal(['STARTING', 'RUNNING', 'STOPPING', 'STOPPED']);
    expect((await sup.view()).roles).to.deep.equal(['tester']);
  });

  it('retries a failing start with doubling backoff, then goes FATAL with the adapter\'s message', async () => {
    const script: Script = { start: [fail('port in use')], starts: 0, value: 1 };
    const { clock, sup, states } = await setup(script);
    let err: Error | undefined;
    const p = sup.start().catch((e: Error) => { err = e; });
    await step(clock, 999);
    expect(script.starts).to.equal(1);
    await step(clock, 2);
    expect(script.starts).to.equal(2);
    await step(clock, 2000 + 4000 + 100);
    await p;
    expect(script.starts).to.equal(4);
    expect(states.filter((s) => s === 'BACKOFF')).to.have.length(3);
    expect(states.at(-1)).to.equal('FATAL');
    expect(err?.message).to.match(/adapter 't' start failed: port in use/);
    expect((await sup.view()).message).to.match(/port in use/);
  });

  it('a start that hangs times out and counts as a failure', async () => {
    const { clock, sup, states } = await setup({ start: [hang, ok], starts: 0, value: 1 });
    const p = sup.start();
    await step(clock, 5000 + 1000 + 100);
    await p;
    expect(states).to.deep.equal(['STARTING', 'BACKOFF', 'STARTING', 'RUNNING']);
  });

  it('restarts a service that exits by itself, with backoff, and counts restarts', async () => {
    const script: Script = { start: [ok], starts: 0, value: 1 };
    const { clock, sup, states } = await setup(script);
    await sup.start();
    script.ctx?.exited('segfault');
    expect(sup.state).to.equal('EXITED');
    await step(clock, 1100);
    expect(sup.state).to.equal('RUNNING');
    expect(states.slice(2)).to.deep.equal(['EXITED', 'BACKOFF', 'STARTING', 'RUNNING']);
    expect((await sup.view()).restarts).to.equal(1);
  });

  it('a service that keeps exiting ends FATAL; a stable run resets the count', async () => {
    const script: Script = { start: [ok], starts: 0, value: 1 };
    const { clock, sup } = await setup(script);
    await sup.start();
    for (let i = 0; i < 3; i++) {
      script.ctx?.exited('crash');
      await step(clock, 1000 * 2 ** i + 100);
      expect(sup.state, `after crash ${i + 1}`).to.equal('RUNNING');
    }
    script.ctx?.exited('crash');
    await step(clock, 100);
    expect(sup.state).to.equal('FATAL');
    // From FATAL an operator's start begins again.
    await sup.start();
    expect(sup.state).to.equal('RUNNING');
    await step(clock, 10_100);
    script.ctx?.exited('one more');
    await step(clock, 1100);
    expect(sup.state).to.equal('RUNNING');
  });

  it('stop interrupts a backoff wait', async () => {
    const { clock, sup } = await setup({ start: [fail('nope')], starts: 0, value: 1 });
    const p = sup.start().catch((e: Error) => e);
    await step(clock, 100);
    expect(sup.state).to.equal('BACKOFF');
    await sup.stop();
    expect(sup.state).to.equal('STOPPED');
    expect(((await p) as Error).message).to.match(/cancelled by stop/);
  });

  it('a hanging status does not block: the view says so and keeps the last metrics', async () => {
    const script: Script = { start: [ok], starts: 0, value: 7 };
    const { clock, sup } = await setup(script);
    await sup.start();
    expect((await sup.view()).metrics).to.deep.equal({ value: 7 });
    script.status = () => new Promise(() => undefined);
    const v = sup.view();
    await step(clock, 1100);
    const view = await v;
    expect(view.metrics).to.deep.equal({ value: 7 });
    expect(view.message).to.match(/status did not finish within 1000 ms/);
  });

  it('set applies checked values; an adapter failure changes nothing and keeps its message', async () => {
    const script: Script = { start: [ok], starts: 0, value: 1 };
    const { sup } = await setup(script);
    await sup.start();
    await sup.set({ value: '5' });
    expect((await sup.view()).params).to.deep.equal({ value: '5' });
    const err = await sup.set({ value: '13' }).then(() => undefined, (e: Error) => e);
    expect(err?.message).to.match(/adapter 't' set failed: unlucky/);
    expect((await sup.view()).params).to.deep.equal({ value: '5' });
    expect(sup.state).to.equal('RUNNING');
  });

  it('a hanging stop ends FATAL with a timeout error', async () => {
    const { clock, sup } = await setup({ start: [ok], stop: hang, starts: 0, value: 1 });
    await sup.start();
    const p = sup.stop().then(() => undefined, (e: unknown) => e);
    await step(clock, 5100);
    expect(await p).to.be.instanceOf(AdapterTimeoutError);
    expect(sup.state).to.equal('FATAL');
  });

  it('refuses unknown options before creating anything', async () => {
    let err: unknown;
    try {
      await AdapterSupervisor.create('t', scripted({ start: [ok], starts: 0, value: 1 }), { bogus: true }, { log: quiet, stateDir: '/tmp' });
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(InvalidOptionsError);
    expect((err as Error).message).to.match(/unknown key 'bogus'/);
  });
});
