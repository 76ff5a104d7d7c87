import { expect } from 'chai';
import { CredentialError, CredentialVerifier, VirtualClock, createPoolKey, issueCredential, makeProof } from '../src/index.js';
import { REFUSED_CACHE_BYTES } from '../src/credentials/verifier.js';
import { revoke, verifyRevocations, type RevocationList } from '../src/credentials/revocation.js';

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
