import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPoolKey, issueCredential, writeCredential, type Role } from '@lama/lookup';

/** A throwaway pool for a benchmark: a temp directory and credential files issued into it (valid 1 day). */
export function benchPool(prefix: string): { dir: string; cred: (name: string, roles: Role[]) => string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const pool = createPoolKey();
  return {
    dir,
    cred: (name, roles) => {
      const file = join(dir, `${name}.cred`);
      writeCredential(file, issueCredential(pool, { name, roles, validDays: 1 }));
      return file;
    },
  };
}
