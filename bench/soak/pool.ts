import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Role } from '@lama/lookup';
import { LAMA_BIN, LamaProcess, type LogLine } from '@lama/testkit/process';
import type { NetLab } from '../lib/netlab.js';

// The soak's pool, like the demo's but every daemon in a network namespace of its own on the
// lab's bridge (so that one agent's link can go down): a lookup service, the grand agent (with
// its embedded lookup service: two in the group), a dispatcher agent (the redirector) and
// streaming agents (the sim-stream adapter), and the listeners' workload. Discovery runs by
// multicast on the namespaces' eth0 (our group and port); the daemons' environment still
// names the loopback group, should a flag be missing.

/** Our loopback group and port (brief): the environment of every lama process. */
export const MDNS = { group: '239.255.76.135', port: 16135 } as const;
const ENV = { LAMA_MDNS_INTERFACE: '127.0.0.1', LAMA_MDNS_GROUP: MDNS.group, LAMA_MDNS_PORT: String(MDNS.port) };
const PORT = 7000;
const STREAM_PORT = 8000;
const MOUNT = '/live';

/** The pool's settings. */
export interface SoakPoolOptions {
  dir: string;
  streamingNodes: number;
  leaseMs: number;
  listeners: number;
  capacityPerNode: number;
  cred: (name: string, roles: Role[]) => string;
}

/** A daemon of the pool: its name, its namespace, how to start it again, and every incarnation. */
export interface Daemon {
  name: string;
  kind: 'lookup' | 'grand' | 'agent';
  ns: string;
  ip: string;
  incarnations: LamaProcess[];
  start: () => LamaProcess;
}

/** The lab's host indices: n1 lookup, n2 grand agent, n3 dispatcher, n4.. streaming; the workload in the server namespace. */
export class SoakPool {
  readonly daemons: Daemon[] = [];
  workload: LamaProcess | undefined;
  private readonly all: LamaProcess[] = [];

  constructor(private readonly lab: NetLab, private readonly o: SoakPoolOptions) {
    mkdirSync(join(o.dir, 'logs'), { recursive: true });
    const mdns = (ip: string): string[] => ['--mdns-interface', ip, '--mdns-group', MDNS.group, '--mdns-port', String(MDNS.port)];
    const add = (name: string, kind: Daemon['kind'], i: number, args: (ip: string) => string[]): void => {
      const ns = lab.nodeNs(i);
      const ip = lab.nodeIp(i);
      const d: Daemon = { name, kind, ns, ip, incarnations: [], start: () => {
        const p = this.spawn(ns, `${name}-${d.incarnations.length + 1}`, [...args(ip), ...mdns(ip)]);
        d.incarnations.push(p);
        return p;
      } };
      this.daemons.push(d);
    };
    add('lookup', 'lookup', 1, (ip) => ['lookup', '--credential', o.cred('lookup', ['lookup']), '--listen', `${ip}:${PORT}`, '--announce-interval-ms', '2000']);
    const grandConfig = join(o.dir, 'grand.json');
    writeFileSync(grandConfig, JSON.stringify({
      name: 'grand', credential: o.cred('grand', ['lookup', 'controller']), listen: `${lab.nodeIp(2)}:${PORT}`, announceIntervalMs: 2000,
      monitor: { intervalMs: 2000 },
      services: [{
        name: 'radio', role: 'streaming-server', metric: 'stream.listeners', adapter: 'stream', capacityPerNode: o.capacityPerNode,
        minNodes: 1, maxNodes: o.streamingNodes, periodMs: 2000, cooldownAddMs: 4000, cooldownReleaseMs: 12_000, leadTimeMs: 0, predictor: { kind: 'threshold' },
        dispatcher: { node: 'dispatcher', adapter: 'dispatch', param: 'members', drainMs: 1000 },
      }],
    }, null, 2));
    add('grand', 'grand', 2, () => ['grand', '--config', grandConfig, '--node-lease-ms', String(o.leaseMs)]);
    const agent = (name: string, ip: string, adapter: object, attributes: object[] = []): string[] => [
      'agent', '--name', name, '--credential', o.cred(name, ['agent']), '--listen', `${ip}:${PORT}`, '--lease-ms', String(o.leaseMs), '--metrics-interval-ms', '2000',
      '--state-dir', join(o.dir, 'state', name), '--adapter', JSON.stringify(adapter), ...attributes.flatMap((a) => ['--attribute', JSON.stringify(a)]),
    ];
    add('dispatcher', 'agent', 3, (ip) => agent('dispatcher', ip, { name: 'dispatch', module: 'redirector', autostart: true, options: { listen: `${ip}:${STREAM_PORT}` } }));
    for (let k = 1; k <= o.streamingNodes; k++) {
      add(`stream-${k}`, 'agent', 3 + k, (ip) => agent(`stream-${k}`, ip, { name: 'stream', module: 'sim-stream', options: { listen: `${ip}:${STREAM_PORT}`, mount: MOUNT, bitsPerSec: 16_000 } },
        [{ type: 'lama.Endpoint', fields: { adapter: 'stream', endpoint: `${ip}:${STREAM_PORT}` } }]));
    }
  }

