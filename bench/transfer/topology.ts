import { spawnSync } from 'node:child_process';

/**
 * The benchmark's private network: a switch namespace with bridge lm14br (multicast snooping
 * off), a sender namespace lm14s (10.114.0.1) and receiver namespaces lm14r1..N
 * (10.114.0.11...), every port a 100 Mbit/s full-duplex link: tbf on the host's eth0 and on
 * its bridge end (BENCH-NOTES.md). No namespace has a route out.
 */
export const PREFIX = 'lm14';
export const SWITCH = `${PREFIX}sw`;
export const SENDER = `${PREFIX}s`;
export const SENDER_IP = '10.114.0.1';
export const receiverNs = (i: number) => `${PREFIX}r${i}`;
export const receiverIp = (i: number) => `10.114.0.${10 + i}`;
const TBF = ['tbf', 'rate', '100mbit', 'burst', '64kb', 'latency', '50ms'];

function ip(...args: string[]): string {
  const r = spawnSync('ip', args, { encoding: 'utf8', timeout: 10_000 });
  if (r.status !== 0) throw new Error(`ip ${args.join(' ')}: ${r.stderr.trim()}`);
  return r.stdout;
}

function tc(ns: string, ...args: string[]): string {
  const r = spawnSync('ip', ['netns', 'exec', ns, 'tc', ...args], { encoding: 'utf8', timeout: 10_000 });
  if (r.status !== 0) throw new Error(`tc ${args.join(' ')} in ${ns}: ${r.stderr.trim()}`);
  return r.stdout;
}

/** Every namespace of ours that exists (lm14*), e.g. left by a crashed run. */
export function ourNamespaces(): string[] {
  return ip('netns', 'list').split('\n').map((l) => l.split(' ')[0]).filter((n) => n.startsWith(PREFIX));
}

/** Kills what runs in each lm14* namespace and deletes it. */
export function sweep(): string[] {
  const found = ourNamespaces();
  for (const ns of found) {
    const pids = spawnSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' }).stdout ?? '';
    for (const pid of pids.split('\n').filter(Boolean)) {
      try {
        process.kill(Number(pid), 'SIGKILL');
      } catch {
        // Gone already.
      }
    }
    spawnSync('ip', ['netns', 'del', ns]);
  }
  return found;
}

function host(ns: string, address: string, port: string): void {
  ip('netns', 'add', ns);
  ip('-n', ns, 'link', 'set', 'lo', 'up');
  ip('-n', ns, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', port, 'netns', SWITCH);
  // A broadcast address: udpcast hangs without one.
  ip('-n', ns, 'addr', 'add', `${address}/24`, 'brd', '+', 'dev', 'eth0');
  ip('-n', ns, 'link', 'set', 'eth0', 'up');
  ip('-n', ns, 'route', 'add', '224.0.0.0/4', 'dev', 'eth0');
  ip('-n', SWITCH, 'link', 'set', port, 'master', 'lm14br');
  ip('-n', SWITCH, 'link', 'set', port, 'up');
  tc(ns, 'qdisc', 'add', 'dev', 'eth0', 'root', ...TBF);
  tc(SWITCH, 'qdisc', 'add', 'dev', port, 'root', ...TBF);
}

/** Builds the switch, the sender and `receivers` receiver namespaces. */
export function build(receivers: number): void {
  ip('netns', 'add', SWITCH);
  ip('-n', SWITCH, 'link', 'add', 'lm14br', 'type', 'bridge');
  ip('-n', SWITCH, 'link', 'set', 'lm14br', 'type', 'bridge', 'mcast_snooping', '0');
  ip('-n', SWITCH, 'link', 'set', 'lm14br', 'up');
  host(SENDER, SENDER_IP, 'ps');
  for (let i = 1; i <= receivers; i++) host(receiverNs(i), receiverIp(i), `pr${i}`);
}

/** Packets the sender's own eth0 qdisc dropped so far (its queue overflowing: sent faster than the link). */
export function senderQueueDrops(): number {
  const m = /dropped (\d+)/.exec(tc(SENDER, '-s', 'qdisc', 'show', 'dev', 'eth0'));
  return m ? Number(m[1]) : 0;
}
