import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sleep } from '@lama/testkit';
import { run, type NetLab } from './netlab.js';

const MODULES = '/usr/lib/apache2/modules';

/** Debian's apache2 serving `docRoot` as static files in the lab's server namespace (the paper's Tier 3). */
export async function startApache(lab: NetLab, docRoot: string, serverRoot: string, port: number): Promise<ChildProcess> {
  const { serverIp, serverNs } = lab;
  mkdirSync(join(serverRoot, 'logs'), { recursive: true });
  const conf = join(serverRoot, 'httpd.conf');
  writeFileSync(conf, [
    `ServerRoot "${serverRoot}"`, `PidFile "${serverRoot}/httpd.pid"`, `DefaultRuntimeDir "${serverRoot}"`, `ErrorLog "${serverRoot}/logs/error.log"`,
    ...['mpm_event', 'authz_core'].map((m) => `LoadModule ${m}_module "${MODULES}/mod_${m}.so"`),
    'User www-data', 'Group www-data', `Listen ${serverIp}:${port}`, `ServerName ${serverNs}`,
    'KeepAlive On', 'MaxKeepAliveRequests 0', 'KeepAliveTimeout 30',
    // Enough threads for every node's connections at once (12 nodes x 8).
    'StartServers 2', 'ServerLimit 8', 'ThreadsPerChild 32', 'MaxRequestWorkers 256', 'MinSpareThreads 32', 'MaxSpareThreads 256',
    'EnableSendfile On', `DocumentRoot "${docRoot}"`,
    '<Directory "/">', '  Require all denied', '</Directory>',
    `<Directory "${docRoot}">`, '  Require all granted', '</Directory>',
  ].join('\n') + '\n');
  run('/usr/sbin/apache2', '-t', '-f', conf);
  const child = spawn('ip', ['netns', 'exec', serverNs, '/usr/sbin/apache2', '-f', conf, '-DFOREGROUND'], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const r = spawnSync('ip', ['netns', 'exec', serverNs, 'curl', '-s', '-o', '/dev/null', '-w', '%{http_code}', `http://${serverIp}:${port}/index.json`], { encoding: 'utf8' });
    if (r.stdout.trim() === '200') return child;
    await sleep(100);
  }
  throw new Error('apache2 did not answer within 10 s');
}
