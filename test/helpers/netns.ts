import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { isRunning } from '@lama/testkit';
import { LAMA_BIN, LamaProcess } from './lama-process.js';

/**
 * A private network for system tests: N "hosts" (network namespaces) wired by veth pairs
 * to a bridge that lives in a switch namespace of its own. Nothing is linked to the
 * machine's real interfaces and no namespace has a default route, so multicast (even on
 * the standard mDNS group and port) and unicast stay inside.
 */

/**
 * Namespaces of this process are named <prefix>-<pid>-*; an earlier run's are recognised by a
 * dead pid. The prefixes in use: lama-nt (default), lm14t (the transfer tests) and lm17a (the
 * partition tests).
 */
const NAME_PATTERN = /^(?:lama-nt|lm14t|lm17a)-(\d+)-/;

/** Where a lab lives: its namespace name prefix and its /24 (three octets). */
export interface LabOptions {
  prefix?: 'lama-nt' | 'lm14t' | 'lm17a';
  subnet?: string;
}
/** Discovery confined to the lab: a non-standard group and port, like the loopback defaults. */
export const LAB_MDNS = { group: '239.255.76.99', port: 15999 } as const;

let subnets = 0;
const labs = new Set<NetnsLab>();
// A failing or interrupted test still leaves no namespace or process behind.
process.on('exit', () => {
  for (const lab of labs) lab.cleanupSync();
});

