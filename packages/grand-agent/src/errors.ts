import { LamaError, registerErrors, type ErrorEntry } from '@lama/lookup';
import { AllocatorConfigError } from './allocator/allocator-config-error.js';
import { PredictorConfigError } from './predictors/predictor-config-error.js';

export { AllocatorConfigError, PredictorConfigError };

/** A node the allocator acted on that has left the pool meanwhile. */
export class NodeGoneError extends LamaError {
  constructor(node: string) {
    super('ERR_NODE_GONE', `node '${node}' is no longer registered`);
  }
}

/** A node that does not say where the service's clients should go (no lama.Endpoint for the adapter). */
export class MissingEndpointError extends LamaError {
  constructor(node: string, adapter: string) {
    super('ERR_MISSING_ENDPOINT', `node '${node}' declares no lama.Endpoint for adapter '${adapter}'`);
  }
}

/** The codes of @lama/grand-agent (the demo's are in its own errors). */
export const GRAND_ERRORS = {
  ERR_ALLOCATOR_CONFIG: { type: AllocatorConfigError, status: 'INVALID_ARGUMENT' },
  ERR_PREDICTOR_CONFIG: { type: PredictorConfigError, status: 'INVALID_ARGUMENT' },
  ERR_NODE_GONE: { type: NodeGoneError, status: 'NOT_FOUND' },
  ERR_MISSING_ENDPOINT: { type: MissingEndpointError, status: 'FAILED_PRECONDITION' },
} as const satisfies Record<string, ErrorEntry>;
registerErrors(GRAND_ERRORS);
