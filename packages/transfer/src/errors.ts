import { LamaError } from '@lama/lookup/trust';

/** Why a datagram was dropped; each has its own counter at both ends. */
export type DropReason =
  | 'short' | 'magic' | 'version' | 'type' | 'length' | 'field' | 'oversized'
  | 'session' | 'range' | 'unsolicited' | 'no-manifest' | 'duplicate' | 'block-hash' | 'loss';

/** Every error code of @lama/transfer, stable across releases. */
export const TRANSFER_ERROR_CODES = [
  'ERR_TRANSFER_PACKET', 'ERR_TRANSFER_MANIFEST', 'ERR_TRANSFER_UNSAFE_PATH', 'ERR_TRANSFER_SOURCE_CHANGED',
  'ERR_TRANSFER_INCOMPLETE', 'ERR_TRANSFER_CONFIG',
] as const;

/** A datagram that does not parse or breaks a limit; `reason` names its counter. */
export class PacketError extends LamaError {
  constructor(readonly reason: DropReason, message: string) {
    super('ERR_TRANSFER_PACKET', message);
  }
}

/** A manifest that is refused: bad digest, bad signature, another pool, or a broken shape. */
export class ManifestError extends LamaError {
  constructor(message: string) {
    super('ERR_TRANSFER_MANIFEST', message);
  }
}

/** A manifest path that would land outside the target directory (absolute, `..`, through a symlink). */
export class UnsafePathError extends LamaError {
  constructor(readonly path: string, why: string) {
    super('ERR_TRANSFER_UNSAFE_PATH', `manifest path '${path}' refused: ${why}`);
  }
}

/** A source file that no longer matches the manifest built from it. */
export class SourceChangedError extends LamaError {
  constructor(readonly path: string, message: string) {
    super('ERR_TRANSFER_SOURCE_CHANGED', message);
  }
}

/** A transfer that ended (deadline, rounds, sender gone) without every file. */
export class TransferIncompleteError extends LamaError {
  constructor(message: string, readonly lacking: readonly string[]) {
    super('ERR_TRANSFER_INCOMPLETE', message);
  }
}

/** Options that cannot work (a rate of zero, a packet bigger than a datagram). */
export class TransferConfigError extends LamaError {
  constructor(message: string) {
    super('ERR_TRANSFER_CONFIG', message);
  }
}
