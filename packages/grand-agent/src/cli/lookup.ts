import { resolve } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_LOOKUP_PORT, DEFAULT_MAX_LEASE_MS, LookupServer, loadCredential, toB64u } from '@lama/lookup';
import { createLogger } from '../daemon/logger.js';
import { onShutdown } from '../daemon/shutdown.js';
import { LamaCommand, hostPort, intArg } from './options.js';

/** `lama lookup`: run a lookup service. */
export function lookupCommand(): Command {
  return new LamaCommand('lookup')
    .description('run a lookup service: the registrar of leased service items, served over gRPC')
    .requiredOption('--credential <file>', "this lookup service's credential (role 'lookup')")
    .option('--listen <host:port>', 'address to serve on (port 0 picks a free one)', hostPort, `0.0.0.0:${DEFAULT_LOOKUP_PORT}`)
    .option('--max-lease-ms <n>', 'longest lease granted, in ms', intArg(1), DEFAULT_MAX_LEASE_MS)
    .option('--log-level <level>', 'trace, debug, info, warn, error or silent', 'info')
    .action(async (o: { credential: string; listen: string; maxLeaseMs: number; logLevel: string }) => {
      const log = createLogger('lama-lookup', o.logLevel);
      const credential = loadCredential(resolve(o.credential));
      const server = new LookupServer({ credential, listen: o.listen, maxLeaseMs: o.maxLeaseMs });
      server.on('rejected', (method, err) => log.warn({ method, err: err.message }, 'call rejected'));
      server.on('change', (c) => {
        if (!c.after) log.info({ serviceId: c.serviceId, owner: c.before?.owner, reason: c.reason, revision: c.revision }, 'item removed');
        else if (!c.before) log.debug({ serviceId: c.serviceId, owner: c.after.owner, revision: c.revision }, 'item registered');
      });
      const endpoint = await server.start();
      log.info({ endpoint, registrarId: server.registrar.registrarId, pool: toB64u(credential.poolPublicKey), credentialName: credential.certificate.name, maxLeaseMs: o.maxLeaseMs }, 'lookup service listening');
      onShutdown(log, async () => {
        await server.stop();
      });
    });
}
