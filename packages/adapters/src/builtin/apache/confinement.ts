// What a controller may point httpd at: the operator lists the folders a DocumentRoot may lie
// in and the addresses it may listen on. Without the lists, a Set could serve /etc to the LAN.

import { realpath } from 'node:fs/promises';
import { ParamNotAllowedError } from '../../sdk/errors.js';
import { IPV4_SOURCE, IPV6_SOURCE, PORT_SOURCE } from '@lama/lookup';
import { DescribedPattern } from './patterns.js';

/** Where a DocumentRoot may lie unless the operator's allowedRoots says otherwise. */
export const DEFAULT_ALLOWED_ROOTS: readonly string[] = ['/var/www', '/srv'];
/** What httpd may listen on unless the operator's allowedListen says otherwise: loopback only. */
export const DEFAULT_ALLOWED_LISTEN: readonly string[] = ['127.0.0.1', '[::1]'];

/** An allowedListen entry: an IP literal (any port) or IP:PORT. */
export const LISTEN_RULE = new DescribedPattern(
  `^(?:${IPV4_SOURCE}|${IPV6_SOURCE})(?::${PORT_SOURCE})?$`,
  'an IP literal (any port) or IP:PORT, e.g. 127.0.0.1, [::1]:8080, 0.0.0.0',
);

/** Splits IP:PORT (the LISTEN pattern's shape) into its address, as written, and its port. */
function splitListen(listen: string): { ip: string; port: string } {
  const colon = listen.lastIndexOf(':');
  return { ip: listen.slice(0, colon).toLowerCase(), port: listen.slice(colon + 1) };
}

/** True when listen (IP:PORT) matches a rule: the same address and, if the rule names one, the same port. 0.0.0.0 matches only itself. */
export function listenAllowed(listen: string, rules: readonly string[]): boolean {
  const { ip, port } = splitListen(listen);
  return rules.some((rule) => {
    const r = rule.toLowerCase();
    // A rule with a port ends in :PORT after the address (an IPv6 rule's port follows its ']').
    const hasPort = r.startsWith('[') ? r.includes(']:') : r.includes(':');
    return hasPort ? r === `${ip}:${port}` : r === ip;
  });
}

/** True when path is root or lies below it (both absolute, without . or .. segments). */
function below(path: string, root: string): boolean {
  const p = path.replace(/\/+$/, '') || '/';
  const r = root.replace(/\/+$/, '') || '/';
  return r === '/' || p === r || p.startsWith(`${r}/`);
}

/** True when the path, as written, lies within one of the roots. */
export function withinRoots(path: string, roots: readonly string[]): boolean {
  return roots.some((root) => below(path, root));
}

/**
 * Refuses a DocumentRoot outside the roots, as written and once every symlink is resolved
 * (a link under /var/www to /etc is outside). Roots are resolved too: /srv may be a link.
 */
export async function confineDocumentRoot(dir: string, roots: readonly string[]): Promise<void> {
  const outside = (): ParamNotAllowedError => new ParamNotAllowedError('documentRoot', `${dir} is outside the allowed roots (${roots.join(', ')})`);
  if (!withinRoots(dir, roots)) throw outside();
  let real: string;
  try {
    real = await realpath(dir);
  } catch (err) {
    // checkReadable reports a folder that does not exist, with its reason.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  const realRoots = await Promise.all(roots.map((r) => realpath(r).catch(() => undefined)));
  if (!realRoots.some((r) => r !== undefined && below(real, r))) {
    throw new ParamNotAllowedError('documentRoot', `${dir} resolves to ${real}, outside the allowed roots (${roots.join(', ')})`);
  }
}

/** Refuses a listen address that no allowedListen rule matches. */
export function confineListen(listen: string, rules: readonly string[]): void {
  if (!listenAllowed(listen, rules)) throw new ParamNotAllowedError('listen', `${listen} is not an allowed address (${rules.join(', ')})`);
}
