import { LamaError } from '@lama/lookup';

/** A workload option that breaks a rule; `key` names it (e.g. `peak`). */
export class WorkloadOptionsError extends LamaError {
  constructor(readonly key: string, message: string) {
    super('ERR_WORKLOAD_OPTIONS', `${key}: ${message}`);
  }
}

/** A workload target outside 127.0.0.0/8: demo traffic never leaves this machine. */
export class NotLoopbackError extends LamaError {
  constructor(readonly target: string, what: string) {
    super('ERR_NOT_LOOPBACK', `${what} '${target}' is not on 127.0.0.0/8 (an IPv4 loopback literal): the demo workload stays on this machine`);
  }
}
