/** base64url without padding. */
export function toB64u(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

/** Decodes base64url; returns undefined unless the text is well-formed and of the expected length. */
export function fromB64u(text: unknown, expectedLength?: number): Uint8Array | undefined {
  if (typeof text !== 'string' || !/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  const bytes = new Uint8Array(Buffer.from(text, 'base64url'));
  if (expectedLength !== undefined && bytes.length !== expectedLength) return undefined;
  return bytes;
}
