import { ProcFormatError } from '../errors.js';
/** Parses /proc/meminfo: MemTotal and MemAvailable, in bytes. */
export function parseMeminfo(text: string): { totalBytes: number; availableBytes: number } {
  const kB = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^([^:\s]+):\s+(\d+)(?:\s+kB)?\s*$/.exec(line);
    if (m) kB.set(m[1], Number(m[2]));
  }
  const total = kB.get('MemTotal');
  if (total === undefined) throw new ProcFormatError('/proc/meminfo: no MemTotal');
  // MemAvailable exists since Linux 3.14; before it, free(1) estimated it as free + buffers + cache.
  const available = kB.get('MemAvailable') ?? (kB.get('MemFree') ?? 0) + (kB.get('Buffers') ?? 0) + (kB.get('Cached') ?? 0);
  return { totalBytes: total * 1024, availableBytes: Math.min(total, available) * 1024 };
}
