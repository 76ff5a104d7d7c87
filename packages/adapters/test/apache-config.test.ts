import { expect } from 'chai';
import { parseMembers as parseMemberList } from '@lama/lookup';
import { InvalidOptionsError, InvalidParamError, parseParams } from '../src/index.js';
import { apacheAdapter } from '../src/builtin/index.js';
import { quote, renderConfig, serverRootLayout, UnsafeConfigValueError } from '../src/builtin/apache/config-writer.js';
import { parseStatusPage, StatusRates } from '../src/builtin/apache/mod-status.js';
import { parseMembersParam as parseMembers } from '../src/builtin/apache/patterns.js';

const parseMember = (text: string) => parseMemberList([text])[0];

const set = (raw: Record<string, string>) => parseParams('web', apacheAdapter.params, raw);

// What an attacker (or a typo) might try to get into httpd.conf through Set.
const INJECTIONS = [
  'evil"\nInclude /etc/passwd',
  'evil" Include /etc/passwd',
  '127.0.0.1:80" loadfactor=1\nInclude "/etc/passwd',
  '${HOME}',
  '127.0.0.1:80 #',
  '127.0.0.1:80\\',
  '<Directory />',
  'a b',
];

describe('apache adapter: values that reach httpd.conf', () => {
  it('accepts members as IP:PORT[=WEIGHT] with weight 0-100, comma-separated or JSON', () => {
    expect(set({ members: '127.0.0.1:8081,127.0.0.1:8082=3,[::1]:8083=0' }).members).to.deep.equal(['127.0.0.1:8081', '127.0.0.1:8082=3', '[::1]:8083=0']);
    expect(set({ members: '["10.0.0.1:80=100"]' }).members).to.deep.equal(['10.0.0.1:80=100']);
    expect(set({ members: '' }).members).to.deep.equal([]);
    expect(parseMember('127.0.0.1:8082=3')).to.deep.equal({ host: '127.0.0.1', port: 8082, weight: 3, address: '127.0.0.1:8082' });
    expect(parseMember('127.0.0.1:8082')?.weight).to.equal(1);
  });

  it('refuses bad members, naming the key and saying what is expected', () => {
    for (const bad of ['127.0.0.1:80=101', '127.0.0.1:0', '127.0.0.1:65536', '256.0.0.1:80', 'www.example.com:80', 'no-such-host.invalid:80', '127.0.0.1', '127.0.0.1:80=-1', '127.0.0.1:80=1.5', ...INJECTIONS]) {
      expect(() => set({ members: bad }), bad).to.throw(InvalidParamError, /parameter 'members'/);
    }
    expect(() => set({ members: 'www.example.com:80' })).to.throw(/does not match IP:PORT\[=WEIGHT\] \(an IP literal, port 1-65535, weight 0-100\)/);
  });

  it('parses a members list into weights, refusing a bad item or a member listed twice', () => {
    expect(parseMembers(['127.0.0.1:8081=3', '[::1]:8082=0', '127.0.0.1:8083'])).to.deep.equal([
      { host: '127.0.0.1', port: 8081, weight: 3, address: '127.0.0.1:8081' },
      { host: '[::1]', port: 8082, weight: 0, address: '[::1]:8082' },
      { host: '127.0.0.1', port: 8083, weight: 1, address: '127.0.0.1:8083' },
    ]);
    expect(parseMembers([])).to.deep.equal([]);
    expect(() => parseMembers(['127.0.0.1:8081', 'localhost:8082'])).to.throw(InvalidParamError, /parameter 'members': 'localhost:8082' is not IP:PORT\[=WEIGHT\]/);
    expect(() => parseMembers(['127.0.0.1:8081=2', '127.0.0.1:8081=5'])).to.throw(InvalidParamError, /127\.0\.0\.1:8081 is listed twice/);
  });

  it('refuses injection and malformed values in every parameter', () => {
    for (const key of ['documentRoot', 'serverName', 'listen']) {
      for (const bad of INJECTIONS) expect(() => set({ [key]: bad }), `${key}=${bad}`).to.throw(InvalidParamError, new RegExp(`parameter '${key}'`));
    }
    for (const bad of ['relative/www', '/srv/../etc', '/srv/./www', '/srv//www', '/srv/w w', '/srv/$x']) expect(() => set({ documentRoot: bad }), bad).to.throw(InvalidParamError);
    for (const bad of ['localhost:80', '127.0.0.1', '127.0.0.1:99999', '*:80']) expect(() => set({ listen: bad }), bad).to.throw(InvalidParamError);
    for (const bad of ['-bad.example', 'a..b', 'x:0', 'under_score.example']) expect(() => set({ serverName: bad }), bad).to.throw(InvalidParamError);
    expect(set({ documentRoot: '/srv/www-1/site.v2', serverName: 'www.example.test:8080', listen: '[::1]:8080' })).to.deep.equal({
      documentRoot: '/srv/www-1/site.v2', serverName: 'www.example.test:8080', listen: '[::1]:8080',
    });
  });

  it('quote() refuses what could break out of a quoted argument, even if a pattern let it through', () => {
    expect(quote('/srv/www')).to.equal('"/srv/www"');
    for (const bad of ['a"b', 'a\\b', 'a\nb', '${X}']) expect(() => quote(bad), bad).to.throw(UnsafeConfigValueError);
  });

  it('writes a standalone config: private paths, the run user, a loopback-only status page, weighted and drained members', () => {
    const layout = serverRootLayout('/var/lib/lama/web/httpd');
    const text = renderConfig({
      role: 'dispatcher', listen: '127.0.0.1:18080', serverName: 'lb.example.test', documentRoot: '/srv/www',
      members: ['127.0.0.1:18081=3', '127.0.0.1:18082=0', '[::1]:18083'].map((m) => parseMember(m)),
      modulesDir: '/usr/lib/apache2/modules', extraModules: ['rewrite', 'status'], user: 'www-data', group: 'www-data', token: 'abc123',
    }, layout);
    expect(text).to.contain('ServerRoot "/var/lib/lama/web/httpd"\n');
    expect(text).to.contain('PidFile "/var/lib/lama/web/httpd/run/httpd.pid"\n');
    expect(text).to.contain('DefaultRuntimeDir "/var/lib/lama/web/httpd/run"\n');
    expect(text).to.contain('User "www-data"\nGroup "www-data"\n');
    expect(text).to.contain('Listen "127.0.0.1:18080"\n');
    expect(text).to.contain('<Location "/server-status">\n  SetHandler server-status\n  Require local\n  Header always set x-lama-config "abc123"\n</Location>');
    expect(text).to.contain('  BalancerMember "http://127.0.0.1:18081" loadfactor=3 retry=5\n');
    expect(text).to.contain('  BalancerMember "http://127.0.0.1:18082" loadfactor=1 status=+N retry=5\n');
    expect(text).to.contain('  BalancerMember "http://[::1]:18083" loadfactor=1 retry=5\n');
    expect(text.indexOf('ProxyPass "/server-status" !')).to.be.lessThan(text.indexOf('ProxyPass "/" "balancer://lama/"'));
    expect(text.match(/LoadModule status_module/g)).to.have.length(1);
    expect(text).to.contain('LoadModule rewrite_module "/usr/lib/apache2/modules/mod_rewrite.so"');
    expect(text).to.not.match(/\/etc\/apache2/);
    const web = renderConfig({
      role: 'web-server', listen: '127.0.0.1:18080', serverName: 'localhost', documentRoot: '/srv/www', members: [],
      modulesDir: '/usr/lib/apache2/modules', extraModules: [], token: 't',
    }, layout);
    expect(web).to.not.match(/Proxy|BalancerMember|^User /m);
  });

  it('validates options, naming the key; unknown keys are refused', () => {
    const ok = { listen: '127.0.0.1:18080', documentRoot: '/srv/www' };
    expect(apacheAdapter.options(ok)).to.include({ role: 'web-server', serverName: 'localhost', binary: '/usr/sbin/apache2', modulesDir: '/usr/lib/apache2/modules' });
    expect(apacheAdapter.rolesFor(apacheAdapter.options({ listen: '127.0.0.1:1', role: 'dispatcher' }))).to.deep.equal(['dispatcher']);
    const bad: [unknown, RegExp][] = [
      [{ ...ok, colour: 'blue' }, /unknown key 'colour'/],
      [{ documentRoot: '/srv/www' }, /'listen' is required/],
      [{ listen: '127.0.0.1:18080' }, /'documentRoot' is required for the web-server role/],
      [{ ...ok, role: 'proxy' }, /'role' must be 'web-server' or 'dispatcher'/],
      [{ ...ok, listen: 'localhost:80' }, /'listen' must be IP:PORT/],
      [{ ...ok, members: ['127.0.0.1:80'] }, /'members' is for the dispatcher role only/],
      [{ listen: '127.0.0.1:1', role: 'dispatcher', members: ['evil"\nInclude /etc/passwd'] }, /'members' must be a list, each IP:PORT\[=WEIGHT\]/],
      [{ ...ok, serverName: 'a"b' }, /'serverName' must be a host name/],
      [{ ...ok, modules: ['../../tmp/evil'] }, /'modules' must be a list, each a module name/],
      [{ ...ok, user: 'root"', group: 'root' }, /'user' must be an account name/],
      [{ ...ok, user: 'nobody' }, /'user' and 'group' go together/],
      [{ ...ok, readyTimeoutMs: 5 }, /'readyTimeoutMs' must be an integer/],
      ['127.0.0.1:80', /options must be an object/],
    ];
    for (const [raw, message] of bad) expect(() => apacheAdapter.options(raw), JSON.stringify(raw)).to.throw(InvalidOptionsError, message);
  });
});

