import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPoolKey, issueCredential, writeCredential, type Credential, type KeyPair } from '@lama/lookup';

/** A throwaway pool: credentials issued in-process (100 `lama keys issue` runs would cost a minute of node start-ups). */
export class BenchPool {
  readonly dir = mkdtempSync(join(tmpdir(), 'lama-bench-discovery-'));
  private readonly key: KeyPair = createPoolKey();

  issue(name: string, role: string): Credential {
    return issueCredential(this.key, { name, roles: [role] });
  }

  /** Issues a credential and writes it where a `lama` process can read it. */
  issueFile(name: string, role: string): string {
    const path = join(this.dir, `${name}.cred`);
    writeCredential(path, this.issue(name, role));
    return path;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
