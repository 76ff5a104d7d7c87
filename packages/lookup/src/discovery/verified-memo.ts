import type { Principal } from '../credentials/verifier.js';
import type { Fields } from './signed-fields.js';

/** Announcements remembered as verified; a lookup service sends a new one every interval, so a few per lookup service suffice. */
export const VERIFIED_MEMO_ENTRIES = 256;

/**
 * The signers of discovery messages whose signatures this process has already verified, keyed
 * by the trusted pool key and the exact fields (signature and credential token included).
 *
 * Every joiner of a process hears every multicast announcement (a shared group socket hands
 * each datagram to all of them), and each would otherwise verify the same token and signature
 * again: a thousand joiners, a thousand Ed25519 checks per announcement. Both checks are pure
 * functions of these bytes and the pool key, so their verdict is remembered here; what depends
 * on the member or the time (freshness, sequence and nonce, revocation, validity, role, group)
 * is still checked by each member on every message. Only successes are kept, so a forged copy
 * (any byte different) is verified, and refused, in full.
 */
export class VerifiedMemo {
  private readonly entries = new Map<string, Principal>();

  constructor(private readonly capacity = VERIFIED_MEMO_ENTRIES) {}

  /** The key of fields checked against a pool key: every field verbatim, in a form no two different field sets share. */
  static keyOf(poolPublicKey: string, fields: Fields): string {
    return JSON.stringify([poolPublicKey, Object.entries(fields).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]);
  }

  /** The signer remembered for this key (and marks it recently used), or undefined. */
  get(key: string): Principal | undefined {
    const principal = this.entries.get(key);
    if (principal !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, principal);
    }
    return principal;
  }

  /** Remembers a verified signer, forgetting the least recently used entry beyond capacity. */
  set(key: string, principal: Principal): void {
    this.entries.delete(key);
    this.entries.set(key, principal);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }
}
