import { verify } from 'node:crypto';
import { statSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import nacl from 'tweetnacl';
import {
  CredentialError, CredentialVerifier, PermissionError, VirtualClock, createPoolKey, fromB64u, issueCredential, loadCredential,
  makeProof, readPoolKey, requireRole, toB64u, writeCredential, writePoolKey, PROOF_WINDOW_MS,
} from '../src/index.js';
import { publicKeyObject } from '../src/credentials/ed25519.js';

const DAY = 86_400_000;

describe('credentials', () => {
  const pool = createPoolKey();
  const now = Date.UTC(2026, 5, 1);

  it('a credential issued by the pool verifies, with its name and roles', () => {
    const cred = issueCredential(pool, { name: 'node-1', roles: ['agent,controller'], now });
    const v = new CredentialVerifier(pool.publicKey, new VirtualClock(now));
    const p = v.authenticate(cred.token, makeProof(cred, now));
    expect(p.name).to.equal('node-1');
    expect(p.roles).to.deep.equal(['agent', 'controller']);
  });

  it('is byte-compatible with tweetnacl (the format) both ways', () => {
    const cred = issueCredential(pool, { name: 'n', roles: ['agent'], now });
    expect(nacl.sign.detached.verify(Buffer.from(cred.certificateText), cred.signature, pool.publicKey)).to.equal(true);
    const proof = makeProof(cred, now);
    const sig = fromB64u(proof.split('.')[1]) as Uint8Array;
    expect(nacl.sign.detached.verify(Buffer.from(`lama-proof-v1|${now}`), sig, cred.keyPair.publicKey)).to.equal(true);
  });

  it('imports a raw public key (as JWK) as the same key as its SPKI DER form, and refuses a wrong length', () => {
    const holder = issueCredential(pool, { name: 'jwk', roles: ['agent'] });
    const key = publicKeyObject(holder.keyPair.publicKey);
    const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), holder.keyPair.publicKey]);
    expect(key.export({ format: 'der', type: 'spki' })).to.deep.equal(spki);
    const message = Buffer.from('lama');
    expect(verify(null, message, key, nacl.sign.detached(message, holder.keyPair.secretKey))).to.equal(true);
    expect(() => publicKeyObject(holder.keyPair.publicKey.subarray(0, 31))).to.throw(TypeError, '32 bytes');
  });

  it('refuses a forged certificate (roles edited after signing)', () => {
    const cred = issueCredential(pool, { name: 'n', roles: ['agent'], now });
    const forgedText = cred.certificateText.replace('["agent"]', '["agent","controller"]');
    const token = `${Buffer.from(forgedText).toString('base64url')}.${toB64u(cred.signature)}`;
    const v = new CredentialVerifier(pool.publicKey, new VirtualClock(now));
    expect(() => v.verifyToken(token)).to.throw(CredentialError, /forged/);
    // Refused again from the cache of refusals, with the same message.
    expect(() => v.verifyToken(token)).to.throw(CredentialError, /forged/);
  });

  it('refuses a certificate signed by another key that claims this pool', () => {
    const other = createPoolKey();
    const cred = issueCredential({ publicKey: pool.publicKey, secretKey: other.secretKey }, { name: 'mallory', roles: ['agent'], now });
    const v = new CredentialVerifier(pool.publicKey, new VirtualClock(now));
    expect(() => v.verifyToken(cred.token)).to.throw(CredentialError, /'mallory' is forged/);
  });

  it('refuses a credential of another pool, saying so', () => {
    const cred = issueCredential(createPoolKey(), { name: 'stranger', roles: ['agent'], now });
    const v = new CredentialVerifier(pool.publicKey, new VirtualClock(now));
    expect(() => v.verifyToken(cred.token)).to.throw(CredentialError, /another pool/);
  });

  it('refuses an expired credential even after it was cached as valid', () => {
    const clock = new VirtualClock(now);
    const cred = issueCredential(pool, { name: 'n', roles: ['agent'], validDays: 1, now });
    const v = new CredentialVerifier(pool.publicKey, clock);
    v.verifyToken(cred.token);
    clock.advance(DAY + 1);
    expect(() => v.verifyToken(cred.token)).to.throw(CredentialError, /expired at/);
  });

  it('refuses a credential not yet valid', () => {
    const cred = issueCredential(pool, { name: 'n', roles: ['agent'], now: now + 10 * DAY });
    const v = new CredentialVerifier(pool.publicKey, new VirtualClock(now));
    expect(() => v.verifyToken(cred.token)).to.throw(CredentialError, /not valid before/);
  });

  it('refuses a proof made with another key, a stale proof, and a missing one', () => {
    const clock = new VirtualClock(now);
    const a = issueCredential(pool, { name: 'a', roles: ['agent'], now });
    const b = issueCredential(pool, { name: 'b', roles: ['agent'], now });
    const v = new CredentialVerifier(pool.publicKey, clock);
    expect(() => v.authenticate(a.token, makeProof(b, now))).to.throw(CredentialError, /wrong secret key/);
    expect(() => v.authenticate(a.token, makeProof(a, now - PROOF_WINDOW_MS - 1))).to.throw(CredentialError, /stale/);
    expect(() => v.authenticate(a.token, undefined)).to.throw(CredentialError, /no proof/);
    expect(() => v.authenticate(undefined, undefined)).to.throw(CredentialError, /no LAMA credential/);
    expect(() => v.authenticate('garbage', 'x')).to.throw(CredentialError, /malformed/);
    // A proof accepted once is accepted from cache, but not once it is stale.
    const proof = makeProof(a, now);
    v.authenticate(a.token, proof);
    clock.advance(PROOF_WINDOW_MS + 1);
    expect(() => v.authenticate(a.token, proof)).to.throw(CredentialError, /stale/);
  });

  it('checks roles', () => {
    const cred = issueCredential(pool, { name: 'c', roles: ['controller'], now });
    const p = new CredentialVerifier(pool.publicKey, new VirtualClock(now)).verifyToken(cred.token);
    expect(() => requireRole(p, 'agent')).to.throw(PermissionError, /role 'agent' required; credential 'c' has controller/);
    requireRole(p, 'agent', 'controller');
  });

  it('rejects bad names, roles and validity when issuing', () => {
    expect(() => issueCredential(pool, { name: 'bad name', roles: ['agent'] })).to.throw(CredentialError, /invalid name/);
    expect(() => issueCredential(pool, { name: 'n', roles: ['root'] })).to.throw(CredentialError, /unknown role 'root'/);
    expect(() => issueCredential(pool, { name: 'n', roles: [''] })).to.throw(CredentialError, /no role/);
    expect(() => issueCredential(pool, { name: 'n', roles: ['agent'], validDays: -1 })).to.throw(CredentialError, /validity/);
  });

  it('writes secrets with mode 0600, reads them back, and explains unreadable files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lama-cred-'));
    writePoolKey(join(dir, 'pool'), pool);
    expect(statSync(join(dir, 'pool', 'pool.key')).mode & 0o777).to.equal(0o600);
    expect(() => writePoolKey(join(dir, 'pool'), createPoolKey())).to.throw(CredentialError, /already exists/);
    expect(toB64u(readPoolKey(join(dir, 'pool')).publicKey)).to.equal(toB64u(pool.publicKey));
    const cred = issueCredential(pool, { name: 'n', roles: ['lookup'], now });
    writeCredential(join(dir, 'n.cred'), cred);
    expect(statSync(join(dir, 'n.cred')).mode & 0o777).to.equal(0o600);
    expect(loadCredential(join(dir, 'n.cred')).token).to.equal(cred.token);
    expect(() => loadCredential(join(dir, 'pool', 'pool.key'))).to.throw(CredentialError, /pool key, not a credential/);
    writeFileSync(join(dir, 'bad.cred'), '{not json');
    expect(() => loadCredential(join(dir, 'bad.cred'))).to.throw(CredentialError, /not valid JSON/);
    expect(() => loadCredential(join(dir, 'missing.cred'))).to.throw(CredentialError, /ENOENT/);
    // A credential whose secret key was swapped for another holder's.
    const other = issueCredential(pool, { name: 'o', roles: ['agent'], now });
    const mixed = { type: 'lama-credential', v: 1, certificate: cred.certificateText, signature: toB64u(cred.signature), secretKey: toB64u(other.keyPair.secretKey) };
    writeFileSync(join(dir, 'mixed.cred'), JSON.stringify(mixed));
    expect(() => loadCredential(join(dir, 'mixed.cred'))).to.throw(CredentialError, /does not belong/);
  });
});
