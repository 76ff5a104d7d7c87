import { LamaError, registerErrors, type ErrorEntry } from '@lama/lookup';
// Adapter errors reach the agent's clients too: their codes must be registered wherever agent errors are.
import '@lama/adapters';

/** An adapter name the node does not have. */
export class UnknownAdapterError extends LamaError {
  constructor(node: string, adapter: string, known: string[]) {
    super('ERR_UNKNOWN_ADAPTER', `node '${node}' has no adapter '${adapter}' (adapters: ${known.join(', ') || 'none'})`);
  }
}

/** A config that breaks the schema; the message names each key and its problem. */
export class ConfigError extends LamaError {
  constructor(message: string) {
    super('ERR_CONFIG', message);
  }
}

/** A /proc file whose content this kernel formats differently than expected. */
export class ProcFormatError extends LamaError {
  constructor(message: string) {
    super('ERR_PROC_FORMAT', message);
  }
}

/** The codes of @lama/agent (adapter errors are @lama/adapters'). */
export const AGENT_ERRORS = {
  ERR_UNKNOWN_ADAPTER: { type: UnknownAdapterError, status: 'NOT_FOUND' },
  ERR_CONFIG: { type: ConfigError, status: 'FAILED_PRECONDITION' },
  ERR_PROC_FORMAT: { type: ProcFormatError, status: 'INTERNAL' },
} as const satisfies Record<string, ErrorEntry>;
registerErrors(AGENT_ERRORS);
