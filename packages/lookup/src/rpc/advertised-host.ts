import { networkInterfaces } from 'node:os';

/**
 * The host to put in an endpoint others will dial: the listen host itself, unless that is a
 * wildcard; then advertiseHost, else the mDNS interface, else the first non-internal IPv4.
 */
export function advertisedHost(host: string, advertiseHost?: string, mdnsInterface?: string): string {
  if (host !== '0.0.0.0' && host !== '::' && host !== '[::]') return host;
  if (advertiseHost) return advertiseHost;
  if (mdnsInterface) return mdnsInterface;
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '127.0.0.1';
}
