import { execFile } from 'node:child_process';

/** The account icecast switches to when started as root. */
export interface IcecastAccount {
  user: string;
  group: string;
  gid: number;
}

function getent(db: 'passwd' | 'group', name: string): Promise<string[] | undefined> {
  return new Promise((resolve) => {
    execFile('getent', [db, name], { timeout: 5000 }, (err, stdout) => resolve(err ? undefined : stdout.trim().split(':')));
  });
}

/**
 * Resolves the account (through NSS, like icecast itself): the given user and group, else
 * Debian's icecast2/icecast, else nobody/nogroup.
 */
export async function resolveAccount(user?: string, group?: string): Promise<IcecastAccount> {
  const candidates: [string, string | undefined][] = user ? [[user, group]] : [['icecast2', group ?? 'icecast'], ['nobody', group ?? 'nogroup']];
  for (const [u, g] of candidates) {
    const pw = await getent('passwd', u);
    if (!pw) continue;
    const gr = await getent('group', g ?? pw[3]);
    if (!gr) {
      if (g && (user || group)) throw new Error(`group '${g}' does not exist`);
      continue;
    }
    return { user: u, group: gr[0], gid: Number(gr[2]) };
  }
  throw new Error(user ? `user '${user}' does not exist` : "neither user 'icecast2' nor 'nobody' exists: set the 'user' and 'group' options");
}
