import type * as grpc from '@grpc/grpc-js';
import { InterceptingCall } from '@grpc/grpc-js';
import type { Credential } from '../credentials/certificate.js';
import { ProofSource, type CredentialVerifier, type Principal } from '../credentials/verifier.js';
import type { Clock } from '../time/clock.js';

export const CERT_HEADER = 'lama-cert';
export const PROOF_HEADER = 'lama-proof';

function header(metadata: grpc.Metadata, key: string): string | undefined {
  const v = metadata.get(key)[0];
  return typeof v === 'string' ? v : undefined;
}

/** Authenticates a call from its metadata; throws CredentialError. */
export function authenticate(verifier: CredentialVerifier, metadata: grpc.Metadata): Principal {
  return verifier.authenticate(header(metadata, CERT_HEADER), header(metadata, PROOF_HEADER));
}

/** A client interceptor that presents the credential and a proof of possession on every call. */
export function credentialInterceptor(credential: Credential, clock?: Clock): grpc.Interceptor {
  const proofs = new ProofSource(credential, clock);
  return (options, nextCall) =>
    new InterceptingCall(nextCall(options), {
      start(metadata, listener, next) {
        metadata.set(CERT_HEADER, credential.token);
        metadata.set(PROOF_HEADER, proofs.proof());
        next(metadata, listener);
      },
    });
}