  /** Namespaces the pool needs: one per daemon. */
  static hosts(streamingNodes: number): number {
    return 3 + streamingNodes;
  }

  /** The daemon of that name. */
  daemon(name: string): Daemon {
    const d = this.daemons.find((x) => x.name === name);
    if (!d) throw new Error(`no daemon ${name}`);
    return d;
  }

  /** The running incarnation of a daemon. */
  current(name: string): LamaProcess {
    return this.daemon(name).incarnations.at(-1) as LamaProcess;
  }

  /** Streaming agents' names. */
  get streaming(): string[] {
    return this.daemons.filter((d) => d.name.startsWith('stream-')).map((d) => d.name);
  }

  /** Starts every daemon (lookup, grand agent, agents), waits for each agent's registration and the first add, then the workload. */
  async start(): Promise<void> {
    const [lookup, grand, ...agents] = this.daemons as [Daemon, Daemon, ...Daemon[]];
    await lookup.start().waitForLog((l) => l.msg === 'lookup service listening', 30_000, 'lookup service listening');
    await grand.start().waitForLog((l) => l.msg === 'grand agent running', 30_000, 'grand agent running');
    await Promise.all(agents.map((a) => registeredAtBoth(a.start())));
    await grand.incarnations[0]!.waitForLog((l) => /^add \S+: done$/.test(String(l.msg)), 60_000, 'the first add');
    this.workload = LamaProcess.spawn('ip', ['netns', 'exec', this.lab.serverNs, process.execPath, join(import.meta.dirname, 'workload.js'),
      `http://${this.lab.nodeIp(3)}:${STREAM_PORT}${MOUNT}`, String(this.o.listeners), this.lab.names.net], { name: 'workload', ownGroup: true, logFile: join(this.o.dir, 'logs', 'workload.log') });
    this.all.push(this.workload);
  }

  /** The workload's latest counts line. */
  listeners(): LogLine | undefined {
    return this.workload?.logs.findLast((l) => l.msg === 'listeners');
  }

  /** Stops everything: the workload, the agents (their leases are cancelled), the grand agent, the lookup service. */
  async stop(): Promise<void> {
    await this.workload?.stop('SIGTERM', 5000);
    const live = (kind: Daemon['kind']): LamaProcess[] => this.daemons.filter((d) => d.kind === kind).flatMap((d) => d.incarnations.filter((p) => p.alive));
    await Promise.all(live('agent').map((p) => p.stop('SIGTERM', 8000)));
    await Promise.all([...live('grand'), ...live('lookup')].map((p) => p.stop('SIGTERM', 8000)));
  }

  /** SIGKILLs every process group started (for the exit hook). */
  killAll(): void {
    for (const p of this.all) {
      try {
        if (p.alive) process.kill(-(p.child.pid as number), 'SIGKILL');
      } catch {
        // gone
      }
    }
  }

  private spawn(ns: string, label: string, args: string[]): LamaProcess {
    // `ip netns exec` execs node in place: the pid is the daemon's own.
    const p = LamaProcess.spawn('ip', ['netns', 'exec', ns, process.execPath, LAMA_BIN, ...args], { name: label, ownGroup: true, env: { ...process.env, ...ENV }, logFile: join(this.o.dir, 'logs', `${label}.log`) });
    this.all.push(p);
    return p;
  }
}

/** Resolves once an agent incarnation has registered with both lookup services (since `since`, ms epoch). */
export async function registeredAtBoth(p: LamaProcess, timeoutMs = 60_000, since = 0): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (new Set(p.logs.filter((l) => l.msg === 'registered' && Number(l.time) >= since).map((l) => l.lookup)).size < 2) {
    p.assertAlive();
    if (Date.now() > end) throw new Error(`${p.name}: not registered with both lookup services within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
