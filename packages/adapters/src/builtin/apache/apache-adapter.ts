import { defineAdapter } from '../../sdk/adapter.js';
import { ApacheInstance } from './apache-instance.js';
import { parseApacheOptions, type ApacheOptions } from './options.js';
import { ABS_PATH, LISTEN, MEMBER, SERVER_NAME } from './patterns.js';

/**
 * Apache httpd (Debian's /usr/sbin/apache2) from a generated, standalone config: a web
 * server, or a dispatcher that balances members with mod_proxy_balancer. Set writes a new
 * config, has httpd test it, reloads gracefully and proves the reload over HTTP; any
 * failure puts the previous config back.
 */
export const apacheAdapter = defineAdapter<ApacheOptions>({
  type: 'apache',
  description: 'Runs Apache httpd from a generated config as a web server or a balancing dispatcher; Set = config test + graceful reload, rolled back on failure.',
  roles: (o) => [o.role],
  params: {
    documentRoot: { type: 'string', pattern: ABS_PATH, description: 'the served folder: an absolute path the worker user can read' },
    serverName: { type: 'string', pattern: SERVER_NAME, description: 'ServerName: a host name, optionally with :PORT' },
    listen: { type: 'string', pattern: LISTEN, description: 'IP:PORT to listen on (an IPv4 or [IPv6] literal)' },
    members: {
      type: 'list', pattern: MEMBER,
      description: 'dispatcher only: balancer members IP:PORT[=WEIGHT]; weight 1-100 (default 1) is the share of requests, 0 drains the member (no new requests)',
    },
  },
  options: parseApacheOptions,
  create: (options, ctx) => new ApacheInstance(options, ctx),
});

export type { ApacheOptions } from './options.js';
