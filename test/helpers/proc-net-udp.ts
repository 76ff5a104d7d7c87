import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

// Linux only; elsewhere these report nothing and the test loses only its diagnostics.

interface UdpSocket {
  port: number;
  inode: string;
  /** Datagrams the kernel discarded because the receive buffer was full. */
  drops: number;
}

function udpSockets(): UdpSocket[] {
  let text: string;
  try {
    text = readFileSync('/proc/net/udp', 'utf8');
  } catch {
    return [];
  }
  const out: UdpSocket[] = [];
  for (const line of text.split('\n').slice(1)) {
    // sl local rem st tx:rx tr:when retrnsmt uid timeout inode ref pointer drops
    const cols = line.trim().split(/\s+/);
    if (cols.length >= 13) out.push({ port: parseInt(cols[1].split(':')[1], 16), inode: cols[9], drops: Number(cols[12]) || 0 });
  }
  return out;
}

/** Receive drops of every UDP socket bound to port, by socket inode. */
export function udpDropsByInode(port: number): Map<string, number> {
  return new Map(udpSockets().filter((s) => s.port === port).map((s) => [s.inode, s.drops]));
}

/** The local UDP ports a process has sockets on (how a test finds a joiner's ephemeral query port). */
export function udpPortsOf(pid: number): number[] {
  const mine = socketInodes(pid);
  return udpSockets().filter((s) => mine.has(s.inode)).map((s) => s.port);
}

function socketInodes(pid: number): Set<string> {
  const out = new Set<string>();
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m) out.add(m[1]);
      } catch {
        // The fd closed while we looked.
      }
    }
  } catch {
    // Not Linux, or the process is gone.
  }
  return out;
}

/** Drops so far on the sockets that each named process has bound to port. */
export function udpDropsByProcess(port: number, pids: Record<string, number | undefined>): Record<string, number> {
  const drops = udpDropsByInode(port);
  const out: Record<string, number> = {};
  for (const [name, pid] of Object.entries(pids)) {
    if (pid === undefined) continue;
    let n = 0;
    for (const inode of socketInodes(pid)) n += drops.get(inode) ?? 0;
    out[name] = n;
  }
  return out;
}
