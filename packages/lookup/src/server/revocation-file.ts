import { existsSync, readFileSync, unwatchFile, watchFile } from 'node:fs';
import type { RevocationSet, SignedRevocations } from '../credentials/revocation.js';
import { CredentialError } from '../errors.js';
import { writeFileDurably } from '../files/durable-file.js';

/** How often the lookup service looks at its revocation file (fs.watchFile polls). */
export const REVOCATION_FILE_POLL_MS = 1000;

/**
 * The lookup service's revocation list on disk: read at start and whenever the file changes
 * (the operator ran `lama keys revoke` into it), written when a controller publishes a newer
 * list. Only a verified, newer list is ever taken; a bad file is reported and changes nothing.
 */
export class RevocationFile {
  /** The last error reading the file (a bad or foreign list), for logs and tests. */
  lastError: Error | undefined;

  constructor(private readonly path: string, private readonly set: RevocationSet) {}

  /** Loads the file if present and follows its changes. */
  start(): void {
    this.load();
    watchFile(this.path, { interval: REVOCATION_FILE_POLL_MS, persistent: false }, () => this.load());
  }

  stop(): void {
    unwatchFile(this.path);
  }

  /**
   * Persists a list this lookup service took from a controller, durably: after a power cut the
   * file holds this list or the one before, and a revoked credential does not come back.
   */
  write(signed: SignedRevocations): void {
    writeFileDurably(this.path, JSON.stringify(signed, null, 2) + '\n');
  }

  private load(): void {
    if (!existsSync(this.path)) return;
    try {
      this.set.update(JSON.parse(readFileSync(this.path, 'utf8')) as unknown);
      this.lastError = undefined;
    } catch (err) {
      this.lastError = err instanceof CredentialError ? new CredentialError(`${this.path}: ${err.message}`) : (err as Error);
    }
  }
}
