import type * as grpc from '@grpc/grpc-js';
import { requestDigest } from '../credentials/call-proof.js';

// A plaintext call proof names the serialized request; the server can only know those bytes
// while it deserializes them, so the plaintext server's definitions remember the digest on
// the request object (TLS servers are not wrapped and pay nothing).
const DIGEST = Symbol('lama.requestDigest');

/** The digest recorded for a deserialized request; '' for streams the client writes to. */
export function digestOf(request: unknown): string {
  return typeof request === 'object' && request !== null ? ((request as Record<symbol, string>)[DIGEST] ?? '') : '';
}

/** A copy of a service definition whose unary and server-stream requests carry their digest. */
export function withRequestDigests(definition: grpc.ServiceDefinition): grpc.ServiceDefinition {
  const out: Record<string, grpc.MethodDefinition<unknown, unknown>> = {};
  for (const [name, m] of Object.entries(definition as Record<string, grpc.MethodDefinition<unknown, unknown>>)) {
    out[name] = m.requestStream ? m : {
      ...m,
      requestDeserialize: (bytes: Buffer) => {
        const request = m.requestDeserialize(bytes);
        if (typeof request === 'object' && request !== null) Object.defineProperty(request, DIGEST, { value: requestDigest(bytes) });
        return request;
      },
    };
  }
  return out as grpc.ServiceDefinition;
}
