import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';

/** Files up to this size are read whole: one read, no stream set-up (most files of a site are small). */
export const WHOLE_READ_BYTES = 1024 * 1024;

/** The sha256 (hex) and size of a file's bytes; a small file (by its known size) is read whole and its bytes returned too. */
export async function hashFile(path: string, knownSize?: number): Promise<{ sha256: string; size: number; bytes?: Buffer }> {
  if (knownSize !== undefined && knownSize <= WHOLE_READ_BYTES) {
    const bytes = await readFile(path);
    return { sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length, bytes };
  }
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}
