import { LamaError } from '@lama/lookup';

/** An allocator config that breaks a rule; `key` names the offending key (e.g. `allocator.upper`). */
export class AllocatorConfigError extends LamaError {
  constructor(readonly key: string, message: string) {
    super('ERR_ALLOCATOR_CONFIG', `${key}: ${message}`);
  }
}
