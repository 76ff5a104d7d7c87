import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { AdapterSupervisor, type AdapterLogger } from '@lama/adapters';
import { afsMapperAdapter, apacheAdapter } from '@lama/adapters/builtin';
import { freePort, treeDigest, treeSnapshot } from '@lama/testkit';
import { killApacheByPidFile } from './helpers/apache-leftovers.js';
import { getLoopback } from './helpers/http-tally.js';

// Seed 000 §3 end to end: an Apache site lives in a shared tree that mirrors the staging
// server's disk. The mapper links its configuration and document root, recreates its log and
// run directories (mktree), and a post-mapping script writes the node's own Listen and
// ServerName; Debian's apache2 (through the apache adapter) then serves the site. Cleaning
// gives the local root back exactly: same paths, types, modes and link targets.

describe('afs-mapper deploys an Apache site from a shared tree (Debian apache2 on loopback)', function () {
  this.timeout(60_000);
  const scratch = mkdtempSync(join(tmpdir(), 'lama-afs-apache-'));
  // The workers run as www-data and must reach the document root through the links.
  chmodSync(scratch, 0o755);
  const shared = join(scratch, 'afs', 'site');
  const local = join(scratch, 'node-root');
  const serverRoot = join(local, 'var/run/site/httpd');
  const lines: string[] = [];
  const log: AdapterLogger = { debug: () => undefined, info: (m) => lines.push(m), warn: (m) => lines.push(`warn: ${m}`), error: (m) => lines.push(`error: ${m}`) };
  const sups: AdapterSupervisor[] = [];

  const write = (path: string, text: string, mode = 0o644): void => {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text, { mode });
    chmodSync(path, mode);
  };

  after(async () => {
    for (const s of sups.reverse()) await s.close();
    killApacheByPidFile(join(serverRoot, 'run/httpd.pid'));
    rmSync(scratch, { recursive: true, force: true });
  });

  it('maps the site, apache2 serves it on the port the script chose, and cleaning restores the local root', async () => {
    // The shared tree (the relocated installation, §3 phase 2).
    write(join(shared, 'etc/apache2-site/site.json'), JSON.stringify({ modules: [], readyTimeoutMs: 10_000 }));
    write(join(shared, 'var/www/site/index.html'), '<h1>the Mayflower site</h1>');
    write(join(shared, 'var/www/site/img/logo.txt'), 'logo');
    mkdirSync(join(shared, 'var/log/site'), { recursive: true });
    mkdirSync(join(shared, 'var/run/site/httpd/run'), { recursive: true });
    mkdirSync(join(shared, 'var/run/site/httpd/logs'), { recursive: true });
    // The post-mapping script: the node's own Listen (from its machine-specific config, which stays local) and ServerName.
    write(join(shared, 'scripts/node-config.sh'), [
      '#!/bin/sh', 'set -eu', 'root="$LAMA_LOCAL/../../.."', 'port=$(cat "$root/etc/node/http-port")',
      'printf \'{"listen":"127.0.0.1:%s","serverName":"%s.%s.lama.test"}\\n\' "$port" "$LAMA_NODE" "$LAMA_SITE" > "$LAMA_LOCAL/node.json"',
      'echo "configured $LAMA_SITE on $LAMA_NODE: port $port" | tee -a "$root/var/log/site/deploy.log"', '',
    ].join('\n'), 0o755);
    const mapping = join(shared, 'khnum.yaml');
    write(mapping, [
      '- {shared: etc/apache2-site, local: LOCAL/etc/apache2-site, policy: mklink}',
      '- {shared: var/www/site, local: LOCAL/var/www/site, policy: mkdir}',
      '- {shared: var/log/site, local: LOCAL/var/log/site, policy: mktree}',
      '- {shared: var/run/site, local: LOCAL/var/run/site, policy: mktree, script: ../../../scripts/node-config.sh}', '',
    ].join('\n').replaceAll('LOCAL', local));

    // The node's disk before deployment: the base system's directories and its own config.
    for (const d of ['etc', 'var/www', 'var/log', 'var/run']) mkdirSync(join(local, d), { recursive: true, mode: 0o755 });
    chmodSync(local, 0o755);
    const port = await freePort();
    write(join(local, 'etc/node/http-port'), `${port}\n`);
    const before = treeDigest(local);
    const beforeSnapshot = treeSnapshot(local);
    const sharedBefore = treeDigest(shared);

    const state = join(scratch, 'state');
    const mapper = await AdapterSupervisor.create('files', afsMapperAdapter, {
      mapping, shared, site: 'mayflower', node: 'node-7', allowedRoots: [local], sharedRoots: [join(scratch, 'afs')],
    }, { log, stateDir: state }, { startRetries: 0 });
    sups.push(mapper);
    await mapper.start();
    expect(readlinkSync(join(local, 'etc/apache2-site'))).to.equal(join(shared, 'etc/apache2-site'));
    expect(readlinkSync(join(local, 'var/www/site/index.html'))).to.equal(join(shared, 'var/www/site/index.html'));
    expect(treeSnapshot(join(local, 'var/run/site')).get('httpd/logs')?.type).to.equal('dir');
    expect(lines).to.include(`script ${join(shared, 'scripts/node-config.sh')}: configured mayflower on node-7: port ${port}`);
    const metrics = (await mapper.view()).metrics;
    expect(metrics).to.include({ links: 3, scripts_run: 1, conflicts: 0 });

    // The site's services start from what the mapping put in place: configuration through
    // the link, the node's own Listen and ServerName from the script.
    const site = JSON.parse(readFileSync(join(local, 'etc/apache2-site/site.json'), 'utf8')) as Record<string, unknown>;
    const node = JSON.parse(readFileSync(join(local, 'var/run/site/node.json'), 'utf8')) as { listen: string; serverName: string };
    expect(node).to.deep.equal({ listen: `127.0.0.1:${port}`, serverName: 'node-7.mayflower.lama.test' });
    const web = await AdapterSupervisor.create('web', apacheAdapter, {
      ...site, ...node, documentRoot: join(local, 'var/www/site'), serverRoot, allowedRoots: [local],
    }, { log, stateDir: join(scratch, 'apache-state') }, { startRetries: 0 });
    sups.push(web);
    await web.start();
    expect(await getLoopback(port, '/')).to.deep.equal({ status: 200, body: '<h1>the Mayflower site</h1>' });
    expect(await getLoopback(port, '/img/logo.txt')).to.deep.equal({ status: 200, body: 'logo' });
    // httpd wrote its pid and error log into the mktree directories.
    expect(existsSync(join(serverRoot, 'run/httpd.pid'))).to.equal(true);
    expect(existsSync(join(serverRoot, 'logs/error.log'))).to.equal(true);

    // Cleaning (§3.1): the services stop, then the mapper removes what deployment made,
    // with what the applications wrote into the mktree directories.
    await web.stop();
    await mapper.stop();
    const after = treeSnapshot(local);
    expect([...after.keys()]).to.deep.equal([...beforeSnapshot.keys()]);
    expect(treeDigest(local), 'paths, types, modes and link targets').to.equal(before);
    expect(treeDigest(shared), 'the shared tree is untouched').to.equal(sharedBefore);
    expect(lines.some((l) => l.startsWith('cleaned ') && l.endsWith(', 0 kept'))).to.equal(true);
  });
});
