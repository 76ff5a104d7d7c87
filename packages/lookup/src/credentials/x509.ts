import { createHash, X509Certificate } from 'node:crypto';
import { CredentialError } from '../errors.js';
import type { Certificate, Role } from './certificate.js';
import { ROLES } from './certificate.js';
import { bitString, booleanTrue, explicit, implicitString, octetString, oid, sequence, set, smallInteger, time, tlv, unsignedInteger, utf8String } from './der.js';
import { privateKeyObject, signDetached, type KeyPair } from './ed25519.js';
import { fromB64u, toB64u } from './encoding.js';

// The X.509 face of the pool's keys, for mutual TLS: the pool key is a self-signed CA whose
// certificate is a pure function of the key pair (Ed25519 signs deterministically), and each
// credential's holder key gets a certificate signed by it carrying the same serial, name,
// roles and validity as the LAMA certificate. OpenSSL verifies the chain in the handshake.

const ED25519 = '1.3.101.112';
const CN = '2.5.4.3';
const ORG = '2.5.4.10';
const ROLE_URI = 'urn:lama:role:';
const EKU_SERVER = '1.3.6.1.5.5.7.3.1';
const EKU_CLIENT = '1.3.6.1.5.5.7.3.2';

const algorithm = (): Buffer => sequence(oid(ED25519));
const name = (cn: string): Buffer => sequence(set(sequence(oid(ORG), utf8String('LAMA'))), set(sequence(oid(CN), utf8String(cn))));
const spki = (publicKey: Uint8Array): Buffer => sequence(algorithm(), bitString(publicKey));
const keyId = (publicKey: Uint8Array): Buffer => createHash('sha1').update(publicKey).digest();
const extension = (id: string, critical: boolean, value: Buffer): Buffer =>
  critical ? sequence(oid(id), booleanTrue(), octetString(value)) : sequence(oid(id), octetString(value));

/** The pool certificate's subject CN: names the pool by the start of its public key. */
export function poolCommonName(poolPublicKey: Uint8Array): string {
  return `lama-pool-${toB64u(poolPublicKey).slice(0, 16)}`;
}

function sign(tbs: Buffer, pool: KeyPair): string {
  const signature = signDetached(tbs, privateKeyObject(pool.secretKey));
  const der = sequence(tbs, algorithm(), bitString(signature));
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}

/** The pool's self-signed CA certificate (PEM); the same bytes every time for one key pair. */
export function poolCertificatePem(pool: KeyPair): string {
  const subject = name(poolCommonName(pool.publicKey));
  const serial = createHash('sha256').update(pool.publicKey).digest().subarray(0, 16);
  const tbs = sequence(
    explicit(0, smallInteger(2)),
    unsignedInteger(serial),
    algorithm(),
    subject,
    sequence(time(Date.UTC(2020, 0, 1)), time(Date.UTC(9999, 11, 31, 23, 59, 59))),
    subject,
    spki(pool.publicKey),
    explicit(3, sequence(
      extension('2.5.29.19', true, sequence(booleanTrue(), smallInteger(0))),
      extension('2.5.29.15', true, bitString(Buffer.from([0x06]))), // keyCertSign, cRLSign
      extension('2.5.29.14', false, octetString(keyId(pool.publicKey))),
    )),
  );
  return sign(tbs, pool);
}

/** An X.509 certificate (PEM) for a LAMA certificate's holder key, signed by the pool key. */
export function holderCertificatePem(pool: KeyPair, certificate: Certificate): string {
  const holderKey = fromB64u(certificate.key, 32);
  if (!holderKey) throw new CredentialError("certificate field 'key' is not a 32-byte base64url key");
  if (certificate.pool !== toB64u(pool.publicKey)) throw new CredentialError(`credential '${certificate.name}' was issued by another pool key`);
  const sans = certificate.roles.map((r) => implicitString(6, ROLE_URI + r));
  const tbs = sequence(
    explicit(0, smallInteger(2)),
    unsignedInteger(Buffer.from(certificate.serial, 'hex')),
    algorithm(),
    name(poolCommonName(pool.publicKey)),
    sequence(time(Date.parse(certificate.notBefore)), time(Date.parse(certificate.notAfter))),
    name(certificate.name),
    spki(holderKey),
    explicit(3, sequence(
      extension('2.5.29.19', true, sequence()),
      extension('2.5.29.15', true, bitString(Buffer.from([0x80]))), // digitalSignature
      extension('2.5.29.37', false, sequence(oid(EKU_SERVER), oid(EKU_CLIENT))),
      extension('2.5.29.17', false, sequence(...sans)),
      extension('2.5.29.35', false, sequence(tlv(0x80, keyId(pool.publicKey)))), // [0] keyIdentifier
    )),
  );
  return sign(tbs, pool);
}

/** The LAMA roles in a certificate's subjectAltName text ("URI:urn:lama:role:agent, ..."). */
export function rolesOf(subjectAltName: string | undefined): Role[] {
  const roles: Role[] = [];
  for (const part of (subjectAltName ?? '').split(', ')) {
    if (!part.startsWith('URI:' + ROLE_URI)) continue;
    const role = part.slice(4 + ROLE_URI.length);
    if ((ROLES as readonly string[]).includes(role)) roles.push(role as Role);
  }
  return roles;
}

/** What a peer's X.509 certificate says about its holder. */
export interface PeerIdentity {
  name: string;
  roles: Role[];
  /** The LAMA serial (lower-case hex, 32 digits). */
  serial: string;
  notBefore: number;
  notAfter: number;
}

/** Reads name, roles, serial and validity from a pool-issued X.509 certificate (already verified by TLS). */
export function peerIdentity(cert: X509Certificate): PeerIdentity {
  const cn = /(?:^|\n)CN=([^\n]+)/.exec(cert.subject)?.[1];
  if (!cn) throw new CredentialError('peer certificate has no common name');
  const roles = rolesOf(cert.subjectAltName);
  return {
    name: cn,
    roles,
    serial: cert.serialNumber.toLowerCase().replace(/^0+/, '').padStart(32, '0'),
    notBefore: Date.parse(cert.validFrom),
    notAfter: Date.parse(cert.validTo),
  };
}