/** Runs `ip ARGS`; throws with ip's own message on failure. */
function ip(...args: string[]): string {
  const r = spawnSync('ip', args, { encoding: 'utf8', timeout: 10_000 });
  if (r.error) throw new Error(`ip ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`ip ${args.join(' ')} failed (${r.status}): ${r.stderr.trim()}`);
  return r.stdout;
}

function namespaces(): string[] {
  return ip('netns', 'list').split('\n').map((l) => l.split(' ')[0]).filter(Boolean);
}


/** Kills every process still in a namespace (ours, or an earlier crashed run's orphans) and deletes it. */
function removeNamespace(name: string): void {
  const pids = spawnSync('ip', ['netns', 'pids', name], { encoding: 'utf8', timeout: 10_000 }).stdout ?? '';
  for (const pid of pids.split('\n').filter(Boolean)) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  spawnSync('ip', ['netns', 'del', name], { timeout: 10_000 });
}

/** Deletes lab namespaces left by earlier runs that died before their cleanup (only names this helper makes). */
export function removeStaleNamespaces(): string[] {
  const stale = namespaces().filter((n) => {
    const m = NAME_PATTERN.exec(n);
    return m !== null && Number(m[1]) !== process.pid && !isRunning(Number(m[1]));
  });
  stale.forEach(removeNamespace);
  return stale;
}

/** The output of a command run to completion. */
export interface RunResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A process started in a namespace: the one process wrapper, keeping its whole stdout too. */
export class NsProcess extends LamaProcess {
  stdout = '';

  constructor(child: ChildProcess, readonly label: string) {
    super(label, child);
    child.stdout?.on('data', (chunk: Buffer | string) => { this.stdout += String(chunk); });
  }

  get running(): boolean {
    return this.alive;
  }
}

/** One namespace on the lab's bridge. */
export class LabHost {
  constructor(private readonly lab: NetnsLab, readonly ns: string, readonly address: string) {}

  /** Discovery flags for this host: its own interface, the lab's group and port (flags override the loopback env defaults). */
  mdnsFlags(mdns: { group: string; port: number } = LAB_MDNS): string[] {
    return ['--mdns-interface', this.address, '--mdns-group', mdns.group, '--mdns-port', String(mdns.port)];
  }

  /**
   * Cuts this host off (eth0 down: a partition, its processes keep running) or reconnects it.
   * Taking the link down drops its routes; bringing it up restores the subnet's and re-adds the group route.
   */
  link(up: boolean): void {
    ip('-n', this.ns, 'link', 'set', 'eth0', up ? 'up' : 'down');
    if (up) ip('-n', this.ns, 'route', 'replace', '224.0.0.0/4', 'dev', 'eth0');
  }

  /** Starts CMD ARGS in this namespace. */
  spawn(cmd: string, args: string[], label = `${cmd} in ${this.ns}`): NsProcess {
    return this.lab.track(new NsProcess(spawn('ip', ['netns', 'exec', this.ns, cmd, ...args], { env: this.env(), stdio: ['ignore', 'pipe', 'pipe'] }), label));
  }

  /** Starts `lama ARGS` in this namespace. */
  lama(args: string[]): NsProcess {
    return this.spawn(process.execPath, [LAMA_BIN, ...args], `lama ${args[0]} in ${this.ns}`);
  }

  /** Runs CMD ARGS in this namespace to completion, killing it after timeoutMs. */
  async run(cmd: string, args: string[], timeoutMs = 30_000): Promise<RunResult> {
    const p = this.spawn(cmd, args);
    const t = setTimeout(() => p.child.kill('SIGKILL'), timeoutMs);
    await p.exit();
    clearTimeout(t);
    return { status: p.child.exitCode, signal: p.child.signalCode, stdout: p.stdout, stderr: p.stderr };
  }

  /** Runs `lama ARGS` in this namespace to completion. */
  runLama(args: string[], timeoutMs = 30_000): Promise<RunResult> {
    return this.run(process.execPath, [LAMA_BIN, ...args], timeoutMs);
  }

  // The loopback defaults that test-env.cjs exports would point discovery at this namespace's
  // own lo; point them at this host's interface instead, in case a flag is forgotten.
  private env(): NodeJS.ProcessEnv {
    return { ...process.env, LAMA_MDNS_INTERFACE: this.address, LAMA_MDNS_GROUP: LAB_MDNS.group, LAMA_MDNS_PORT: String(LAB_MDNS.port) };
  }
}

/** N host namespaces on a bridge in a switch namespace; cleanup() removes all of it. */
export class NetnsLab {
  readonly prefix: string;
  readonly switchNs: string;
  readonly hosts: LabHost[] = [];
  readonly subnet: string;
  private readonly made: string[] = [];
  private readonly processes = new Set<NsProcess>();
  private cleaned = false;

  private constructor(options: LabOptions) {
    subnets++;
    this.prefix = `${options.prefix ?? 'lama-nt'}-${process.pid}-${subnets}-`;
    this.switchNs = `${this.prefix}sw`;
    this.subnet = options.subnet ?? `10.250.${subnets}`;
  }

  /**
   * Builds the lab: hosts h1..hN with eth0 = <subnet>.i/24. Throws (so the test fails, it does
   * not skip) when a namespace cannot be made; whatever was made by then is removed.
   */
  static create(hostCount: number, options: LabOptions = {}): NetnsLab {
    removeStaleNamespaces();
    const lab = new NetnsLab(options);
    labs.add(lab);
    try {
      lab.addNamespace(lab.switchNs);
      ip('-n', lab.switchNs, 'link', 'add', 'br0', 'type', 'bridge');
      // Without a multicast querier on the link, snooping could hold back group traffic: flood it.
      ip('-n', lab.switchNs, 'link', 'set', 'br0', 'type', 'bridge', 'mcast_snooping', '0');
      ip('-n', lab.switchNs, 'link', 'set', 'br0', 'up');
      for (let i = 1; i <= hostCount; i++) {
        const ns = `${lab.prefix}h${i}`;
        const address = `${lab.subnet}.${i}`;
        lab.addNamespace(ns);
        // Both ends are created straight in the lab's namespaces: the host's own interfaces are never touched.
        ip('-n', ns, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', `p${i}`, 'netns', lab.switchNs);
        ip('-n', ns, 'addr', 'add', `${address}/24`, 'dev', 'eth0');
        ip('-n', ns, 'link', 'set', 'eth0', 'up');
        // Group traffic leaves by eth0 even for a sender that names no interface; there is still no default route.
        ip('-n', ns, 'route', 'add', '224.0.0.0/4', 'dev', 'eth0');
        ip('-n', lab.switchNs, 'link', 'set', `p${i}`, 'master', 'br0');
        ip('-n', lab.switchNs, 'link', 'set', `p${i}`, 'up');
        lab.hosts.push(new LabHost(lab, ns, address));
      }
    } catch (err) {
      lab.cleanupSync();
      throw err;
    }
    return lab;
  }

  /** Host i, counted from 1 like the namespace names and addresses. */
  host(i: number): LabHost {
    const h = this.hosts[i - 1];
    if (!h) throw new Error(`the lab has ${this.hosts.length} hosts, not ${i}`);
    return h;
  }

  /** The lab's namespaces that exist now (for tests of the lab itself). */
  existing(): string[] {
    return namespaces().filter((n) => n.startsWith(this.prefix));
  }

  /** @internal Remembers a process so that cleanup stops it. */
  track(p: NsProcess): NsProcess {
    if (this.cleaned) {
      p.child.kill('SIGKILL');
      throw new Error(`the lab ${this.prefix} was already removed`);
    }
    this.processes.add(p);
    return p;
  }

  /** Stops the lab's processes (SIGTERM, then SIGKILL), then removes every namespace. Idempotent. */
  async cleanup(): Promise<void> {
    await Promise.all([...this.processes].map((p) => p.stop('SIGTERM', 2000)));
    this.cleanupSync();
  }

  /** Kills the lab's processes and removes every namespace at once (for the exit handler). Idempotent. */
  cleanupSync(): void {
    if (this.cleaned) return;
    this.cleaned = true;
    for (const p of this.processes) if (p.running) p.child.kill('SIGKILL');
    // Deleting a namespace deletes the veth ends in it, and with them their peers.
    for (const ns of this.made.reverse()) removeNamespace(ns);
    labs.delete(this);
  }

  private addNamespace(name: string): void {
    ip('netns', 'add', name);
    this.made.push(name);
    ip('-n', name, 'link', 'set', 'lo', 'up');
  }
}
