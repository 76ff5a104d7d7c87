import { readdirSync, readFileSync } from 'node:fs';

/** Live (not zombie) processes whose command line is exactly `sleep SECONDS`: a test's marked children. */
export function sleeping(seconds: number): number[] {
  const out: number[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const cmd = readFileSync(`/proc/${e}/cmdline`, 'utf8').split('\0').filter(Boolean);
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      if (cmd[0]?.endsWith('sleep') && cmd[1] === String(seconds) && stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z') out.push(Number(e));
    } catch {
      // Gone.
    }
  }
  return out;
}
