/** supervisord's process states, applied to an adapter. */
export type AdapterState = 'STOPPED' | 'STARTING' | 'RUNNING' | 'BACKOFF' | 'STOPPING' | 'EXITED' | 'FATAL';

export const ADAPTER_STATES: readonly AdapterState[] = ['STOPPED', 'STARTING', 'RUNNING', 'BACKOFF', 'STOPPING', 'EXITED', 'FATAL'];
