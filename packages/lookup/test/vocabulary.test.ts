import { expect } from 'chai';
import {
  checkGroup, delay, every, formatHostPort, formatMembers, InvalidArgumentError, isHostPort, parseHostPort, parseMembers, parseRelayFrom, VirtualClock,
} from '../src/index.js';

describe('vocabulary', () => {
  it('HOST:PORT: names and IPs (IPv6 in brackets), port 0-65535', () => {
    expect(parseHostPort('127.0.0.1:4170')).to.deep.equal({ host: '127.0.0.1', port: 4170 });
    expect(parseHostPort('[::1]:80')).to.deep.equal({ host: '::1', port: 80 });
    expect(parseHostPort('lookup.example_1:0')).to.deep.equal({ host: 'lookup.example_1', port: 0 });
    for (const bad of ['nohost', 'a:65536', ':80', 'a b:1', '::1:80', 'a:1/x']) expect(isHostPort(bad), bad).to.equal(false);
    expect(formatHostPort('::1', 80)).to.equal('[::1]:80');
    expect(formatHostPort('10.0.0.1', 80)).to.equal('10.0.0.1:80');
  });

  it('group names are DNS labels', () => {
    expect(checkGroup('pool-a')).to.equal('pool-a');
    for (const bad of ['Pool', '-a', 'a-', '', 'a'.repeat(64), 'a_b']) expect(() => checkGroup(bad), bad).to.throw(InvalidArgumentError, /DNS label/);
  });

  it('dispatcher members: items or the parameter text (JSON array or comma-separated), one contract', () => {
    const m = parseMembers('127.0.0.1:8001, 127.0.0.1:8002=3,,127.0.0.1:8003=0');
    expect(m.map((x) => [x.address, x.weight])).to.deep.equal([['127.0.0.1:8001', 1], ['127.0.0.1:8002', 3], ['127.0.0.1:8003', 0]]);
    expect(formatMembers(m)).to.equal('127.0.0.1:8001,127.0.0.1:8002=3,127.0.0.1:8003=0');
    expect(parseMembers('')).to.deep.equal([]);
    expect(parseMembers(undefined)).to.deep.equal([]);
    // Status reports a list parameter as a JSON array.
    expect(parseMembers('["127.0.0.1:8001","[::1]:8002=0"]').map((x) => [x.address, x.weight])).to.deep.equal([['127.0.0.1:8001', 1], ['[::1]:8002', 0]]);
    expect(parseMembers('[]')).to.deep.equal([]);
    expect(parseMembers(['127.0.0.1:8001=100'])).to.deep.equal([{ host: '127.0.0.1', port: 8001, weight: 100, address: '127.0.0.1:8001' }]);
    expect(() => parseMembers(['127.0.0.1:1', 'localhost:2'])).to.throw(InvalidArgumentError, /'localhost:2' is not IP:PORT\[=WEIGHT\]/);
    expect(() => parseMembers('127.0.0.1:1=2,127.0.0.1:1=5')).to.throw(InvalidArgumentError, /127\.0\.0\.1:1 is listed twice/);
    expect(() => parseMembers('127.0.0.1:1=101')).to.throw(InvalidArgumentError);
    expect(() => parseMembers('[1, 2]')).to.throw(InvalidArgumentError, /not a JSON array of strings/);
  });

  it('RelayFrom: HOST:PORT/MOUNT or empty', () => {
    expect(parseRelayFrom('src.local:8000/live/hi.mp3')).to.deep.equal({ host: 'src.local', port: 8000, mount: '/live/hi.mp3' });
    expect(parseRelayFrom('')).to.equal(null);
    for (const bad of ['http://a:1/x', 'a:1', 'a:70000/x', '[::1]:80/x']) expect(parseRelayFrom(bad), bad).to.equal(undefined);
    // No '.' or '..' segment, plain or percent-encoded; dots inside a name are fine.
    for (const bad of ['a:1/..', 'a:1/.', 'a:1/live/../admin', 'a:1/./x', 'a:1/%2e%2e/admin', 'a:1/%2E%2E']) expect(parseRelayFrom(bad), bad).to.equal(undefined);
    expect(parseRelayFrom('a:1/..live/a.b./.x')?.mount).to.equal('/..live/a.b./.x');
  });
});

describe('clock helpers', () => {
  it('every() beats on its period until cancelled; delay() resolves on virtual time', async () => {
    const clock = new VirtualClock(0);
    const beats: number[] = [];
    const t = every(clock, 100, () => beats.push(clock.now()));
    clock.advance(350);
    expect(beats).to.deep.equal([100, 200, 300]);
    t.cancel();
    clock.advance(1000);
    expect(beats).to.have.length(3);
    expect(clock.pending()).to.equal(0);
    let done = false;
    const d = delay(clock, 50).then(() => { done = true; });
    clock.advance(49);
    await Promise.resolve();
    expect(done).to.equal(false);
    clock.advance(1);
    await d;
    expect(done).to.equal(true);
  });
});
