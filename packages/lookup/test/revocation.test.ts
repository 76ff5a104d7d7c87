import { expect } from 'chai';
import { CredentialError, CredentialVerifier, VirtualClock, createPoolKey, issueCredential, makeProof } from '../src/index.js';
import { REFUSED_CACHE_BYTES } from '../src/credentials/verifier.js';
import { revoke, verifyRevocations, type RevocationList } from '../src/credentials/revocation.js';
import { makeCallProof, requestDigest } from '../src/credentials/call-proof.js';

describe('credentials: revocation and the refused-token cache', () => {
  const pool = createPoolKey();
  const now = Date.UTC(2026, 5, 1);

  it('a credential in a newer signed list is refused; the rest of the pool is not', () => {
    const bad = issueCredential(pool, { name: 'stolen', roles: ['controller'], now });
    const good = issueCredential(pool, { name: 'ops', roles: ['controller'], now });
    const v = new CredentialVerifier(pool.publicKey, new VirtualClock(now));
    expect(v.authenticate(bad.token, makeProof(bad, now)).name).to.equal('stolen');
    const revoked: string[][] = [];
    v.revocations.on('revoked', (s) => revoked.push(s));
    expect(v.revocations.update(revoke(pool, undefined, [bad.certificate.serial], now))).to.equal(true);
    expect(() => v.authenticate(bad.token, makeProof(bad, now))).to.throw(CredentialError, /is revoked/);
    expect(v.authenticate(good.token, makeProof(good, now)).name).to.equal('ops');
    expect(revoked).to.deep.equal([[bad.certificate.serial]]);
  });

  it('an older list replayed does not un-revoke, and a forged or foreign list is refused and changes nothing', () => {
    const a = issueCredential(pool, { name: 'a', roles: ['agent'], now });
    const b = issueCredential(pool, { name: 'b', roles: ['agent'], now });
    const v = new CredentialVerifier(pool.publicKey, new VirtualClock(now));
    const first = revoke(pool, undefined, [a.certificate.serial], now);
    const second = revoke(pool, verifyRevocations(pool.publicKey, first), [b.certificate.serial], now);
    expect(v.revocations.update(second)).to.equal(true);
    expect(v.revocations.update(first)).to.equal(false);
    expect(v.revocations.has(a.certificate.serial) && v.revocations.has(b.certificate.serial)).to.equal(true);
    const list = JSON.parse(second.list) as RevocationList;
    const tampered = { ...second, list: JSON.stringify({ ...list, version: list.version + 1, serials: [] }) };
    expect(() => v.revocations.update(tampered)).to.throw(CredentialError, /forged/);
    expect(() => v.revocations.update(revoke(createPoolKey(), undefined, [], now + 10))).to.throw(CredentialError, /forged/);
    expect(() => v.revocations.update({ type: 'nope' })).to.throw(CredentialError, /not a LAMA revocation list/);
    expect(v.revocations.has(a.certificate.serial)).to.equal(true);
    expect(() => revoke(pool, undefined, ['../etc'])).to.throw(CredentialError, /not a credential serial/);
  });

  it('oversized tokens are refused without being cached, and forged ones fill at most the byte budget', () => {
    const v = new CredentialVerifier(pool.publicKey, new VirtualClock(now));
    for (let i = 0; i < 2000; i++) {
      expect(() => v.verifyToken('x'.repeat(8000) + i)).to.throw(CredentialError, /over 4096 characters/);
    }
    expect(v.refusedCacheBytes).to.equal(0);
    const foreign = createPoolKey();
    const one = issueCredential(foreign, { name: 'evil', roles: ['controller'], now });
    const [cert] = one.token.split('.');
    for (let i = 0; i < 20_000; i++) {
      // Distinct forged tokens: the same certificate with a different (wrong) signature each time.
      const sig = Buffer.alloc(64, 0);
      sig.writeUInt32BE(i);
      expect(() => v.verifyToken(`${cert}.${sig.toString('base64url')}`)).to.throw(CredentialError);
    }
    expect(v.refusedCacheBytes).to.be.greaterThan(0).and.at.most(REFUSED_CACHE_BYTES);
  });
});

describe('credentials: call proofs for the plaintext mode', () => {
  const pool = createPoolKey();
  const now = Date.UTC(2026, 5, 1);
  const cred = issueCredential(pool, { name: 'ops', roles: ['controller'], now });
  const stop = { server: 'node-1', method: '/lama.agent.v1.Agent/Stop', request: requestDigest(Buffer.from('ticker')) };

  it('a proof works once, for its server, method and request only', () => {
    const clock = new VirtualClock(now);
    const v = new CredentialVerifier(pool.publicKey, clock);
    const p = v.verifyToken(cred.token);
    const proof = makeCallProof(cred, stop, now);
    for (const other of [{ ...stop, server: 'node-2' }, { ...stop, method: '/lama.agent.v1.Agent/Start' }, { ...stop, request: requestDigest(Buffer.from('other')) }]) {
      expect(() => v.verifyCallProof(p, proof, other)).to.throw(CredentialError, /made for another server, method or request/);
    }
    v.verifyCallProof(p, proof, stop);
    expect(() => v.verifyCallProof(p, proof, stop)).to.throw(CredentialError, /already used/);
    clock.advance(59_000);
    expect(() => v.verifyCallProof(p, proof, stop)).to.throw(CredentialError, /already used/);
  });

  it('refuses proofs more than 60 s old or ahead, and the old unbound form', () => {
    const v = new CredentialVerifier(pool.publicKey, new VirtualClock(now));
    const p = v.verifyToken(cred.token);
    expect(() => v.verifyCallProof(p, makeCallProof(cred, stop, now - 61_000), stop)).to.throw(CredentialError, /stale or from the future/);
    expect(() => v.verifyCallProof(p, makeCallProof(cred, stop, now + 61_000), stop)).to.throw(CredentialError, /stale or from the future/);
    v.verifyCallProof(p, makeCallProof(cred, stop, now + 59_000), stop);
    expect(() => v.verifyCallProof(p, makeProof(cred, now), stop)).to.throw(CredentialError, /old unbound form/);
  });

  it('a forged proof does not burn the real caller’s nonce', () => {
    const v = new CredentialVerifier(pool.publicKey, new VirtualClock(now));
    const p = v.verifyToken(cred.token);
    const real = makeCallProof(cred, stop, now, 'AAAAAAAAAAAAAAAA');
    const [v2, ts, nonce] = real.split('.');
    expect(() => v.verifyCallProof(p, `${v2}.${ts}.${nonce}.${'A'.repeat(86)}`, stop)).to.throw(CredentialError, /does not verify/);
    v.verifyCallProof(p, real, stop);
  });
});
