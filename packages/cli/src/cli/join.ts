import { resolve } from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { JoinManager, NAME_ENTRY, ROLE_ENTRY, loadCredential, type Entry } from '@lama/lookup';
import { createLogger } from '../daemon/logger.js';
import { onShutdown } from '../daemon/shutdown.js';
import { addDiscoveryOptions, discoveryFromFlags, type DiscoveryFlags } from './discovery-flags.js';
import { LamaCommand, collect, hostPort, intArg } from './options.js';

interface JoinFlags extends DiscoveryFlags {
  credential: string;
  name?: string;
  role?: string[];
  endpoint?: string;
  type: string[];
  attr?: Entry[];
  leaseMs: number;
  logLevel: string;
}

/** Parses TYPE:key=value,key=value. */
function entryArg(value: string, previous: Entry[] = []): Entry[] {
  const m = /^([A-Za-z_][A-Za-z0-9_.-]*):(.*)$/.exec(value);
  if (!m) throw new InvalidArgumentError(`'${value}' is not TYPE:key=value,...`);
  const fields: Record<string, string> = {};
  for (const pair of m[2] ? m[2].split(',') : []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new InvalidArgumentError(`'${pair}' in '${value}' is not key=value`);
    fields[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return [...previous, { type: m[1], fields }];
}

/** `lama join`: keep a service item registered with every lookup service of the groups. */
export function joinCommand(): Command {
  const cmd = new LamaCommand('join')
    .description('register a service item with every discovered lookup service and keep its leases alive until stopped (SIGTERM cancels them)')
    .requiredOption('--credential <file>', "credential with role 'agent' (the item is bound to its name)")
    .option('--name <name>', 'lama.Name of the item (default: the credential name)')
    .option('--role <role>', 'a role the service plays (repeatable)', collect)
    .option('--endpoint <host:port>', 'where the service answers', hostPort)
    .option('--type <name>', 'service type the item implements (repeatable)', collect, [])
    .option('--attr <type:k=v,...>', 'extra attribute entry (repeatable)', entryArg)
    .option('--lease-ms <n>', 'requested lease duration in ms', intArg(1), 10_000)
    .option('--log-level <level>', 'trace, debug, info, warn, error or silent', 'info');
  addDiscoveryOptions(cmd);
  return cmd.action(async (f: JoinFlags) => {
    const log = createLogger('lama-join', f.logLevel);
    const credential = loadCredential(resolve(f.credential));
    const discovery = discoveryFromFlags(f, credential);
    const name = f.name ?? credential.certificate.name;
    const attributes: Entry[] = [
      { type: NAME_ENTRY, fields: { name } },
      ...(f.role ?? []).flatMap((r) => r.split(',')).map((role) => ({ type: ROLE_ENTRY, fields: { role } })),
      ...(f.attr ?? []),
    ];
    const join = new JoinManager({ credential, discovery, leaseMs: f.leaseMs, item: { serviceTypes: f.type.length ? f.type : ['lama.Service'], endpoint: f.endpoint ?? '', attributes } });
    discovery.events.subscribe((e) => log.info({ lookup: e.lookup.name, endpoint: e.lookup.endpoint, source: e.lookup.source, ...(e.type === 'discarded' ? { reason: e.reason } : {}) }, `lookup service ${e.type}`));
    discovery.on('rejected', (reason, message) => log.debug({ reason, err: message }, 'discovery packet rejected'));
    join.on('registered', (l, leaseId) => log.info({ lookup: l.name, endpoint: l.endpoint, serviceId: join.serviceId, leaseId }, 'registered'));
    join.on('lost', (l, reason) => log.warn({ lookup: l.name, reason }, 'registration lost'));
    join.on('failed', (l, err) => log.debug({ lookup: l.name, err: err.message }, 'registration attempt failed'));
    onShutdown(log, async () => {
      await join.terminate();
      await discovery.stop();
    });
    await discovery.start();
    join.start();
    log.info({ node: name, serviceId: join.serviceId }, 'joining');
  });
}
