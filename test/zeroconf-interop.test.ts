import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'chai';
import { ROOT } from './helpers/lama-process.js';
import { NetnsLab, type NsProcess } from './helpers/netns.js';
import { TestPool } from './helpers/pool.js';

// Debian's python, where apt installs python3-zeroconf; `python3` on PATH may be another one.
const PYTHON = '/usr/bin/python3';
const BROWSER = join(ROOT, 'test', 'fixtures', 'zeroconf-browse.py');
// python-zeroconf only speaks the standard group and port, which is why this runs in namespaces only.
const STANDARD_MDNS = { group: '224.0.0.251', port: 5353 };

interface Resolved {
  event: 'resolved';
  name: string;
  server: string;
  addresses: string[];
  port: number;
  txtKeys: string[];
  from: 'cache' | 'request';
}

describe('interop: python-zeroconf sees the lookup service (system: two network namespaces, standard mDNS)', function () {
  this.timeout(60_000);
  const pool = new TestPool();
  let lab: NetnsLab;
  let lookup: NsProcess;
  let browser: NsProcess | undefined;

  before(() => {
    const probe = spawnSync(PYTHON, ['-c', 'import zeroconf'], { encoding: 'utf8', timeout: 10_000 });
    if (probe.status !== 0) {
      throw new Error(`${PYTHON} cannot import zeroconf (install the Debian package python3-zeroconf; scripts/test.sh does): ${probe.error?.message ?? probe.stderr.trim()}`);
    }
    lab = NetnsLab.create(2);
  });

  after(async () => {
    try {
      await browser?.stop('SIGKILL');
      await lab?.cleanup();
    } finally {
      pool.remove();
    }
  });

  it('a ServiceBrowser in another namespace lists the _lama._tcp instance with its host and port', async () => {
    const [a, b] = [lab.host(1), lab.host(2)];
    lookup = a.lama(['lookup', '--credential', pool.issue('lus-zc', 'lookup'), '--listen', `${a.address}:4160`,
      '--announce-interval-ms', '1000', ...a.mdnsFlags(STANDARD_MDNS)]);
    const listening = await lookup.waitForLog((l) => l.msg === 'lookup service listening');
    expect(listening.endpoint).to.equal(`${a.address}:4160`);

    browser = b.spawn(PYTHON, [BROWSER, '--interface', b.address, '--type', '_lama._tcp.local.', '--timeout', '20']);
    const line = await browser.waitForLog((l) => l.event === 'resolved' || l.event === 'timeout', 30_000);
    expect(line.event, `zeroconf did not resolve the instance: ${JSON.stringify(line)}; stderr: ${browser.stderr}`).to.equal('resolved');
    const found = line as unknown as Resolved;
    expect(found).to.include({ name: 'lus-zc._lama._tcp.local.', server: 'lus-zc.local.', port: 4160 });
    expect(found.addresses).to.deep.equal([a.address]);
    // The signed fields travel in TXT: a DNS-SD browser sees them as ordinary keys.
    expect(found.txtKeys).to.include.members(['v', 'k', 'id', 'ep', 'g', 'seq', 'ts', 'sig', 'c0']);
    expect(found.from, 'resolved from announcements alone').to.equal('cache');
    expect(await browser.exit()).to.equal(0);

    // zeroconf's own queries carry no LAMA credential: the lookup service hears them and does not answer.
    const refused = await lookup.waitForLog((l) => l.msg === 'discovery packet rejected' && String(l.from).startsWith(`${b.address}:`), 5000);
    expect(refused).to.include({ reason: 'credential', err: 'query without a LAMA credential' });
  });
});
