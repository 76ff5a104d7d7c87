import { request } from 'node:http';
import { expect } from 'chai';
import { systemClock } from '@lama/lookup';
import { InvalidOptionsError, InvalidParamError, loadAdapterFactory, parseParams, type AdapterContext, type AdapterInstance } from '../src/index.js';
import { redirectorAdapter } from '../src/builtin/index.js';
import { adapterConformance } from '../src/conformance/index.js';
import { SmoothWeightedRoundRobin } from '../src/builtin/redirector/smooth-weighted.js';

const quietCtx = (exits: string[] = []): AdapterContext => {
  const none = (): void => undefined;
  return { name: 'dispatcher', stateDir: '/nonexistent', clock: systemClock, exited: (r) => exits.push(r), log: { debug: none, info: none, warn: none, error: none } };
};

interface Answer { status: number; location: string | undefined; body: string }

function ask(port: number, path: string, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body }));
    });
    req.once('error', reject);
    req.end();
  });
}

/** n GETs one after the other; the members each was sent to, in order. */
async function targets(port: number, n: number, path = '/live'): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const a = await ask(port, path);
    expect(a.status, a.body).to.equal(302);
    const m = /^http:\/\/([^/]+)\//.exec(a.location ?? '');
    out.push(m ? m[1] : `?${a.location}`);
  }
  return out;
}

const tally = (xs: readonly string[]): Record<string, number> => xs.reduce<Record<string, number>>((t, x) => ({ ...t, [x]: (t[x] ?? 0) + 1 }), {});

const A = '127.0.0.1:18101';
const B = '127.0.0.1:18102';
const C = '127.0.0.1:18103';

adapterConformance('redirector (built-in)', () => ({
  factory: redirectorAdapter,
  options: { listen: '127.0.0.1:0', members: [A] },
  validParams: { members: `${A}=3,${B}=0,[::1]:18104` },
  invalidParams: { members: `${A},localhost:18102` },
}));

describe('smooth weighted round robin', () => {
  it("picks in nginx's order: {5,1,1} gives a a b a c a a, 3:1 gives A A B A", () => {
    const seq = (weights: Record<string, number>, n: number): string => {
      const b = new SmoothWeightedRoundRobin(Object.entries(weights).map(([name, weight]) => ({ name, weight })));
      return Array.from({ length: n }, () => b.next()?.name).join(' ');
    };
    expect(seq({ a: 5, b: 1, c: 1 }, 7)).to.equal('a a b a c a a');
    expect(seq({ A: 3, B: 1 }, 8)).to.equal('A A B A A A B A');
    expect(seq({ A: 1, B: 1, C: 1 }, 6)).to.equal('A B C A B C');
    expect(seq({ A: 3, D: 0, B: 1 }, 4)).to.equal('A A B A');
  });

  it('chooses nothing when no weight is above 0', () => {
    expect(new SmoothWeightedRoundRobin([{ weight: 0 }, { weight: 0 }]).next()).to.equal(undefined);
    expect(new SmoothWeightedRoundRobin([]).next()).to.equal(undefined);
  });
});

