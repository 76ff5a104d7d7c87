import type * as grpc from '@grpc/grpc-js';
import { InterceptingCall } from '@grpc/grpc-js';
import type { Credential } from '../credentials/certificate.js';
import { makeCallProof, requestDigest } from '../credentials/call-proof.js';
import { systemClock, type Clock } from '../time/clock.js';

// Headers of the plaintext mode only; over TLS the handshake carries the identity.
export const CERT_HEADER = 'lama-cert';
export const PROOF_HEADER = 'lama-proof';
/** The server name the caller meant; '*' only where a method admits any server (Discover). */
export const AUDIENCE_HEADER = 'lama-audience';
/** The audience of a call to any lookup service of the pool. */
export const ANY_SERVER = '*';

/** A header's string value, if present. */
export function header(metadata: grpc.Metadata, key: string): string | undefined {
  const v = metadata.get(key)[0];
  return typeof v === 'string' ? v : undefined;
}

/**
 * A client interceptor for the plaintext mode: presents the credential and, per call, a proof
 * bound to the server it meant, the method and the serialized request (streams the client
 * writes to are bound to server and method). The headers wait for the request so the proof
 * can name it.
 */
export function credentialInterceptor(credential: Credential, server: string, clock: Clock = systemClock): grpc.Interceptor {
  return (options, nextCall) => {
    const method = options.method_definition;
    const sign = (metadata: grpc.Metadata, digest: string): void => {
      metadata.set(CERT_HEADER, credential.token);
      metadata.set(AUDIENCE_HEADER, server);
      metadata.set(PROOF_HEADER, makeCallProof(credential, { server, method: method.path, request: digest }, clock.now()));
    };
    let pending: { metadata: grpc.Metadata; listener: grpc.InterceptingListener; next: (m: grpc.Metadata, l: grpc.InterceptingListener) => void } | undefined;
    return new InterceptingCall(nextCall(options), {
      start(metadata, listener, next) {
        if (method.requestStream) {
          sign(metadata, '');
          next(metadata, listener);
        } else {
          pending = { metadata, listener, next };
        }
      },
      sendMessage(message, next) {
        if (pending) {
          const p = pending;
          pending = undefined;
          sign(p.metadata, requestDigest(method.requestSerialize(message)));
          p.next(p.metadata, p.listener);
        }
        next(message);
      },
    });
  };
}
