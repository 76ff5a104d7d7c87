// The demo's workload: the paper's streaming profile, listeners that follow it through the
// dispatcher, and a source client for a real icecast2. Everything here stays on 127.0.0.0/8.
export { streamProfile, mixSeed, PAPER_STREAM_WORKLOAD, type StreamProfile, type StreamProfileOptions, type StreamNoiseOptions, type StreamPhase } from './stream-profile.js';
export { driveProfile, type ProfileDrive, type ProfileDriverOptions, type TargetSink } from './profile-driver.js';
export { ListenerPool, type ListenerPoolOptions, type ListenerPoolCounts, type ListenerPoolEvents } from './listener-pool.js';
export { IcecastSource, type IcecastSourceOptions } from './icecast-source.js';
export { isLoopbackLiteral, parseLoopbackUrl, type LoopbackUrl } from './loopback.js';
export { WorkloadOptionsError, NotLoopbackError } from './workload-errors.js';
