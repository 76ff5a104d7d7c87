import { ProcFormatError } from '../errors.js';
/** Cumulative byte counters of one interface from /proc/net/dev. */
export interface InterfaceCounters {
  rxBytes: number;
  txBytes: number;
}

/** Parses /proc/net/dev into byte counters by interface name, in file order. */
export function parseNetDev(text: string): Map<string, InterfaceCounters> {
  const out = new Map<string, InterfaceCounters>();
  for (const line of text.split('\n')) {
    // The two header lines have no colon; interface names cannot contain one (dev_valid_name).
    // Old kernels print "eth0:123" with no space once the counter is wide, so split on the colon.
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim();
    const fields = line.slice(colon + 1).trim().split(/\s+/).map(Number);
    // Receive: bytes packets errs drop fifo frame compressed multicast; then transmit: bytes ...
    if (!name || fields.length < 9 || !Number.isFinite(fields[0]) || !Number.isFinite(fields[8])) {
      throw new ProcFormatError(`/proc/net/dev: malformed line ${JSON.stringify(line)}`);
    }
    out.set(name, { rxBytes: fields[0], txBytes: fields[8] });
  }
  return out;
}
