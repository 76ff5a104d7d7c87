import { createHash } from 'node:crypto';
import { requestDigest, type Audience } from '@lama/lookup/trust';

/** A receiver's ID: the first 8 bytes of sha256(name), so a restarted receiver is the same one. */
export function receiverId(name: string): bigint {
  return createHash('sha256').update(name).digest().readBigUInt64BE(0);
}

/** What a REGISTER's call proof is bound to: this session, this receiver and name (used once). */
export function registerAudience(session: bigint, receiver: bigint, name: string): Audience {
  return { server: `transfer:${session.toString(16)}`, method: 'transfer/register', request: requestDigest(Buffer.from(`${receiver.toString(16)}|${name}`, 'utf8')) };
}