const PAGE = (accesses: number, kBytes: number, busy = 1) => `127.0.0.1
ServerVersion: Apache/2.4.71 (Debian)
ServerMPM: event
ServerUptimeSeconds: 42
Total Accesses: ${accesses}
Total kBytes: ${kBytes}
ReqPerSec: 999
BytesPerSec: 999999
BusyWorkers: ${busy}
IdleWorkers: 24
Scoreboard: W_______
ProxyBalancer[0]Name: balancer://lama
ProxyBalancer[0]Worker[0]Name: http://127.0.0.1:18181
ProxyBalancer[0]Worker[0]Status: Init Ok 
ProxyBalancer[0]Worker[0]Elected: 30
ProxyBalancer[0]Worker[0]Busy: 2
ProxyBalancer[0]Worker[1]Name: http://127.0.0.1:18182
ProxyBalancer[0]Worker[1]Status: Init Drn Ok 
ProxyBalancer[0]Worker[1]Elected: 10
ProxyBalancer[0]Worker[1]Busy: 0
`;

describe('apache adapter: mod_status ?auto', () => {
  it('parses the counters, the workers and the balancer members', () => {
    const s = parseStatusPage(PAGE(40, 12, 3), 1000);
    expect(s).to.include({ totalAccesses: 40, totalKBytes: 12, busyWorkers: 3, idleWorkers: 24, uptimeSeconds: 42 });
    expect([...s.members]).to.deep.equal([
      ['127.0.0.1:18181', { elected: 30, busy: 2, status: 'Init Ok' }],
      ['127.0.0.1:18182', { elected: 10, busy: 0, status: 'Init Drn Ok' }],
    ]);
    expect(() => parseStatusPage('<html>It works!</html>', 0)).to.throw(/no number 'Total Accesses'/);
  });

  it('computes rates from counter deltas, not the since-start averages, without its own requests', () => {
    const r = new StatusRates(1000);
    const first = r.sample(parseStatusPage(PAGE(100, 50), 10_000), 1000);
    expect(first).to.include({ requests_per_sec: 0, bytes_per_sec: 0, busy_workers: 0, idle_workers: 24 });
    expect(first['member:127.0.0.1:18181:elected']).to.equal(30);
    // 2 s later: 100 more accesses, of which the previous status page and one probe were ours.
    r.countOwn(1000);
    const second = r.sample(parseStatusPage(PAGE(202, 250), 12_000), 1000);
    expect(second.requests_per_sec).to.equal(50);
    expect(second.bytes_per_sec).to.equal((200 * 1024 - 2000) / 2);
    expect(second.bits_per_sec).to.equal(second.bytes_per_sec * 8);
    // Within the minimum window the last rates stand and the baseline stays.
    expect(r.sample(parseStatusPage(PAGE(203, 250), 12_300), 1000).requests_per_sec).to.equal(50);
    // Idle for a while: only our own two status pages were counted.
    expect(r.sample(parseStatusPage(PAGE(204, 251), 14_000), 1000)).to.include({ requests_per_sec: 0, bytes_per_sec: 0 });
    // Counters that go back mean httpd restarted: a new baseline, no negative rates.
    r.sample(parseStatusPage(PAGE(300, 400), 15_000), 1000);
    expect(r.sample(parseStatusPage(PAGE(3, 1), 16_000), 1000)).to.include({ requests_per_sec: 0, bytes_per_sec: 0 });
  });
});