describe('redirector adapter', function () {
  this.timeout(20_000);
  const running: AdapterInstance[] = [];
  afterEach(async () => {
    for (const i of running.splice(0)) await i.stop();
  });

  const make = async (members: string[], exits?: string[]): Promise<{ a: AdapterInstance; port: number }> => {
    const a = await redirectorAdapter.create(redirectorAdapter.options({ listen: '127.0.0.1:0', members }), quietCtx(exits));
    running.push(a);
    await a.start();
    return { a, port: (await a.status()).port };
  };

  it('is a built-in by name with the dispatcher role; options are checked like the apache members', async () => {
    expect(await loadAdapterFactory('redirector')).to.equal(redirectorAdapter);
    expect(redirectorAdapter.rolesFor(redirectorAdapter.options({ listen: '127.0.0.1:0' }))).to.deep.equal(['dispatcher']);
    expect(redirectorAdapter.options({ listen: '127.0.0.1:8080' })).to.deep.equal({ listen: { host: '127.0.0.1', port: 8080 }, members: [] });
    expect(() => redirectorAdapter.options({ listen: '127.0.0.1:0', members: [A, A] })).to.throw(InvalidOptionsError, /'members'.*listed twice/);
    expect(() => redirectorAdapter.options({ listen: '127.0.0.1:0', members: ['x:1'] })).to.throw(InvalidOptionsError, /'members'/);
    expect(() => redirectorAdapter.options({ listen: '127.0.0.1:0', members: A })).to.throw(InvalidOptionsError, /'members' must be a list/);
    expect(() => redirectorAdapter.options({ members: [A] })).to.throw(InvalidOptionsError, /'listen' is required/);
  });

  it('splits 400 requests 3:1 exactly in the smooth weighted order, keeping the path and query', async () => {
    const { a, port } = await make([`${A}=3`, `${B}=1`]);
    const got = await targets(port, 400);
    const expected = Array.from({ length: 100 }, () => [A, A, B, A]).flat();
    expect(got).to.deep.equal(expected);
    expect(tally(got)).to.deep.equal({ [A]: 300, [B]: 100 });
    const one = await ask(port, '/live?x=1&y=%20');
    expect(one.location).to.equal(`http://${A}/live?x=1&y=%20`);
    const m = await a.status();
    expect(m.members).to.equal(2);
    expect(m.redirects).to.equal(401);
    expect(m[`member:${A}:elected`]).to.equal(301);
    expect(m[`member:${B}:elected`]).to.equal(100);
  });

  it('gives a drained member (weight 0) no new clients, and answers 503 with a reason when all are drained', async () => {
    const { a, port } = await make([`${A}=2`, `${B}=0`, C]);
    const got = await targets(port, 90);
    expect(tally(got)).to.deep.equal({ [A]: 60, [C]: 30 });
    const m = await a.status();
    expect(m.members).to.equal(2);
    expect(m.members_drained).to.equal(1);
    await a.set(parseParams('dispatcher', redirectorAdapter.params, { members: `${A}=0,${B}=0` }));
    const none = await ask(port, '/live');
    expect(none.status).to.equal(503);
    expect(none.body).to.equal('no member with weight > 0 (2 drained)\n');
    await a.set({ members: [] });
    const empty = await ask(port, '/live');
    expect(empty.status).to.equal(503);
    expect(empty.body.trim().split('\n')).to.have.length(1);
    expect((await a.status()).members).to.equal(0);
    expect((await a.status()).refused).to.equal(2);
  });

  it('refuses a bad members value with InvalidParamError and changes nothing', async () => {
    const { a, port } = await make([`${A}=3`, `${B}=1`]);
    for (const bad of [`${A},www.example.com:80`, `${A}=101`, '127.0.0.1:0', `${A}=1 `, `${A}\n`, `${A};${B}`, '["127.0.0.1:1", 2]']) {
      expect(() => parseParams('dispatcher', redirectorAdapter.params, { members: bad }), JSON.stringify(bad)).to.throw(InvalidParamError, /parameter 'members'/);
    }
    // What the SDK lets through but the list cannot mean: the same member twice.
    const twice = await a.set({ members: [A, `${A}=5`] }).then(() => undefined, (e: unknown) => e);
    expect(twice).to.be.instanceOf(InvalidParamError);
    expect((twice as Error).message).to.match(/parameter 'members': 127\.0\.0\.1:18101 is listed twice/);
    expect(a.params()).to.deep.equal({ members: [`${A}=3`, `${B}=1`] });
    expect(tally(await targets(port, 40))).to.deep.equal({ [A]: 30, [B]: 10 });
  });

  it('takes new members at once (the smooth order starts afresh), and counts redirects per second', async () => {
    const { a, port } = await make([A]);
    expect(await targets(port, 3)).to.deep.equal([A, A, A]);
    await a.set({ members: [A, B] });
    expect(await targets(port, 4)).to.deep.equal([A, B, A, B]);
    await new Promise((r) => setTimeout(r, 1100));
    const m = await a.status();
    expect(m.redirects).to.equal(7);
    expect(m.redirects_per_sec).to.be.greaterThan(0);
    expect((await ask(port, '/live', 'POST')).status).to.equal(405);
    expect((await ask(port, '/live', 'HEAD')).status).to.equal(302);
  });

  it('stop() closes the port; start() serves again; a stop is not reported as an exit', async () => {
    const exits: string[] = [];
    const { a, port } = await make([A], exits);
    await a.stop();
    expect(await a.status()).to.deep.equal({});
    const err = await ask(port, '/live').then(() => 'answered', (e: NodeJS.ErrnoException) => e.code);
    expect(err).to.equal('ECONNREFUSED');
    await a.start();
    const again = (await a.status()).port;
    expect((await ask(again, '/live')).location).to.equal(`http://${A}/live`);
    expect(exits).to.deep.equal([]);
  });
});
