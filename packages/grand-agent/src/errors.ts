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

/** A deployment onto a node that is not FREE, or a node already in a deployment under way. */
export class NotFreeError extends LamaError {
  constructor(node: string, state: string) {
    super('ERR_NOT_FREE', `node '${node}' is ${state}, not FREE: nothing was deployed (clean it first: lama clean ${node})`);
  }
}

/** A deployment or cleaning that names a node the pool does not have. */
export class UnknownNodeError extends LamaError {
  constructor(node: string) {
    super('ERR_UNKNOWN_NODE', `node '${node}' is not registered in the pool`);
  }
}

/** A deploy or clean request that cannot be carried out as asked (bad site, no nodes, no store). */
export class DeploymentRequestError extends LamaError {
  constructor(message: string) {
    super('ERR_DEPLOYMENT_REQUEST', message);
  }
}

/** A deployment or cleaning the allocator asked for that did not complete on the node. */
export class DeploymentFailedError extends LamaError {
  constructor(node: string, what: string, why: string) {
    super('ERR_DEPLOYMENT_FAILED', `${what} of node '${node}' did not complete: ${why}`);
  }
}

/** A file of the grand agent's state directory that cannot be read back (damaged, or not written by LAMA). */
export class StateFileError extends LamaError {
  constructor(path: string, why: string) {
    super('ERR_STATE_FILE', `state file ${path} cannot be used: ${why} (move it away to start without what it recorded)`);
  }
}

/** The codes of @lama/grand-agent (the demo's are in its own errors). */
export const GRAND_ERRORS = {
  ERR_ALLOCATOR_CONFIG: { type: AllocatorConfigError, status: 'INVALID_ARGUMENT' },
  ERR_PREDICTOR_CONFIG: { type: PredictorConfigError, status: 'INVALID_ARGUMENT' },
  ERR_NODE_GONE: { type: NodeGoneError, status: 'NOT_FOUND' },
  ERR_MISSING_ENDPOINT: { type: MissingEndpointError, status: 'FAILED_PRECONDITION' },
  ERR_NOT_FREE: { type: NotFreeError, status: 'FAILED_PRECONDITION' },
  ERR_UNKNOWN_NODE: { type: UnknownNodeError, status: 'NOT_FOUND' },
  ERR_DEPLOYMENT_REQUEST: { type: DeploymentRequestError, status: 'INVALID_ARGUMENT' },
  ERR_DEPLOYMENT_FAILED: { type: DeploymentFailedError, status: 'FAILED_PRECONDITION' },
  ERR_STATE_FILE: { type: StateFileError, status: 'FAILED_PRECONDITION' },
} as const satisfies Record<string, ErrorEntry>;
registerErrors(GRAND_ERRORS);
