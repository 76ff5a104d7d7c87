import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { CredentialError, createPoolKey, credentialFromFile, credentialToFile, issueCredential, loadCredential, writeCredential } from '../src/index.js';
import { peerIdentity, poolCertificatePem } from '../src/credentials/x509.js';

describe('credentials: the X.509 face for TLS', () => {
  const pool = createPoolKey();
  const dir = mkdtempSync(join(tmpdir(), 'lama-x509-'));

  it('the pool CA certificate is the same bytes every time for one key, and differs between pools', () => {
    expect(poolCertificatePem(pool)).to.equal(poolCertificatePem(pool));
    expect(poolCertificatePem(createPoolKey())).to.not.equal(poolCertificatePem(pool));
  });

  it("OpenSSL verifies a holder certificate against the pool's CA, and not against another pool's", () => {
    const cred = issueCredential(pool, { name: 'node-1', roles: ['agent', 'monitor'] });
    const ca = join(dir, 'ca.pem');
    const other = join(dir, 'other.pem');
    const holder = join(dir, 'holder.pem');
    writeFileSync(ca, cred.x509!.pool);
    writeFileSync(other, poolCertificatePem(createPoolKey()));
    writeFileSync(holder, cred.x509!.certificate);
    expect(execFileSync('openssl', ['verify', '-CAfile', ca, holder], { encoding: 'utf8' })).to.match(/OK/);
    expect(() => execFileSync('openssl', ['verify', '-CAfile', other, holder], { stdio: 'pipe' })).to.throw();
  });

  it('carries the name, roles, serial and validity of the LAMA certificate', () => {
    const now = Date.UTC(2026, 5, 1, 12, 0, 0);
    const cred = issueCredential(pool, { name: 'grand', roles: ['lookup', 'controller'], now });
    const id = peerIdentity(new X509Certificate(cred.x509!.certificate));
    expect(id).to.deep.equal({
      name: 'grand', roles: ['lookup', 'controller'], serial: cred.certificate.serial,
      notBefore: Date.parse(cred.certificate.notBefore), notAfter: Date.parse(cred.certificate.notAfter),
    });
  });

  it('issues for 90 days by default', () => {
    const now = Date.UTC(2026, 5, 1);
    const cred = issueCredential(pool, { name: 'n', roles: ['agent'], now });
    expect(Date.parse(cred.certificate.notAfter) - now).to.equal(90 * 86_400_000);
  });

  it('survives the credential file, and a file whose X.509 face was swapped or tampered with is refused', () => {
    const a = issueCredential(pool, { name: 'node-a', roles: ['agent'] });
    const b = issueCredential(pool, { name: 'node-b', roles: ['agent'] });
    const path = join(dir, 'a.cred');
    writeCredential(path, a);
    expect(loadCredential(path).x509).to.deep.equal(a.x509);
    const swapped = { ...credentialToFile(a), x509: b.x509!.certificate };
    expect(() => credentialFromFile(swapped)).to.throw(CredentialError, /does not match its LAMA certificate/);
    const foreign = issueCredential(createPoolKey(), { name: 'node-a', roles: ['agent'] });
    expect(() => credentialFromFile({ ...credentialToFile(a), poolX509: foreign.x509!.pool })).to.throw(CredentialError, /not signed by its pool key/);
    expect(() => credentialFromFile({ ...credentialToFile(a), x509: 'garbage' })).to.throw(CredentialError, /not a PEM certificate/);
  });

  it('a file from before TLS still loads, without an X.509 face', () => {
    const a = issueCredential(pool, { name: 'old', roles: ['agent'] });
    const { x509: _x, poolX509: _p, ...old } = credentialToFile(a);
    const path = join(dir, 'old.cred');
    writeFileSync(path, JSON.stringify(old));
    expect(loadCredential(path).x509).to.equal(undefined);
    expect(JSON.parse(readFileSync(path, 'utf8')).x509).to.equal(undefined);
  });
});
