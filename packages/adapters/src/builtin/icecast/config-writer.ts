import { chmod, chown, rename, writeFile } from 'node:fs/promises';
import type { RelayTarget } from '@lama/lookup';

/** Everything icecast.xml is rendered from. */
export interface IcecastConfig {
  /** Written to <location>, which /admin/stats echoes: proves which config the server runs. */
  location: string;
  hostname: string;
  listen: { host: string; port: number };
  clients: number;
  sources: number;
  maxListeners: number;
  sourcePassword: string;
  adminPassword: string;
  /** Mounts that get their own <mount> section (a HUP updates running sources only through those). */
  mounts: readonly string[];
  relay: RelayTarget | null;
  /** Seconds between retries of a relay that could not pull (icecast's <master-update-interval>). */
  relayRetrySeconds: number;
  shareDir: string;
  logDir: string;
  /** Set when icecast starts as root: it refuses to keep root and switches to this account. */
  changeOwner?: { user: string; group: string };
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escapes text for an XML element or attribute. */
export function xmlEscape(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

const el = (name: string, value: string | number): string => `<${name}>${xmlEscape(String(value))}</${name}>`;

/** Renders icecast.xml. Every value is escaped; the caller has validated it as well. */
export function renderIcecastConfig(c: IcecastConfig): string {
  const wildcard = c.listen.host === '0.0.0.0' || c.listen.host === '::';
  const lines = [
    '<icecast>',
    `  ${el('location', c.location)}`,
    `  ${el('admin', 'lama@localhost')}`,
    `  ${el('hostname', c.hostname)}`,
    '  <limits>',
    `    ${el('clients', c.clients)}`,
    `    ${el('sources', c.sources)}`,
    '    <queue-size>524288</queue-size>',
    '    <client-timeout>30</client-timeout>',
    '    <header-timeout>15</header-timeout>',
    '    <source-timeout>10</source-timeout>',
    '    <burst-size>65535</burst-size>',
    '  </limits>',
    '  <authentication>',
    `    ${el('source-password', c.sourcePassword)}`,
    `    ${el('admin-user', 'admin')}`,
    `    ${el('admin-password', c.adminPassword)}`,
    '  </authentication>',
    '  <listen-socket>',
    `    ${el('port', c.listen.port)}`,
    ...(wildcard ? [] : [`    ${el('bind-address', c.listen.host)}`]),
    '  </listen-socket>',
    '  <fileserve>1</fileserve>',
    // icecast waits this long before it retries a relay whose pull failed (and re-reads its relay list, which is cheap).
    `  ${el('master-update-interval', c.relayRetrySeconds)}`,
    '  <paths>',
    `    ${el('basedir', c.shareDir)}`,
    `    ${el('logdir', c.logDir)}`,
    `    ${el('webroot', `${c.shareDir}/web`)}`,
    `    ${el('adminroot', `${c.shareDir}/admin`)}`,
    '  </paths>',
    // "-" sends both logs to stderr, which the adapter reads: no log files to own or rotate.
    '  <logging><accesslog>-</accesslog><errorlog>-</errorlog><loglevel>3</loglevel><logsize>10000</logsize></logging>',
    '  <security>',
    '    <chroot>0</chroot>',
    ...(c.changeOwner ? [`    <changeowner>${el('user', c.changeOwner.user)}${el('group', c.changeOwner.group)}</changeowner>`] : []),
    '  </security>',
    // The default mount reaches sources that connect later; a HUP does not apply it to running ones.
    `  <mount type="default">${el('max-listeners', c.maxListeners)}</mount>`,
    ...c.mounts.map((m) => `  <mount type="normal">${el('mount-name', m)}${el('max-listeners', c.maxListeners)}</mount>`),
  ];
  if (c.relay) {
    lines.push(
      '  <relay>',
      `    ${el('server', c.relay.host)}`,
      `    ${el('port', c.relay.port)}`,
      `    ${el('mount', c.relay.mount)}`,
      `    ${el('local-mount', c.relay.mount)}`,
      '    <on-demand>0</on-demand>',
      '    <relay-shoutcast-metadata>0</relay-shoutcast-metadata>',
      '  </relay>',
    );
  }
  lines.push('</icecast>', '');
  return lines.join('\n');
}

/**
 * Replaces the config file in one step (a HUP never reads half a file). It holds passwords:
 * readable by its owner only, or also by icecast's group when icecast drops root, because a
 * HUP makes icecast re-read it after the switch.
 */
export async function writeIcecastConfig(path: string, xml: string, gid?: number): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, xml, { mode: 0o600 });
  if (gid !== undefined) {
    await chown(tmp, 0, gid);
    await chmod(tmp, 0o640);
  }
  await rename(tmp, path);
}
