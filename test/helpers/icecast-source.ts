// The tests feed icecast2 with the same source client the demo uses.
export { IcecastSource, type IcecastSourceOptions as SourceOptions } from '@lama/testkit/workload';
