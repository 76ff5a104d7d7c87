import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCredential, type Credential } from '@lama/lookup';
import { lamaSync } from './lama-process.js';

/** A throwaway pool made with the real `lama keys` commands. */
export class TestPool {
  readonly dir = mkdtempSync(join(tmpdir(), 'lama-pool-'));

  constructor() {
    const r = lamaSync(['keys', 'init', '--dir', join(this.dir, 'pool')]);
    if (r.status !== 0) throw new Error(`lama keys init failed: ${r.stderr}`);
  }

  /** Issues a credential file with `lama keys issue`; returns its path. */
  issue(name: string, roles: string, validDays?: number): string {
    const out = join(this.dir, `${name}.cred`);
    const args = ['keys', 'issue', '--dir', join(this.dir, 'pool'), '--role', roles, '--name', name, '--out', out];
    if (validDays !== undefined) args.push('--valid-days', String(validDays));
    const r = lamaSync(args);
    if (r.status !== 0) throw new Error(`lama keys issue failed: ${r.stderr}`);
    return out;
  }

  /** Issues and loads a credential. */
  credential(name: string, roles: string): Credential {
    return loadCredential(this.issue(name, roles));
  }

  get poolDir(): string {
    return join(this.dir, 'pool');
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
