import { spawn, spawnSync } from 'node:child_process';

// A benchmark's private network (BENCH-NOTES' recipe): a switch namespace with a bridge
// (multicast snooping off, so groups are forwarded), a server namespace at .1 and nodes, every
// port a tbf in both directions. No namespace has a default route; nothing touches the host's
// interfaces. Each bench owns a prefix, a bridge and a /24, and sweeps its prefix at start.

/** Runs a command; throws with its stderr on failure. */
export function run(cmd: string, ...args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${(r.stderr ?? '').trim() || r.error?.message}`);
  return r.stdout;
}

/** Pids of every process in a namespace. */
export function pidsIn(ns: string): number[] {
  return (spawnSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' }).stdout ?? '').split('\n').filter(Boolean).map(Number);
}

/** A command's outcome. */
export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs CMD in namespace ns with extra environment; resolves with its exit code, stdout and stderr. */
export function inNs(ns: string, cmd: string, args: string[], env: Record<string, string> = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const c = spawn('ip', ['netns', 'exec', ns, cmd, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (d: Buffer) => { stdout += String(d); });
    c.stderr.on('data', (d: Buffer) => { stderr += String(d); });
    c.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A lab's names: namespace prefix (`lm13-`), bridge, and the first three octets of its /24 (`10.113.0`). */
export interface LabNames {
  prefix: string;
  bridge: string;
  net: string;
}

/** One bench's network namespaces. */
export class NetLab {
  readonly switchNs: string;
  readonly serverNs: string;
  readonly serverIp: string;

  constructor(readonly names: LabNames) {
    this.switchNs = `${names.prefix}sw`;
    this.serverNs = `${names.prefix}srv`;
    this.serverIp = `${names.net}.1`;
  }

  /** Node i's namespace (1-based). */
  nodeNs(i: number): string {
    return `${this.names.prefix}n${i}`;
  }

  /** Node i's address: .10+i. */
  nodeIp(i: number): string {
    return `${this.names.net}.${10 + i}`;
  }

  /** Our namespaces that exist now. */
  namespaces(): string[] {
    return run('ip', 'netns', 'list').split('\n').map((l) => l.split(' ')[0] ?? '').filter((n) => n.startsWith(this.names.prefix));
  }

  /** Kills every process in our namespaces and deletes them (also what a crashed run left). */
  sweep(): void {
    for (const ns of this.namespaces()) {
      for (const pid of pidsIn(ns)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone
        }
      }
      spawnSync('ip', ['netns', 'del', ns]);
    }
  }

  /** Builds the switch, the server and `nodes` node namespaces; returns the node namespace names. */
  build(nodes: number, mbit = 100): string[] {
    this.sweep();
    run('ip', 'netns', 'add', this.switchNs);
    run('ip', '-n', this.switchNs, 'link', 'add', this.names.bridge, 'type', 'bridge');
    // With snooping on, groups are not forwarded reliably (BENCH-NOTES).
    run('ip', '-n', this.switchNs, 'link', 'set', this.names.bridge, 'type', 'bridge', 'mcast_snooping', '0');
    run('ip', '-n', this.switchNs, 'link', 'set', this.names.bridge, 'up');
    this.host(this.serverNs, this.serverIp, 'psrv', mbit);
    const names: string[] = [];
    for (let i = 1; i <= nodes; i++) {
      this.host(this.nodeNs(i), this.nodeIp(i), `pn${i}`, mbit);
      names.push(this.nodeNs(i));
    }
    return names;
  }

  /**
   * Cuts namespace ns off (eth0 down: a partition, its processes keep running) or reconnects it.
   * Taking the link down drops its routes; bringing it up restores the subnet's, and the group route is added again.
   */
  setLink(ns: string, up: boolean): void {
    run('ip', '-n', ns, 'link', 'set', 'eth0', up ? 'up' : 'down');
    if (up) run('ip', '-n', ns, 'route', 'replace', '224.0.0.0/4', 'dev', 'eth0');
  }

  /** Bytes the server's eth0 has sent. */
  serverTxBytes(): number {
    return Number(run('ip', 'netns', 'exec', this.serverNs, 'cat', '/sys/class/net/eth0/statistics/tx_bytes').trim());
  }

  /** A port of `mbit` Mbit/s: tbf on the host's end and on the bridge's end. */
  private shape(ns: string, dev: string, mbit: number): void {
    run('ip', 'netns', 'exec', ns, 'tc', 'qdisc', 'add', 'dev', dev, 'root', 'tbf', 'rate', `${mbit}mbit`, 'burst', '64kb', 'latency', '50ms');
  }

  private host(ns: string, ip: string, port: string, mbit: number): void {
    const sw = this.switchNs;
    run('ip', 'netns', 'add', ns);
    run('ip', '-n', ns, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', port, 'netns', sw);
    // A broadcast address and a multicast route: multicast senders need both (BENCH-NOTES).
    run('ip', '-n', ns, 'addr', 'add', `${ip}/24`, 'brd', '+', 'dev', 'eth0');
    run('ip', '-n', ns, 'link', 'set', 'eth0', 'up');
    run('ip', '-n', ns, 'link', 'set', 'lo', 'up');
    run('ip', '-n', ns, 'route', 'add', '224.0.0.0/4', 'dev', 'eth0');
    run('ip', '-n', sw, 'link', 'set', port, 'master', this.names.bridge);
    run('ip', '-n', sw, 'link', 'set', port, 'up');
    this.shape(ns, 'eth0', mbit);
    this.shape(sw, port, mbit);
  }
}

/** Least-squares slope of y over x. */
export function fitSlope(points: [number, number][]): number {
  const n = points.length;
  if (n < 2) return NaN;
  const mx = points.reduce((s, p) => s + p[0], 0) / n;
  const my = points.reduce((s, p) => s + p[1], 0) / n;
  const num = points.reduce((s, p) => s + (p[0] - mx) * (p[1] - my), 0);
  const den = points.reduce((s, p) => s + (p[0] - mx) ** 2, 0);
  return num / den;
}
