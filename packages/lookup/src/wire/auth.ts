import * as grpc from '@grpc/grpc-js';
import type { Credential } from '../credentials/certificate.js';
import { ProofSource, type CredentialVerifier, type Principal } from '../credentials/verifier.js';
import { CredentialError, InvalidArgumentError, LamaError, PermissionError, UnknownLeaseError, UnknownServiceError } from '../errors.js';
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

/** A gRPC status for an error thrown by LAMA code. */
export function toServiceError(err: unknown): Partial<grpc.StatusObject> {
  const details = err instanceof Error ? err.message : String(err);
  let code = grpc.status.INTERNAL;
  if (err instanceof CredentialError) code = grpc.status.UNAUTHENTICATED;
  else if (err instanceof PermissionError) code = grpc.status.PERMISSION_DENIED;
  else if (err instanceof InvalidArgumentError) code = grpc.status.INVALID_ARGUMENT;
  else if (err instanceof UnknownLeaseError || err instanceof UnknownServiceError) code = grpc.status.NOT_FOUND;
  else if (err instanceof LamaError) code = grpc.status.FAILED_PRECONDITION;
  return { code, details };
}

/** A client interceptor that presents the credential and a proof of possession on every call. */
export function credentialInterceptor(credential: Credential, clock?: Clock): grpc.Interceptor {
  const proofs = new ProofSource(credential, clock);
  return (options, nextCall) =>
    new grpc.InterceptingCall(nextCall(options), {
      start(metadata, listener, next) {
        metadata.set(CERT_HEADER, credential.token);
        metadata.set(PROOF_HEADER, proofs.proof());
        next(metadata, listener);
      },
    });
}
