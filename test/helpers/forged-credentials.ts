import type { Certificate, Credential } from '@lama/lookup';

/**
 * A credential whose certificate was edited after the pool signed it (e.g. an agent that
 * grants itself role 'lookup'). It still holds the real secret key, so everything it signs
 * verifies against the edited certificate: only the pool signature gives it away.
 */
export function editCertificate(credential: Credential, edit: (c: Certificate) => Certificate): Credential {
  const certificate = edit({ ...credential.certificate });
  const certificateText = JSON.stringify(certificate);
  const token = `${Buffer.from(certificateText, 'utf8').toString('base64url')}.${Buffer.from(credential.signature).toString('base64url')}`;
  return { ...credential, certificate, certificateText, token };
}
