import * as grpc from '@grpc/grpc-js';
import { LamaError, RpcError, errorEntry, rebuildError } from '../errors.js';

/** Trailing metadata key that carries a LamaError's code next to the gRPC status. */
export const ERROR_CODE_HEADER = 'lama-error-code';

/** An error a client rebuilt from a failed call: its LAMA code, plus the gRPC status and details. */
export type RemoteError = LamaError & { readonly status: grpc.status; readonly details: string };

/** A gRPC status (with the LAMA code in trailing metadata) for an error thrown by a handler. */
export function toServiceError(err: unknown): Partial<grpc.StatusObject> {
  const details = err instanceof Error ? err.message : String(err);
  if (!(err instanceof LamaError)) return { code: grpc.status.INTERNAL, details };
  const metadata = new grpc.Metadata();
  metadata.set(ERROR_CODE_HEADER, err.code);
  // A LamaError no package declared is still a refusal of the request, not a crash.
  return { code: grpc.status[errorEntry(err.code)?.status ?? 'FAILED_PRECONDITION'], details, metadata };
}

/** The typed error for a failed call: rebuilt from its code, or an RpcError when none came (transport failures). */
export function fromServiceError(err: grpc.ServiceError): RemoteError {
  const code = err.metadata?.get(ERROR_CODE_HEADER)[0];
  const details = err.details ?? err.message;
  const typed = typeof code === 'string' ? rebuildError(code, details) : new RpcError(err.message);
  return Object.assign(typed, { status: err.code, details });
}

/** "details (STATUS)" for an error a client got from a call, else undefined (what the CLI prints). */
export function describeRemoteError(err: unknown): string | undefined {
  const e = err as Partial<RemoteError>;
  if (!(err instanceof LamaError) || typeof e.status !== 'number') return undefined;
  return `${e.details || e.message} (${grpc.status[e.status]})`;
}
