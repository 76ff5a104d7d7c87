// The few DER encodings an X.509 certificate for an Ed25519 key needs (ITU-T X.690). A
// certificate here has one fixed shape, so a small writer is less than a general ASN.1
// library and its global polyfills; OpenSSL parses and verifies what it writes.

/** A tag-length-value with the given tag byte. */
export function tlv(tag: number, content: Uint8Array): Buffer {
  const n = content.length;
  let head: number[];
  if (n < 0x80) head = [tag, n];
  else {
    const bytes: number[] = [];
    for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
    head = [tag, 0x80 | bytes.length, ...bytes];
  }
  return Buffer.concat([Buffer.from(head), content]);
}

export const sequence = (...items: Uint8Array[]): Buffer => tlv(0x30, Buffer.concat(items));
export const set = (...items: Uint8Array[]): Buffer => tlv(0x31, Buffer.concat(items));
export const octetString = (b: Uint8Array): Buffer => tlv(0x04, b);
export const utf8String = (s: string): Buffer => tlv(0x0c, Buffer.from(s, 'utf8'));
export const booleanTrue = (): Buffer => Buffer.from([0x01, 0x01, 0xff]);
/** A context-specific constructed tag ([n] EXPLICIT). */
export const explicit = (n: number, content: Uint8Array): Buffer => tlv(0xa0 | n, content);
/** A context-specific primitive tag ([n] IMPLICIT of a string type). */
export const implicitString = (n: number, s: string): Buffer => tlv(0x80 | n, Buffer.from(s, 'ascii'));

/** A BIT STRING of whole bytes. */
export function bitString(b: Uint8Array): Buffer {
  return tlv(0x03, Buffer.concat([Buffer.from([0]), b]));
}

/** A non-negative INTEGER from big-endian bytes (a leading zero keeps it positive). */
export function unsignedInteger(b: Uint8Array): Buffer {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  const trimmed = b.subarray(i);
  return tlv(0x02, trimmed[0] & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : Buffer.from(trimmed));
}

export const smallInteger = (v: number): Buffer => unsignedInteger(Buffer.from([v]));

/** An OBJECT IDENTIFIER from its dotted form. */
export function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const out: number[] = [parts[0] * 40 + parts[1]];
  for (const p of parts.slice(2)) {
    const bytes = [p & 0x7f];
    for (let v = Math.floor(p / 128); v > 0; v = Math.floor(v / 128)) bytes.unshift(0x80 | (v & 0x7f));
    out.push(...bytes);
  }
  return tlv(0x06, Buffer.from(out));
}

/** UTCTime through 2049, GeneralizedTime after (RFC 5280 §4.1.2.5). */
export function time(ms: number): Buffer {
  const iso = new Date(Math.floor(ms / 1000) * 1000).toISOString(); // YYYY-MM-DDTHH:MM:SS.000Z
  const digits = iso.slice(0, 19).replace(/[-:T]/g, '') + 'Z';
  const year = Number(iso.slice(0, 4));
  return year < 2050 ? tlv(0x17, Buffer.from(digits.slice(2), 'ascii')) : tlv(0x18, Buffer.from(digits, 'ascii'));
}
