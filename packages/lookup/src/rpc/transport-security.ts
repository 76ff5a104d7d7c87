import * as grpc from '@grpc/grpc-js';
import type { Credential } from '../credentials/certificate.js';

// The one place each side's transport security is chosen: mutual TLS from the process
// credential replaces these two bodies, and every server and client follows.

/** The credentials every LAMA gRPC server listens with. */
export function serverCredentials(_credential: Credential): grpc.ServerCredentials {
  return grpc.ServerCredentials.createInsecure();
}

/** The credentials every LAMA gRPC channel dials with. */
export function channelCredentials(_credential: Credential): grpc.ChannelCredentials {
  return grpc.credentials.createInsecure();
}
