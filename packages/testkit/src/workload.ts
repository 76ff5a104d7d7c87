// The demo's workload parts that system tests drive real servers with (icecast2's source client).
export { IcecastSource, type IcecastSourceOptions } from '@lama/cli/workload';
