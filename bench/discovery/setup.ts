import { loopbackMdns, type MdnsOptions } from '@lama/lookup';
import { LamaChild } from './processes.js';
import type { BenchPool } from './pool.js';

/** How the benchmark's processes are started. */
export interface BenchConfig {
  joiners: number;
  /** Sizes of the in-process scenario. */
  inProcessJoiners: number[];
  singleRuns: number;
  leaseMs: number;
  announceIntervalMs: number;
  /** Multicast port and group; always on the loopback interface, TTL 1. */
  mdnsPort: number;
  mdnsGroup: string;
}

/** Starts `lama lookup` and `lama join` processes that discover each other on loopback only. */
export class Launcher {
  private readonly mdnsFlags: string[];
  // Safety net as in the tests: a flag forgotten here still keeps multicast on loopback.
  private readonly env: NodeJS.ProcessEnv;

  constructor(readonly config: BenchConfig, private readonly pool: BenchPool, readonly lookupPort: number, private readonly lookupCredential: string) {
    if (!/^239\.255\.76\.\d{1,3}$/.test(config.mdnsGroup) || config.mdnsPort === 5353) throw new Error('benchmark multicast must use a 239.255.76.x group and a non-standard port');
    this.mdnsFlags = ['--mdns-interface', '127.0.0.1', '--mdns-port', String(config.mdnsPort), '--mdns-group', config.mdnsGroup];
    this.env = { LAMA_MDNS_INTERFACE: '127.0.0.1', LAMA_MDNS_PORT: String(config.mdnsPort), LAMA_MDNS_GROUP: config.mdnsGroup };
  }

  /** The discovery options an in-process joiner uses to reach the same lookup service. */
  get mdns(): MdnsOptions {
    return loopbackMdns(this.config.mdnsPort, this.config.mdnsGroup);
  }

  get endpoint(): string {
    return `127.0.0.1:${this.lookupPort}`;
  }

  /** `lama lookup` on the fixed port (so a restart comes back at the same endpoint, with the same service ID). */
  lookup(): LamaChild {
    return new LamaChild([
      'lookup', '--credential', this.lookupCredential, '--listen', this.endpoint, ...this.mdnsFlags,
      '--announce-interval-ms', String(this.config.announceIntervalMs),
    ], this.env);
  }

  /** A credential file for a joiner; issued ahead, so spawning many joiners is nothing but spawn() calls. */
  credentialFile(name: string): string {
    return this.pool.issueFile(name, 'agent');
  }

  /** `lama join` at debug level, so failed registration attempts show in its log. */
  join(credentialFile: string): LamaChild {
    return new LamaChild([
      'join', '--credential', credentialFile, ...this.mdnsFlags, '--lease-ms', String(this.config.leaseMs), '--log-level', 'debug',
    ], this.env);
  }
}

/** Per-joiner latencies, all in ms. */
export interface JoinerTimes {
  /** Spawn -> first log line (node start-up and module loading; discovery is already running then). */
  bootMs?: number;
  /** Spawn -> 'lookup service discovered'. */
  discoveredMs?: number;
  /** Spawn -> 'registered'. */
  registeredMs?: number;
  /** First log line -> 'lookup service discovered'. */
  netDiscoveryMs?: number;
  /** First log line -> 'registered'. */
  netRegisteredMs?: number;
}

export function joinerTimes(j: LamaChild): JoinerTimes {
  const first = j.logs.find((l) => typeof l.time === 'number')?.time;
  const discovered = j.timeOf('lookup service discovered');
  const registered = j.timeOf('registered');
  const since = (t: number | undefined, from: number | undefined): number | undefined => (t === undefined || from === undefined ? undefined : t - from);
  return {
    bootMs: since(first, j.spawnAt),
    discoveredMs: since(discovered, j.spawnAt),
    registeredMs: since(registered, j.spawnAt),
    netDiscoveryMs: since(discovered, first),
    netRegisteredMs: since(registered, first),
  };
}

/** The defined values of one field over many joiners. */
export function column(times: JoinerTimes[], key: keyof JoinerTimes): number[] {
  return times.map((t) => t[key]).filter((v): v is number => v !== undefined);
}

export function progress(message: string): void {
  process.stderr.write(`[bench discovery] ${message}\n`);
}
