import { constants } from 'node:fs';
import { access, readFile, realpath, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

/** The account httpd's workers run as (User/Group), as the kernel will see it. */
export interface RunUser {
  name: string;
  uid: number;
  /** The Group directive's gid and the user's supplementary groups (httpd calls initgroups). */
  gids: number[];
}

function table(text: string): string[][] {
  return text.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split(':'));
}

/**
 * Looks the account up in /etc/passwd and /etc/group. Undefined when it is not there (an
 * NSS-only account): then the config test (`apache2 -t`) is what checks that it exists.
 */
export async function lookupRunUser(user: string, group: string | undefined): Promise<RunUser | undefined> {
  let passwd: string[][];
  let groups: string[][];
  try {
    passwd = table(await readFile('/etc/passwd', 'utf8'));
    groups = table(await readFile('/etc/group', 'utf8'));
  } catch {
    return undefined;
  }
  const pw = passwd.find((f) => f[0] === user);
  if (!pw) return undefined;
  const gids = new Set<number>([Number(pw[3])]);
  if (group !== undefined) {
    const g = groups.find((f) => f[0] === group);
    if (!g) return undefined;
    gids.add(Number(g[2]));
  }
  for (const g of groups) if ((g[3] ?? '').split(',').includes(user)) gids.add(Number(g[2]));
  return { name: user, uid: Number(pw[2]), gids: [...gids] };
}

function allowed(mode: number, uid: number, gid: number, who: RunUser, want: 'x' | 'rx'): boolean {
  const shift = uid === who.uid ? 6 : who.gids.includes(gid) ? 3 : 0;
  const bits = (mode >> shift) & 7;
  return want === 'x' ? (bits & 1) !== 0 : (bits & 5) === 5;
}

/**
 * Throws unless the run user can list and read the directory: every folder above it must be
 * searchable and the folder itself readable. A typical miss is a DocumentRoot inside a
 * mkdtemp folder (mode 0700, owned by root): httpd starts fine and then answers 403 to
 * everything. Mode bits only; an ACL that grants access is not seen.
 */
export async function checkReadable(dir: string, who: RunUser | undefined, what: string): Promise<void> {
  let real: string;
  try {
    real = await realpath(dir);
    if (!(await stat(real)).isDirectory()) throw new Error('not a directory');
  } catch (err) {
    throw new Error(`${what} ${dir} is not a usable directory (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  if (!who) {
    // httpd keeps our own account: ask the kernel directly.
    await access(real, constants.R_OK | constants.X_OK).catch(() => {
      throw new Error(`${what} ${dir} is not readable by this process's user`);
    });
    return;
  }
  const chain: string[] = [];
  for (let p = real; ; p = dirname(p)) {
    chain.unshift(p);
    if (p === dirname(p)) break;
  }
  for (const p of chain) {
    const st = await stat(p);
    const want = p === real ? 'rx' : 'x';
    if (!allowed(st.mode, st.uid, st.gid, who, want)) {
      const mode = (st.mode & 0o7777).toString(8).padStart(4, '0');
      throw new Error(`${what} ${dir} is not readable by user '${who.name}': ${p} has mode ${mode}, owner uid ${st.uid}, gid ${st.gid}`);
    }
  }
}
