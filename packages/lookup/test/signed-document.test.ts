import { expect } from 'chai';
import { CredentialError, CredentialVerifier, PermissionError, VirtualClock, createPoolKey, issueCredential, revoke, signDocument, verifyDocument } from '../src/index.js';

describe('credentials: signed documents (manifests)', () => {
  const pool = createPoolKey();
  const now = Date.UTC(2026, 5, 1);
  const ops = issueCredential(pool, { name: 'ops', roles: ['controller'], now });
  const node = issueCredential(pool, { name: 'node-a', roles: ['agent'], now });
  const verifier = (at = now) => new CredentialVerifier(pool.publicKey, new VirtualClock(at));
  const body = { site: 'mayflower', version: 3, files: [{ path: 'a b/ü', sha256: 'x'.repeat(64) }] };

  it('a document verifies against the pool key and gives back its body and signer', () => {
    const doc = signDocument(ops, 'site-manifest', body, now);
    const got = verifyDocument(verifier(), JSON.parse(JSON.stringify(doc)), { kind: 'site-manifest', roles: ['controller'] });
    expect(got.body).to.deep.equal(body);
    expect(got.signer.name).to.equal('ops');
    expect(got.signedAt).to.equal(now);
  });

  it('a changed body, date or kind, another pool, a missing role or a revoked signer is refused', () => {
    const doc = signDocument(ops, 'site-manifest', body, now);
    const v = verifier();
    const expectKind = { kind: 'site-manifest' };
    expect(() => verifyDocument(v, { ...doc, body: doc.body.replace('3', '4') }, expectKind)).to.throw(CredentialError, /does not verify/);
    expect(() => verifyDocument(v, { ...doc, signedAt: new Date(now + 1000).toISOString() }, expectKind)).to.throw(CredentialError, /does not verify/);
    expect(() => verifyDocument(v, doc, { kind: 'transfer-manifest' })).to.throw(CredentialError, /expected a 'transfer-manifest'/);
    const other = issueCredential(createPoolKey(), { name: 'ops', roles: ['controller'], now });
    expect(() => verifyDocument(v, signDocument(other, 'site-manifest', body, now), expectKind)).to.throw(CredentialError, /another pool/);
    expect(() => verifyDocument(v, signDocument(node, 'site-manifest', body, now), { kind: 'site-manifest', roles: ['controller'] })).to.throw(PermissionError, /controller/);
    v.revocations.update(revoke(pool, undefined, [ops.certificate.serial], now));
    expect(() => verifyDocument(v, doc, expectKind)).to.throw(CredentialError, /revoked/);
    for (const junk of [null, 7, {}, { ...doc, signature: 'AAAA' }, { ...doc, type: 'x' }, { ...doc, signedAt: 'yesterday' }]) {
      expect(() => verifyDocument(verifier(), junk, expectKind)).to.throw(CredentialError);
    }
  });

  it('a document outlives its signer\'s credential, but one dated after it expired or in the future is refused', () => {
    const doc = signDocument(ops, 'site-manifest', body, now);
    const later = Date.parse(ops.certificate.notAfter) + 86_400_000;
    expect(verifyDocument(verifier(later), doc, { kind: 'site-manifest' }).signer.name).to.equal('ops');
    expect(() => verifyDocument(verifier(later), signDocument(ops, 'site-manifest', body, later - 1000), { kind: 'site-manifest' })).to.throw(CredentialError, /expired/);
    expect(() => verifyDocument(verifier(), signDocument(ops, 'site-manifest', body, now + 3_600_000), { kind: 'site-manifest' })).to.throw(CredentialError, /future/);
  });
});
