import { spawnSync } from 'node:child_process';

// The benchmark's private network: a switch namespace with bridge lm13br, the file server
// (lm13-srv, 10.113.0.1) and nodes lm13-nI (10.113.0.10+I), every port a 100 Mbit/s tbf in
// both directions. No namespace has a default route; nothing touches the host's interfaces.

export const PREFIX = 'lm13-';
const SWITCH = `${PREFIX}sw`;
const BRIDGE = 'lm13br';
export const SERVER_NS = `${PREFIX}srv`;
export const SERVER_IP = '10.113.0.1';

/** Runs a command; throws with its stderr on failure. */
export function run(cmd: string, ...args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${(r.stderr ?? '').trim() || r.error?.message}`);
  return r.stdout;
}

/** Our namespaces that exist now. */
export function ourNamespaces(): string[] {
  return run('ip', 'netns', 'list').split('\n').map((l) => l.split(' ')[0] ?? '').filter((n) => n.startsWith(PREFIX));
}

/** Kills every process in our namespaces and deletes them (also what a crashed run left). */
export function sweep(): void {
  for (const ns of ourNamespaces()) {
    const pids = spawnSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' }).stdout ?? '';
    for (const pid of pids.split('\n').filter(Boolean)) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // gone
      }
    }
    spawnSync('ip', ['netns', 'del', ns]);
  }
}

/** A 100 Mbit/s port: tbf on the host's end and on the bridge's end (BENCH-NOTES' recipe). */
function shape(ns: string, dev: string, mbit: number): void {
  run('ip', 'netns', 'exec', ns, 'tc', 'qdisc', 'add', 'dev', dev, 'root', 'tbf', 'rate', `${mbit}mbit`, 'burst', '64kb', 'latency', '50ms');
}

function host(ns: string, ip: string, port: string, mbit: number): void {
  run('ip', 'netns', 'add', ns);
  run('ip', '-n', ns, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', port, 'netns', SWITCH);
  run('ip', '-n', ns, 'addr', 'add', `${ip}/24`, 'brd', '+', 'dev', 'eth0');
  run('ip', '-n', ns, 'link', 'set', 'eth0', 'up');
  run('ip', '-n', ns, 'link', 'set', 'lo', 'up');
  run('ip', '-n', SWITCH, 'link', 'set', port, 'master', BRIDGE);
  run('ip', '-n', SWITCH, 'link', 'set', port, 'up');
  shape(ns, 'eth0', mbit);
  shape(SWITCH, port, mbit);
}

/** Builds the switch, the server and `nodes` node namespaces; returns the node namespace names. */
export function buildLab(nodes: number, mbit = 100): string[] {
  sweep();
  run('ip', 'netns', 'add', SWITCH);
  run('ip', '-n', SWITCH, 'link', 'add', BRIDGE, 'type', 'bridge');
  run('ip', '-n', SWITCH, 'link', 'set', BRIDGE, 'up');
  host(SERVER_NS, SERVER_IP, 'psrv', mbit);
  const names: string[] = [];
  for (let i = 1; i <= nodes; i++) {
    const ns = `${PREFIX}n${i}`;
    host(ns, `10.113.0.${10 + i}`, `pn${i}`, mbit);
    names.push(ns);
  }
  return names;
}

/** Bytes the server's eth0 has sent. */
export function serverTxBytes(): number {
  return Number(run('ip', 'netns', 'exec', SERVER_NS, 'cat', '/sys/class/net/eth0/statistics/tx_bytes').trim());
}

/** Pids of every process in a namespace. */
export function pidsIn(ns: string): number[] {
  return (spawnSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' }).stdout ?? '').split('\n').filter(Boolean).map(Number);
}
